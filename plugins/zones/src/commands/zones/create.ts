import {Args, Flags} from 'zmgr'
import {dryRunFlag, formatPlan, formatReport, inputError, pickRenderer, pipelineError, runPipeline, SystemRunner, ZmgrCommand} from 'zmgr'
import {type CreateSpec, prepareCreate} from '../../create-spec.js'
import {createSteps, settleFailedCreate} from '../../create-steps.js'

function parseAddresses(values: string[] = []): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const match = value.match(/^([^=]+)=(.+)$/)
    if (!match) throw inputError('zmgr::usage::address', `--address ${JSON.stringify(value)} is not NET=IP`, {help: 'e.g. --address public=192.0.2.120'})
    if (match[1] in out) throw inputError('zmgr::usage::address', `--address gives net ${JSON.stringify(match[1])} twice`, {help: 'give each net one address'})
    out[match[1]] = match[2]
  }
  return out
}

function details(spec: CreateSpec) {
  return {
    template: spec.template.name,
    brand: spec.brand.name,
    zonepath: spec.zonepath,
    ipType: spec.template.ipType,
    boot: spec.boot,
    registryFile: spec.registryFile,
    zonecfgFile: spec.zonecfgFile,
    addresses: spec.allocations.map(({net, pool, cidr, gateway, vlan}) => ({net, pool, address: cidr, gateway: gateway ?? null, vlan: vlan ?? null})),
    vnics: spec.nets.flatMap((net) => (net.vnic ? [{net: net.name, vnic: net.vnic, over: net.over, vlan: net.vlan ?? null}] : [])),
  }
}

export default class ZonesCreate extends ZmgrCommand<typeof ZonesCreate> {
  static override summary = 'Create a zone from a template: addresses, VNICs, configuration, install, publishers, registry entry, boot.'
  static override aliases = ['create']
  static override examples = [
    '<%= config.bin %> zones create web01',
    '<%= config.bin %> zones create db-primary --template oi --address public=192.0.2.120 --no-boot',
    '<%= config.bin %> create web02 --dry-run',
  ]
  static override args = {name: Args.string({description: 'zone name', required: true})}
  static override flags = {
    template: Flags.string({char: 't', summary: 'Template to create the zone from (default: default-template in config.kdl).'}),
    address: Flags.string({summary: 'Take this address for a net instead of the next free one (NET=IP, repeatable).', multiple: true}),
    boot: Flags.boolean({summary: 'Boot the zone when the template says autoboot (--no-boot: leave it installed).', allowNo: true, default: true}),
    rollback: Flags.boolean({summary: 'On failure, run the undo commands instead of only printing them.'}),
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const runner = new SystemRunner()
    const spec = await prepareCreate({zone: this.args.name, template: flags.template, addresses: parseAddresses(flags.address), boot: flags.boot}, this.registry, runner, this.config)
    for (const warning of spec.warnings) this.report(warning)
    const {plan, report} = await runPipeline({
      config: this.config,
      operation: 'create',
      zone: spec.zone,
      root: this.registry.root,
      steps: createSteps(spec, this.registry),
      details: details(spec),
      runner,
      dryRun: flags['dry-run'],
      rollback: flags.rollback,
      renderer: pickRenderer(this.jsonEnabled()),
    })
    if (flags['dry-run']) {
      this.log(formatPlan(plan))
      return plan
    }
    if (!report.ok) {
      const settled = await settleFailedCreate(spec, this.registry, report)
      if (!this.jsonEnabled()) process.stderr.write(`${formatReport(report)}${settled ? `\n\n${settled}` : ''}\n\n`)
      throw pipelineError(report)
    }
    this.log(`zone ${spec.zone} created (${spec.brand.name}, ${spec.boot ? 'running' : 'installed'})${spec.allocations.length > 0 ? `: ${spec.allocations.map((a) => `${a.net} ${a.cidr}`).join(', ')}` : ''}`)
    return {zone: spec.zone, ...details(spec), report}
  }
}
