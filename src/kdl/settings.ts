import {Document, type Node} from '@bgotink/kdl'
import type {Diagnostic} from '../errors.js'
import type {GlobalConfig} from '../registry/config.js'
import {KdlReadContext, type NodeView} from './reader.js'
import {KdlSource} from './source.js'

type SettingType = 'string' | 'number' | 'integer' | 'boolean'

/**
 * Typed, read-only access to a block of settings zmgr does not model itself: a
 * template's `brand-options { ... }` or a plugin's `plugin "<name>" { ... }` in
 * config.kdl. Each setting is a child `name value`. Problems (a wrong type, a
 * missing required setting) are collected as located diagnostics, never thrown,
 * so a validation rule can return them as they are.
 */
export class KdlSettings {
  /** Values read so far, so that reading a setting twice reports its problem once. */
  private readonly reads = new Map<string, unknown>()

  private constructor(
    private readonly block: NodeView | undefined,
    private readonly ctx: KdlReadContext,
  ) {}

  /** The settings of `node` (undefined: an empty block), located in `source` when the node came from a file. */
  static of(node: Node | undefined, source?: KdlSource): KdlSettings {
    const ctx = new KdlReadContext(source ?? new KdlSource('<settings>', '', new Document()), 'settings')
    return new KdlSettings(node && ctx.view(node), ctx)
  }

  /** Problems found by the reads so far, each with its file, line and column. */
  get diagnostics(): readonly Diagnostic[] {
    return this.ctx.diagnostics
  }

  /** Whether the block is written at all. */
  get present(): boolean {
    return this.block !== undefined
  }

  /** The names of the settings, in file order. */
  names(): string[] {
    return this.block?.children().map((child) => child.name) ?? []
  }

  has(name: string): boolean {
    return this.child(name) !== undefined
  }

  string(name: string, options: {required?: boolean} = {}): string | undefined {
    return this.value(name, 'string', options.required) as string | undefined
  }

  number(name: string, options: {required?: boolean} = {}): number | undefined {
    return this.value(name, 'number', options.required) as number | undefined
  }

  integer(name: string, options: {required?: boolean} = {}): number | undefined {
    return this.value(name, 'integer', options.required) as number | undefined
  }

  boolean(name: string, options: {required?: boolean} = {}): boolean | undefined {
    return this.value(name, 'boolean', options.required) as boolean | undefined
  }

  /** Every value of `name` (`packages "a" "b"`), each a string. */
  strings(name: string): string[] {
    return this.once(`${name}:strings`, () => this.child(name)?.args('string') ?? [])
  }

  /** A nested block (`disk { size "20G" }`); empty when not written. */
  section(name: string): KdlSettings {
    return new KdlSettings(this.child(name), this.ctx)
  }

  /** Records a problem of the plugin's own, at the setting `at` (else at the block). */
  report(code: string, message: string, help?: string, at?: string): void {
    const where = (at === undefined ? undefined : this.child(at)) ?? this.block
    if (where) where.report(code, message, help)
    else this.ctx.report(code, message, undefined, help)
  }

  private child(name: string): NodeView | undefined {
    return this.block?.children().find((child) => child.name === name)
  }

  private once<T>(key: string, read: () => T): T {
    if (!this.reads.has(key)) this.reads.set(key, read())
    return this.reads.get(key) as T
  }

  private value(name: string, type: SettingType, required = false): string | number | boolean | undefined {
    return this.once(`${name}:${type}:${required}`, () => {
      const child = this.child(name)
      if (!child) {
        if (required)
          this.report(
            'zmgr::settings::missing',
            `\`${this.block?.name ?? 'settings'}\` needs a \`${name}\` setting`,
            `add a line \`${name} <value>\` inside the braces`,
          )
        return undefined
      }
      child.expect({maxArgs: 1})
      return (child.arg as (index: number, type: SettingType) => string | number | boolean | undefined)(0, type)
    })
  }
}

/** A template's `brand-options { ... }`, read by the brand's plugin. */
export function brandOptions(template: {brandOptions?: Node; source?: KdlSource}): KdlSettings {
  return KdlSettings.of(template.brandOptions, template.source)
}

/**
 * A plugin's own settings: the `plugin "<package name>" { ... }` block of
 * config.kdl (empty when there is none). In a command, `this.registry.pluginSettings(name)`;
 * in a validation rule, `pluginSettings(snapshot.config, name)`.
 */
export function pluginSettings(config: GlobalConfig | undefined, plugin: string): KdlSettings {
  return KdlSettings.of(config?.plugins.get(plugin), config?.source)
}

/** Warnings for `plugin` blocks of config.kdl that name no installed plugin (a typo, or a plugin removed). */
export function unknownPluginSettings(config: GlobalConfig | undefined, installed: readonly string[]): Diagnostic[] {
  if (!config?.source) return []
  const ctx = new KdlReadContext(config.source, 'config')
  for (const [name, node] of config.plugins)
    if (!installed.includes(name))
      ctx.report(
        'zmgr::config::unknown-plugin',
        `config.kdl has settings for the plugin ${JSON.stringify(name)}, which is not installed`,
        node,
        `installed plugins: ${installed.join(', ') || '(none)'}; fix the name or remove the block`,
        'warning',
      )
  return ctx.diagnostics
}
