import type {Entry, Node} from '@bgotink/kdl'
import type {Diagnostic, Severity} from '../errors.js'
import type {KdlSource} from './source.js'

export type KdlScalar = string | number | boolean | null
export type ValueType = 'string' | 'number' | 'integer' | 'boolean'

const typeName: Record<ValueType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (#true or #false)',
}

function hasType(value: KdlScalar, type: ValueType): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value)
  return typeof value === type
}

function describe(value: KdlScalar): string {
  return value === null ? '#null' : typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/**
 * Collects the diagnostics of one file while typed values are read out of it.
 * Readers never throw: every problem is recorded with its place, so `validate`
 * can report all of them at once.
 */
export class KdlReadContext {
  readonly diagnostics: Diagnostic[] = []

  constructor(
    readonly source: KdlSource,
    readonly kind: string,
  ) {}

  report(
    code: string,
    message: string,
    at: Node | Entry | undefined,
    help?: string,
    severity: Severity = 'error',
  ): void {
    this.diagnostics.push({code, severity, message, help, location: this.source.locate(at)})
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error')
  }

  view(node: Node): NodeView {
    return new NodeView(node, this)
  }
}

/** Typed access to one KDL node, reporting schema errors into its context. */
export class NodeView {
  constructor(
    readonly node: Node,
    readonly ctx: KdlReadContext,
  ) {}

  get name(): string {
    return this.node.getName()
  }

  get location() {
    return this.ctx.source.locate(this.node)
  }

  /** The i-th argument, checked against a type; reports when missing (if required) or mistyped. */
  arg(index: number, type: 'string', required?: boolean): string | undefined
  arg(index: number, type: 'number' | 'integer', required?: boolean): number | undefined
  arg(index: number, type: 'boolean', required?: boolean): boolean | undefined
  arg(index: number, type: ValueType, required = true): string | number | boolean | undefined {
    const entry = this.node.getArgumentEntry(index)
    if (!entry) {
      if (required)
        this.ctx.report(
          'zmgr::schema::missing-value',
          `\`${this.name}\` needs ${index === 0 ? 'a value' : `a value at position ${index + 1}`} (${typeName[type]})`,
          this.node,
          `write it as: ${this.name} <value>`,
        )
      return undefined
    }
    return this.checked(entry, type)
  }

  /** Every argument, each checked against the type. */
  args(type: 'string'): string[]
  args(type: 'number' | 'integer'): number[]
  args(type: ValueType): Array<string | number | boolean> {
    return this.node.getArgumentEntries().flatMap((entry) => {
      const value = this.checked(entry, type)
      return value === undefined ? [] : [value]
    })
  }

  prop(name: string, type: 'string', required?: boolean): string | undefined
  prop(name: string, type: 'number' | 'integer', required?: boolean): number | undefined
  prop(name: string, type: 'boolean', required?: boolean): boolean | undefined
  prop(name: string, type: ValueType, required = false): string | number | boolean | undefined {
    const entry = this.node.getPropertyEntry(name)
    if (!entry) {
      if (required)
        this.ctx.report(
          'zmgr::schema::missing-property',
          `\`${this.name}\` needs the property ${name}=`,
          this.node,
          `add ${name}=<value> to this line`,
        )
      return undefined
    }
    return this.checked(entry, type)
  }

  entry(nameOrIndex: string | number): Entry | undefined {
    return typeof nameOrIndex === 'number'
      ? this.node.getArgumentEntry(nameOrIndex)
      : this.node.getPropertyEntry(nameOrIndex)
  }

  /** Reports properties and surplus arguments this node does not take. */
  expect(options: {props?: readonly string[]; maxArgs?: number}): void {
    const allowed = new Set(options.props ?? [])
    for (const entry of this.node.getPropertyEntries()) {
      const name = entry.getName()!
      if (!allowed.has(name)) {
        const known = [...allowed]
        this.ctx.report(
          'zmgr::schema::unknown-property',
          `\`${this.name}\` has no property \`${name}\``,
          entry,
          known.length > 0 ? `known properties: ${known.join(', ')}` : `\`${this.name}\` takes no properties`,
        )
      }
    }
    if (options.maxArgs !== undefined) {
      const surplus = this.node.getArgumentEntries().slice(options.maxArgs)
      for (const entry of surplus)
        this.ctx.report(
          'zmgr::schema::unexpected-value',
          `\`${this.name}\` takes ${options.maxArgs === 0 ? 'no values' : `at most ${options.maxArgs} value${options.maxArgs === 1 ? '' : 's'}`}`,
          entry,
          'remove the extra value',
        )
    }
  }

  children(): NodeView[] {
    return (this.node.children?.nodes ?? []).map((child) => new NodeView(child, this.ctx))
  }

  report(code: string, message: string, help?: string, at?: Node | Entry, severity: Severity = 'error'): void {
    this.ctx.report(code, message, at ?? this.node, help, severity)
  }

  private checked(entry: Entry, type: ValueType): string | number | boolean | undefined {
    const value = entry.getValue() as KdlScalar
    if (hasType(value, type)) return value as string | number | boolean
    this.ctx.report(
      'zmgr::schema::wrong-type',
      `\`${this.name}${entry.isProperty() ? ` ${entry.getName()}=` : ''}\` must be ${typeName[type]}, found ${describe(value)}`,
      entry,
      type === 'boolean'
        ? 'KDL v2 writes booleans as #true or #false'
        : type === 'string'
          ? 'put the value in double quotes'
          : undefined,
    )
    return undefined
  }
}

/**
 * Dispatches the children of a node to handlers by name: unknown names are
 * reported (or kept, for files that carry configuration zmgr does not model),
 * names meant to appear once are checked for repeats.
 */
export interface ChildrenOptions {
  once?: readonly string[]
  required?: readonly string[]
  allowUnknown?: boolean
}

type Handlers = Record<string, (child: NodeView) => void>

export function readChildren(parent: NodeView, handlers: Handlers, options: ChildrenOptions = {}): void {
  readNodes(parent.children(), parent, handlers, options)
}

/** The same for a document's top-level nodes (config.kdl has no enclosing node). */
export function readTopLevel(
  ctx: KdlReadContext,
  owner: string,
  handlers: Handlers,
  options: ChildrenOptions = {},
): void {
  const nodes = ctx.source.document.nodes.map((node) => ctx.view(node))
  readNodes(
    nodes,
    {name: owner, report: (code, message, help) => ctx.report(code, message, undefined, help)},
    handlers,
    options,
  )
}

function readNodes(
  nodes: NodeView[],
  parent: Pick<NodeView, 'name' | 'report'>,
  handlers: Handlers,
  options: ChildrenOptions,
): void {
  const seen = new Map<string, NodeView>()
  const once = new Set(options.once ?? [])
  for (const child of nodes) {
    const handler = handlers[child.name]
    if (!handler) {
      if (!options.allowUnknown) {
        child.report(
          'zmgr::schema::unknown-node',
          `\`${parent.name}\` has no setting \`${child.name}\``,
          `known settings: ${Object.keys(handlers).join(', ')}`,
        )
      }
      continue
    }
    if (once.has(child.name) && seen.has(child.name)) {
      child.report(
        'zmgr::schema::duplicate',
        `\`${child.name}\` is given twice in \`${parent.name}\``,
        `keep one \`${child.name}\` line (the first is on line ${seen.get(child.name)!.location.line})`,
      )
      continue
    }
    seen.set(child.name, child)
    handler(child)
  }
  for (const name of options.required ?? []) {
    if (!seen.has(name))
      parent.report(
        'zmgr::schema::missing-node',
        `\`${parent.name}\` needs a \`${name}\` setting`,
        `add a line \`${name} ...\` inside the braces`,
      )
  }
}
