import {Flags} from 'zmgr'
import {
  diagnosticToJson,
  dryRunFlag,
  formatCommand,
  formatPlan,
  formatReport,
  inputError,
  nameArg,
  nameFlag,
  pickRenderer,
  pipelineError,
  runPipeline,
  templateKind,
  toDiagnostic,
  withZoneLock,
  ZmgrCommand,
  ZmgrError,
  zoneKind,
} from 'zmgr'
import {type CreateSpec, prepareCreate} from '../../create-spec.js'
import {createSteps, settleFailedCreate} from '../../create-steps.js'
import {preflight} from '../../preflight.js'

/** A --address NET=IP value, split as oclif reads the flag: anything else is zmgr::usage::address, exit 2. */
const addressFlag = Flags.custom({
  parse: async (value: string) => {
    const match = /^([^=]+)=(.+)$/.exec(value)
    if (!match)
      throw inputError('zmgr::usage::address', `--address ${JSON.stringify(value)} is not NET=IP`, {
        help: 'e.g. --address public=192.0.2.120',
      })
    return {net: match[1], address: match[2]}
  },
})

/** The addresses by net; a dual-stack net may be given twice, once per family (checked when the requests are built). */
function addressesByNet(values: Array<{net: string; address: string}> = []): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const {net, address} of values) out[net] = [...(out[net] ?? []), address]
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
    // gateway: the defrouter the net gets, i.e. only on the net carrying that family's default route.
    addresses: spec.allocations.map(({net, pool, cidr, gateway, vlan, family}) => ({
      net,
      pool,
      address: cidr.split('/')[0],
      prefix: Number(cidr.split('/')[1]),
      gateway: spec.defaultRoutes.get(family) === net ? (gateway ?? null) : null,
      vlan: vlan ?? null,
    })),
    vnics: spec.nets.flatMap((net) =>
      net.vnic ? [{net: net.name, vnic: net.vnic, over: net.over, vlan: net.vlan ?? null}] : [],
    ),
  }
}

export default class ZonesCreate extends ZmgrCommand<typeof ZonesCreate> {
  static override summary =
    'Create a zone from a template: addresses, VNICs, configuration, install, publishers, registry entry, boot.'
  static override aliases = ['create']
  static override examples = [
    '<%= config.bin %> zones create web01',
    '<%= config.bin %> zones create db-primary --template oi --address public=192.0.2.120 --no-boot',
    '<%= config.bin %> create web02 --dry-run',
  ]
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}
  static override flags = {
    template: nameFlag(templateKind)({
      char: 't',
      summary: 'Template to create the zone from (default: default-template in config.kdl).',
    }),
    address: addressFlag({
      summary: 'Take this address for a net instead of the next free one (NET=IP, repeatable).',
      multiple: true,
    }),
    boot: Flags.boolean({
      summary: 'Boot the zone when the template says autoboot (--no-boot: leave it installed).',
      allowNo: true,
      default: true,
    }),
    rollback: Flags.boolean({summary: 'On failure, run the undo commands instead of only printing them.'}),
    'dry-run': dryRunFlag,
  }

  async run() {
    // The zone's lock is held from the name check to the last write: one writer per zone.
    return withZoneLock(this.registry, this.args.name, 'create', () => this.create(), {dryRun: this.flags['dry-run']})
  }

  private async create() {
    const {flags} = this
    const runner = this.systemRunner()
    const spec = await prepareCreate(
      {zone: this.args.name, template: flags.template, addresses: addressesByNet(flags.address), boot: flags.boot},
      this.registry,
      runner,
      this.config,
    )
    for (const warning of spec.warnings) this.report(warning)
    // Before an address is taken or a command runs; a dry run shows the same findings with its plan.
    const findings = await preflight(spec, this.registry, runner)
    // What was read from the host to plan and check the create (shown in the --dry-run --json plan).
    const hostReads = runner.history.map((result) => formatCommand(result.argv))
    for (const warning of findings.filter((finding) => finding.severity === 'warning')) this.report(warning)
    const blockers = findings.filter((finding) => finding.severity === 'error')
    if (blockers.length > 0 && !flags['dry-run']) throw ZmgrError.fromDiagnostics(blockers, 1)
    const {plan, report} = await runPipeline({
      config: this.config,
      operation: 'create',
      zone: spec.zone,
      root: this.registry.root,
      steps: createSteps(spec, this.registry),
      details: {...details(spec), preflight: {commands: hostReads, findings: findings.map(diagnosticToJson)}},
      runner,
      dryRun: flags['dry-run'],
      rollback: flags.rollback,
      renderer: pickRenderer(this.jsonEnabled()),
    })
    if (flags['dry-run']) {
      this.log(formatPlan(plan))
      if (blockers.length > 0) throw ZmgrError.fromDiagnostics(blockers, 1)
      return plan
    }
    if (!report.ok) {
      // Settling the entry can fail too (a read-only root); the report of the first failure is printed regardless.
      const settled = await settleFailedCreate(spec, this.registry, report).catch(
        (error: unknown) =>
          `could not settle ${spec.registryFile}: ${toDiagnostic(error).diagnostic.message}; it stays marked as being created until \`zmgr zones destroy ${spec.zone}\` removes what is left`,
      )
      if (!this.jsonEnabled()) process.stderr.write(`${formatReport(report)}${settled ? `\n\n${settled}` : ''}\n\n`)
      throw pipelineError(report)
    }
    this.log(
      `zone ${spec.zone} created (${spec.brand.name}, ${spec.boot ? 'running' : 'installed'})${spec.allocations.length > 0 ? `: ${spec.allocations.map((a) => `${a.net} ${a.cidr}`).join(', ')}` : ''}`,
    )
    return {name: spec.zone, ...details(spec), report}
  }
}
