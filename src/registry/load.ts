import {readdir} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {ZmgrError} from '../errors.js'
import {KdlReadContext, type NodeView} from '../kdl/reader.js'
import {type KdlSource, parseKdl} from '../kdl/source.js'

/** Where a loaded item came from: its file, parsed, for pointing at lines and for rewriting. */
export interface Sourced {
  file: string
  source: KdlSource
}

/** How one kind of registry file is read: `templates/NAME.kdl` holds one `template "NAME" {...}`. */
export interface FileKind<T> {
  kind: string
  folder: string
  node: string
  read(view: NodeView, name: string, source: KdlSource): T
}

export interface LoadResult<T> {
  value?: T & Sourced
  diagnostics: Diagnostic[]
}

/** Read one registry item from parsed text; every problem is a located diagnostic. */
export function readItem<T>(spec: FileKind<T>, file: string, text: string): LoadResult<T> {
  const parsed = parseKdl(file, text, spec.kind)
  if (!parsed.source) return parsed
  const source = parsed.source
  const ctx = new KdlReadContext(source, spec.kind)
  const nodes = source.document.nodes
  const top = nodes.filter((node) => node.getName() === spec.node)
  for (const node of nodes) {
    if (node.getName() !== spec.node) ctx.report('zmgr::schema::unknown-node', `a ${spec.kind} file holds one \`${spec.node}\` node, not \`${node.getName()}\``, node, `move \`${node.getName()}\` inside the ${spec.node} block, or remove it`)
  }
  if (top.length !== 1) {
    ctx.report(top.length === 0 ? 'zmgr::schema::missing-node' : 'zmgr::schema::duplicate', top.length === 0 ? `no \`${spec.node} "NAME" { ... }\` node in this file` : `this file holds ${top.length} \`${spec.node}\` nodes`, top[1], `one file holds exactly one ${spec.node}; its name is the file name`)
    return {diagnostics: ctx.diagnostics}
  }
  const view = ctx.view(top[0])
  const expected = basename(file, '.kdl')
  const name = view.arg(0, 'string') ?? expected
  if (name !== expected) view.report('zmgr::schema::name-mismatch', `the ${spec.kind} is named ${JSON.stringify(name)} but its file is ${basename(file)}`, `rename the file to ${name}.kdl or the ${spec.kind} to ${JSON.stringify(expected)}`, view.entry(0))
  view.expect({maxArgs: 1})
  const value = spec.read(view, name, source)
  return {value: ctx.failed ? undefined : {...value, file, source}, diagnostics: ctx.diagnostics}
}

/** Throw the diagnostics of a failed load as one input error (exit 2). */
export function valueOrThrow<T>(result: LoadResult<T>): T & Sourced {
  if (result.value) return result.value
  throw ZmgrError.fromDiagnostics(result.diagnostics.filter((d) => d.severity === 'error'))
}

/** The `*.kdl` files of a registry folder, sorted by name; a missing folder is empty. */
export async function listKdlFiles(folder: string): Promise<string[]> {
  try {
    const names = await readdir(folder)
    return names.filter((name) => name.endsWith('.kdl') && !name.startsWith('.')).sort().map((name) => join(folder, name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
