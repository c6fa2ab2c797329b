import {Flags} from 'zmgr'
import {formatTable, SystemRunner, ZmgrCommand} from 'zmgr'
import {inventory} from '../../inventory.js'

export default class ZonesList extends ZmgrCommand<typeof ZonesList> {
  static override summary = 'List zones: the registry joined with the live system (zoneadm list -cp).'
  static override description = 'Zones on the system that zmgr does not manage show as unmanaged (bring them in with `zmgr import`); registered zones the system no longer has show as missing.'
  static override examples = ['<%= config.bin %> zones list', '<%= config.bin %> zones list --state running --brand ipkg', '<%= config.bin %> zones list --state unmanaged --json']
  static override flags = {
    state: Flags.string({summary: 'Only zones in this state (running, installed, configured, ..., or missing, unmanaged).'}),
    brand: Flags.string({summary: 'Only zones of this brand.'}),
    template: Flags.string({summary: 'Only zones created from this template.'}),
  }

  async run() {
    const {flags} = this
    const {rows, diagnostics} = await inventory(this.registry, new SystemRunner())
    for (const diagnostic of diagnostics) this.report({...diagnostic, severity: 'warning'})
    const shown = rows.filter((row) =>
      (!flags.state || row.state === flags.state || row.managed === flags.state) && (!flags.brand || row.brand === flags.brand) && (!flags.template || row.template === flags.template))
    if (shown.length === 0) this.log(rows.length === 0 ? 'no zones (create one with `zmgr zones create NAME`)' : 'no zones match')
    else {
      this.log(formatTable(shown, [
        {header: 'NAME', get: (row) => row.name},
        {header: 'STATE', get: (row) => row.state},
        {header: 'BRAND', get: (row) => row.brand},
        {header: 'TEMPLATE', get: (row) => row.template ?? '-'},
        {header: 'ADDRESSES', get: (row) => row.addresses.join(',') || '-'},
        {header: 'NOTE', get: (row) => [row.managed === 'unmanaged' ? 'unmanaged' : row.managed === 'missing' ? 'missing from the system' : '', row.status ?? ''].filter(Boolean).join('; ')},
      ]))
      const unmanaged = shown.filter((row) => row.managed === 'unmanaged')
      if (unmanaged.length > 0) this.log(`\nunmanaged zones are not in the registry; bring them under zmgr with \`zmgr import ${unmanaged.length === 1 ? unmanaged[0].name : 'NAME...'}\``)
      if (shown.some((row) => row.managed === 'missing' || row.status)) this.log('missing or incomplete zones: `zmgr zones destroy NAME` removes what is left and frees their addresses')
    }
    return {zones: shown}
  }
}
