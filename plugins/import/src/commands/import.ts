import {assertItemName, dryRunFlag, nameArg, operationError, pickRenderer, ZmgrCommand, zoneKind} from 'zmgr'
import {importZones} from '../importer.js'
import {renderReport, reportToJson} from '../render.js'

export default class Import extends ZmgrCommand<typeof Import> {
  static override summary = 'Bring existing zones under zmgr management.'
  static override description =
    `Reads every zone on the system (or the NAMEs given) with zoneadm and zonecfg and writes a registry entry for each one that is not registered yet: its nets with the pools their addresses belong to (claimed in the IPAM ledger), the template it best matches, and everything else zonecfg holds kept under a zonecfg { ... } node. Zones of VM brands (bhyve, kvm, emu: the VM manager's) are not adopted, but their addresses are held in a zone file marked held, so IPAM never hands them out. Registered zones are skipped, so running it again changes nothing (a hold is rewritten when the VM's addresses changed).`
  static override examples = [
    '<%= config.bin %> import --dry-run',
    '<%= config.bin %> import web01 db01',
    '<%= config.bin %> import --json',
  ]
  static override strict = false
  static override args = {
    name: nameArg(zoneKind)({description: 'zones to import (default: every zone not yet registered)'}),
  }
  static override flags = {'dry-run': dryRunFlag}

  async run() {
    const {argv} = await this.parse(Import)
    // Only the first NAME goes through the argument's parser; the others are checked the same way here.
    for (const name of argv as string[]) assertItemName(zoneKind, name)
    const report = await importZones(this.registry, this.systemRunner(), {
      names: argv as string[],
      dryRun: this.flags['dry-run'] ?? false,
      now: this.now(),
      config: this.config,
      renderer: pickRenderer(this.jsonEnabled()),
    })
    if (report.failed.length > 0) process.exitCode = 1
    this.log(renderReport(report))
    const result = reportToJson(report)
    if (report.failed.length > 0 && this.jsonEnabled())
      this.failWithResult(
        operationError(
          'zmgr::import::failed',
          `${report.failed.length} of ${report.failed.length + report.imported.length} zones could not be imported`,
          {help: 'result.failed says why for each zone'},
        ),
        result,
      )
    return result
  }
}
