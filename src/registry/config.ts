import type {Node} from '@bgotink/kdl'
import {KdlReadContext, type NodeView, readTopLevel} from '../kdl/reader.js'
import type {KdlSource} from '../kdl/source.js'
import {parseKdl} from '../kdl/source.js'
import type {Diagnostic} from '../errors.js'
import {DEFAULT_COMMAND_TIMEOUT} from '../system/runner.js'

export const DEFAULT_ZONEPATH_ROOT = '/zones'
export const DEFAULT_VNIC_PATTERN = '{zone}_{index}'

/** config.kdl: global settings. Every setting is optional. */
export interface GlobalConfig {
  defaultTemplate?: string
  /** zonepath = <zonepathRoot>/<zone name> */
  zonepathRoot: string
  /** VNIC name pattern: {zone}, {index}, {net}; adapted to a valid datalink name. */
  vnicName: string
  /** Seconds a system command may run before zmgr stops it (0: no limit); ZMGR_COMMAND_TIMEOUT overrides it. */
  commandTimeout: number
  /** How long to wait for a lock another zmgr holds (ms); see Registry.lockTimeoutMs. */
  lockTimeoutMs?: number
  file?: string
  source?: KdlSource
  /** Plugins' own settings: `plugin "<package name>" { ... }` blocks, read through pluginSettings(). */
  plugins: Map<string, Node>
  /** Where each setting stands, for diagnostics that point at config.kdl. */
  nodes: Partial<Record<'default-template' | 'zonepath-root' | 'vnic-name' | 'command-timeout' | 'lock-timeout', Node>>
}

export function defaultConfig(): GlobalConfig {
  return {
    zonepathRoot: DEFAULT_ZONEPATH_ROOT,
    vnicName: DEFAULT_VNIC_PATTERN,
    commandTimeout: DEFAULT_COMMAND_TIMEOUT,
    plugins: new Map(),
    nodes: {},
  }
}

/** A timeout setting's value: whole seconds, 0 or more (what ZMGR_COMMAND_TIMEOUT and ZMGR_LOCK_TIMEOUT take too). */
function wholeSeconds(view: NodeView, example: string): number | undefined {
  view.expect({maxArgs: 1})
  const seconds = view.arg(0, 'number')
  if (seconds === undefined || (Number.isInteger(seconds) && seconds >= 0)) return seconds
  view.report(
    `zmgr::config::${view.name}`,
    `${view.name} must be a whole number of seconds (0 or more), not ${seconds}`,
    example,
    view.entry(0),
  )
  return undefined
}

export function readConfig(file: string, text: string): {value?: GlobalConfig; diagnostics: Diagnostic[]} {
  const parsed = parseKdl(file, text, 'config')
  if (!parsed.source) return parsed
  const ctx = new KdlReadContext(parsed.source, 'config')
  const config: GlobalConfig = {...defaultConfig(), file, source: parsed.source}
  readTopLevel(
    ctx,
    'config.kdl',
    {
      'default-template'(view) {
        view.expect({maxArgs: 1})
        config.defaultTemplate = view.arg(0, 'string')
        config.nodes['default-template'] = view.node
      },
      'zonepath-root'(view) {
        view.expect({maxArgs: 1})
        const path = view.arg(0, 'string')
        if (path !== undefined && !path.startsWith('/'))
          view.report(
            'zmgr::config::relative-path',
            `zonepath-root must be an absolute path, not ${JSON.stringify(path)}`,
            'write it as "/zones"',
            view.entry(0),
          )
        else if (path === '/')
          view.report(
            'zmgr::config::root-zonepath',
            'zonepath-root cannot be "/"',
            'zones need their own directory, e.g. "/zones"',
            view.entry(0),
          )
        else if (path !== undefined) config.zonepathRoot = path.replace(/\/+$/, '')
        config.nodes['zonepath-root'] = view.node
      },
      'vnic-name'(view) {
        view.expect({maxArgs: 1})
        const pattern = view.arg(0, 'string')
        if (pattern !== undefined && !pattern.includes('{zone}'))
          view.report(
            'zmgr::config::vnic-pattern',
            'vnic-name must contain {zone}',
            'e.g. "{zone}_{index}"; zmgr makes the result a valid datalink name',
            view.entry(0),
          )
        else if (pattern !== undefined) config.vnicName = pattern
        config.nodes['vnic-name'] = view.node
      },
      'command-timeout'(view) {
        const seconds = wholeSeconds(
          view,
          'e.g. command-timeout 3600 (an hour: installs take minutes); 0 turns the limit off',
        )
        if (seconds !== undefined) config.commandTimeout = seconds
        config.nodes['command-timeout'] = view.node
      },
      'lock-timeout'(view) {
        const seconds = wholeSeconds(view, 'e.g. lock-timeout 300 (wait up to five minutes for another zmgr)')
        if (seconds !== undefined) config.lockTimeoutMs = seconds * 1000
        config.nodes['lock-timeout'] = view.node
      },
      plugin(view) {
        view.expect({maxArgs: 1})
        const name = view.arg(0, 'string')
        if (name === undefined) return
        const first = config.plugins.get(name)
        if (first)
          view.report(
            'zmgr::schema::duplicate',
            `the settings of plugin ${JSON.stringify(name)} are given twice`,
            `keep one \`plugin ${JSON.stringify(name)}\` block (the first is on line ${ctx.source.locate(first).line})`,
          )
        else config.plugins.set(name, view.node)
      },
    },
    {once: ['default-template', 'zonepath-root', 'vnic-name', 'command-timeout', 'lock-timeout']},
  )
  return {value: ctx.failed ? undefined : config, diagnostics: ctx.diagnostics}
}
