import {Args} from 'zmgr'
import {dryRunFlag, runZmgrHook, SystemRunner, ZmgrCommand} from 'zmgr'
import {importZones} from '../importer.js'
import {renderReport, reportToJson} from '../render.js'

/** Today in the local calendar, as the zone file's `imported` date. */
function today(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

export default class Import extends ZmgrCommand<typeof Import> {
  static override summary = 'Bring existing zones under zmgr management.'
  static override description = `Reads every zone on the system (or the NAMEs given) with zoneadm and zonecfg and writes a registry entry for each one that is not registered yet: its nets with the pools their addresses belong to (claimed in the IPAM ledger), the template it best matches, and everything else zonecfg holds kept under a zonecfg { ... } node. Bhyve zones (the VM manager's) and registered zones are skipped, so running it again changes nothing.`
  static override examples = ['<%= config.bin %> import --dry-run', '<%= config.bin %> import web01 db01', '<%= config.bin %> import --json']
  static override strict = false
  static override args = {name: Args.string({description: 'zones to import (default: every zone not yet registered)'})}
  static override flags = {'dry-run': dryRunFlag}

  async run() {
    const {argv} = await this.parse(Import)
    const report = await importZones(this.registry, new SystemRunner(), {
      names: argv as string[],
      dryRun: this.flags['dry-run'] ?? false,
      date: today(),
      fire: async (event, payload) => {
        await runZmgrHook(this.config, event, payload, {failuresAre: event === 'zmgr:import:before' ? 'veto' : 'warnings'})
      },
    })
    if (report.failed.length > 0) process.exitCode = 1
    this.log(renderReport(report))
    return reportToJson(report)
  }
}
