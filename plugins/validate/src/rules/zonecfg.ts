import type {Diagnostic, RegistrySnapshot, ValidationRule} from 'zmgr'
import {registryZonecfgProblems, templateZonecfgProblems} from 'zmgr'

/** What zonecfg would refuse in the command file `zones create` writes: the same checks create runs before it starts. */
export const zonecfgRule: ValidationRule = {
  id: 'zonecfg',
  summary: 'Template values can be written to zonecfg and are ones it accepts (limits, sizes, raw zonecfg lines).',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    return [
      ...snapshot.templates.flatMap(templateZonecfgProblems),
      ...registryZonecfgProblems(snapshot.config, snapshot.pools),
    ]
  },
}
