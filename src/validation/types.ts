import type {Diagnostic} from '../errors.js'
import type {Brand} from '../brands.js'
import type {GlobalConfig} from '../registry/config.js'
import type {Loaded} from '../registry/registry.js'
import type {Pool} from '../registry/pool.js'
import type {Publisher} from '../registry/publisher.js'
import type {Template} from '../registry/template.js'
import type {ZoneEntry} from '../registry/zone.js'

/** Everything under the root that parsed, for rules to check; files that did not parse are already reported. */
export interface RegistrySnapshot {
  root: string
  config?: GlobalConfig
  templates: Loaded<Template>[]
  pools: Loaded<Pool>[]
  zones: Loaded<ZoneEntry>[]
  publishers: Loaded<Publisher>[]
  brands: Map<string, Brand>
}

/**
 * A validation rule, contributed through the `zmgr:validation-rules` hook.
 * The built-in checks of `zmgr validate` are rules too.
 */
export interface ValidationRule {
  id: string
  summary: string
  check(snapshot: RegistrySnapshot): Diagnostic[] | Promise<Diagnostic[]>
}
