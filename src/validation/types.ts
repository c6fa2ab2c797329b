import type {Diagnostic} from '../errors.js'
import type {Brand} from '../brands.js'
import type {GlobalConfig} from '../registry/config.js'
import type {Loaded} from '../registry/registry.js'
import type {Pool} from '../registry/pool.js'
import type {Publisher} from '../registry/publisher.js'
import type {Template} from '../registry/template.js'
import type {ZoneEntry} from '../registry/zone.js'
import type {SystemSnapshot} from './system.js'

/** Everything under the root that parsed, for rules to check; files that did not parse are already reported. */
export interface RegistrySnapshot {
  root: string
  /** Undefined when config.kdl did not parse (its diagnostics are reported); defaults when there is no config.kdl. */
  config?: GlobalConfig
  templates: Loaded<Template>[]
  pools: Loaded<Pool>[]
  zones: Loaded<ZoneEntry>[]
  publishers: Loaded<Publisher>[]
  brands: Map<string, Brand>
  /**
   * Names of files that exist but did not parse (their problems are reported
   * already): a reference to one is not "unknown", so rules skip it.
   */
  broken: Record<'templates' | 'pools' | 'zones' | 'publishers', ReadonlySet<string>>
  /** What the live host has, when validation compares with it (`zmgr validate --system`). */
  system?: SystemSnapshot
}

/**
 * A validation rule, contributed through the `zmgr:validation-rules` hook.
 * The built-in checks of `zmgr validate` are rules too. A rule reports every
 * problem it finds, each located at the offending node or entry; it never throws
 * for a problem in the registry (a throw is reported as zmgr::validate::rule-failed).
 */
export interface ValidationRule {
  id: string
  summary: string
  check(snapshot: RegistrySnapshot): Diagnostic[] | Promise<Diagnostic[]>
}
