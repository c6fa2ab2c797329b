import {
  brandProblems,
  datasetProblems,
  type Diagnostic,
  fsProblems,
  hostFacts,
  linkProblems,
  privilegeProblems,
  type Registry,
  type SystemRunner,
  type ZoneTool,
  zonepathProblems,
} from 'zmgr'
import type {CreateSpec} from './create-spec.js'

/**
 * What the host must offer before `zones create` allocates an address or runs
 * a command: the privileges for every tool the pipeline runs, the brand, each
 * net's link, a zonepath dataset, delegated datasets and fs specials, and free
 * VNIC names and zonepath. Each finding is a diagnostic whose help says how to
 * fix it; warnings do not stop the create.
 */
export async function preflight(spec: CreateSpec, registry: Registry, runner: SystemRunner): Promise<Diagnostic[]> {
  const facts = hostFacts(runner)
  const template = spec.template
  const tools: ZoneTool[] = ['zoneadm', 'zonecfg']
  if (spec.nets.some((net) => net.vnic)) tools.push('dladm')
  if (spec.publishers.length > 0) tools.push('pkg')
  const [user, links, zones, config] = await Promise.all([
    facts.user(),
    facts.links(),
    facts.zones(),
    registry.config(),
  ])
  const found = await Promise.all([
    privilegeProblems(user, tools),
    brandProblems(facts, spec.brand.name, template),
    ...spec.nets.map((net) =>
      linkProblems(facts, net.over, {template, net: net.name, shared: template.ipType === 'shared'}),
    ),
    zonepathProblems(facts, config, spec.zone).then((result) => result.problems),
    datasetProblems(facts, template.datasets, template),
    fsProblems(facts, template.fs, template),
  ])
  const problems = found.flat()
  for (const net of spec.nets) {
    if (net.vnic && links.some((link) => link.link === net.vnic)) {
      problems.push({
        code: 'zmgr::host::vnic-exists',
        severity: 'error',
        message: `a link named ${net.vnic} (net ${JSON.stringify(net.name)}) already exists on this host`,
        help: `delete it if nothing uses it (dladm delete-vnic ${net.vnic}), or change vnic-name in config.kdl`,
      })
    }
  }
  const sharing = zones.find((zone) => zone.zonepath === spec.zonepath)
  if (sharing) {
    problems.push({
      code: 'zmgr::host::zonepath-in-use',
      severity: 'error',
      message: `zonepath ${spec.zonepath} is already the zonepath of zone ${sharing.name} (${sharing.state})`,
      help: `destroy or move that zone first (zoneadm -z ${sharing.name} move PATH), or change zonepath-root`,
    })
  }
  return problems
}
