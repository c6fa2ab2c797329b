import {
  confirmByTyping,
  dryRunFlag,
  formatPlan,
  formatReport,
  nameArg,
  pickRenderer,
  pipelineError,
  runPipeline,
  withZoneLock,
  yesFlag,
  ZmgrCommand,
  zoneKind,
} from 'zmgr'
import {destroySteps, prepareDestroy} from '../../destroy-steps.js'

export default class ZonesDestroy extends ZmgrCommand<typeof ZonesDestroy> {
  static override summary =
    'Destroy a zone: halt, uninstall, delete its configuration and VNICs, remove its registry entry (freeing its addresses).'
  static override description =
    'Asks you to type the zone name unless --yes is given; without a terminal, --yes is required. Parts that are already gone (a half-made zone) are skipped and reported.'
  static override aliases = ['destroy']
  static override examples = [
    '<%= config.bin %> zones destroy web01',
    '<%= config.bin %> destroy web01 --yes',
    '<%= config.bin %> zones destroy web01 --dry-run',
  ]
  static override args = {name: nameArg(zoneKind)({description: 'zone name', required: true})}
  static override flags = {yes: yesFlag, 'dry-run': dryRunFlag}

  async run() {
    // Refused while a create of the zone runs; a create that died left its lock to be taken over, and its work to finish.
    return withZoneLock(this.registry, this.args.name, 'destroy', () => this.destroy(), {
      dryRun: this.flags['dry-run'],
      refuseWhileCreating: true,
    })
  }

  private async destroy() {
    const {flags} = this
    const runner = this.systemRunner()
    const target = await prepareDestroy(this.args.name, this.registry, runner)
    const options = {
      config: this.config,
      operation: 'destroy',
      zone: target.zone,
      root: this.registry.root,
      steps: destroySteps(target, this.registry),
      runner,
      details: {state: target.system?.state ?? 'missing', registryFile: target.entry.file},
    }
    if (flags['dry-run']) {
      const {plan} = await runPipeline({...options, dryRun: true})
      this.log(formatPlan(plan))
      return plan
    }
    await confirmByTyping(target.zone, {
      yes: flags.yes,
      action: `destroy zone ${target.zone} (${target.system?.state ?? 'not on the system'}) and free its addresses`,
    })
    const {report} = await runPipeline({...options, renderer: pickRenderer(this.jsonEnabled())})
    if (!report.ok) {
      if (!this.jsonEnabled())
        process.stderr.write(
          `${formatReport(report)}\n\nrun \`zmgr zones destroy ${target.zone}\` again once the cause is fixed: it skips what is already gone\n\n`,
        )
      throw pipelineError(report)
    }
    const skipped = report.steps.filter((step) => step.status === 'skipped')
    this.log(
      `zone ${target.zone} destroyed${skipped.length > 0 ? `; skipped: ${skipped.map((step) => `${step.id} (${step.note})`).join(', ')}` : ''}`,
    )
    return {name: target.zone, report}
  }
}
