import {Flags} from 'zmgr'
import {
  operationError,
  collectRules,
  countDiagnostics,
  diagnosticToJson,
  formatDiagnostic,
  loadBrands,
  runValidation,
  snapshotRegistry,
  snapshotSystem,
  unknownPluginSettings,
  validationSummary,
  ZmgrCommand,
} from 'zmgr'

export default class Validate extends ZmgrCommand<typeof Validate> {
  static override summary = 'Check the whole registry and report every problem at once.'
  static override description =
    `Reads every file under the root (config, templates, pools, zones, publishers) and runs every validation rule of every plugin: KDL syntax, schema, references, pool sanity, duplicate addresses and VNIC names, illumos name rules, pool usage, brand checks. Each problem is shown with its code, file, line and column, and a help line.

With --system the registry is also compared with this host: zones, VNICs, addresses and brands.

Exit status: 0 when there is no error (warnings allowed), 1 when there is one.`
  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate --system',
    '<%= config.bin %> validate --json',
  ]
  static override flags = {
    system: Flags.boolean({
      default: false,
      summary: 'Also compare the registry with the zones, VNICs and zone configurations on this host.',
    }),
  }

  async run() {
    const [brands, {rules, diagnostics: ruleProblems}] = await Promise.all([
      loadBrands(this.config),
      collectRules(this.config),
    ])
    const {snapshot, diagnostics: found, files} = await snapshotRegistry(this.registry, brands)
    if (this.flags.system)
      snapshot.system = await snapshotSystem(
        this.systemRunner(),
        snapshot.zones.map((zone) => zone.name),
      )
    const diagnostics = await runValidation(snapshot, rules, [
      ...found,
      ...ruleProblems,
      ...unknownPluginSettings(snapshot.config, [...this.config.plugins.keys()]),
    ])
    const counts = countDiagnostics(diagnostics)
    if (!this.jsonEnabled() && diagnostics.length > 0)
      process.stderr.write(`${diagnostics.map((d) => formatDiagnostic(d)).join('\n\n')}\n\n`)
    // Zones zmgr only holds the addresses of (VM brands): not problems, but an administrator should see them.
    const held = snapshot.zones
      .filter((zone) => zone.held !== undefined)
      .map((zone) => ({zone: zone.name, reason: zone.held!}))
    if (held.length > 0)
      this.log(
        `held, not managed (addresses kept out of IPAM):\n${held.map((h) => `  ${h.zone}: ${h.reason}`).join('\n')}\n`,
      )
    this.log(validationSummary(counts, files))
    const result = {
      ok: counts.errors === 0,
      ...counts,
      files,
      system: this.flags.system,
      held,
      rules: rules.map(({id, summary, plugin}) => ({id, summary, plugin})),
      diagnostics: diagnostics.map(diagnosticToJson),
    }
    // Validation failing is exit 1 (README, "Exit status"), with the full report already printed; under --json it is the failure document's result.
    if (counts.errors > 0) {
      process.exitCode = 1
      if (this.jsonEnabled())
        this.failWithResult(
          operationError('zmgr::validate::failed', validationSummary(counts, files), {
            help: 'result.diagnostics lists every problem with its file, line and help',
          }),
          result,
        )
    }
    return result
  }
}
