import {Flags} from 'zmgr'
import {formatList, listFlags, selectList, ZmgrCommand} from 'zmgr'
import {inventory, ZONE_FIELDS} from '../../inventory.js'

export default class ZonesList extends ZmgrCommand<typeof ZonesList> {
  static override summary = 'List zones: the registry joined with the live system (zoneadm list -cp).'
  static override description =
    `Zones on the system that zmgr does not manage show as unmanaged (bring them in with \`zmgr import\`); registered zones the system no longer has show as missing.

Fields (-o): ${ZONE_FIELDS.map((field) => field.name).join(', ')}. Hints go to stderr, so stdout is only the table.`
  static override examples = [
    '<%= config.bin %> zones list',
    '<%= config.bin %> zones list --state running --brand ipkg',
    '<%= config.bin %> zones list -Hp -o name,state',
    '<%= config.bin %> zones list -o name,addresses -s name',
    '<%= config.bin %> zones list --state unmanaged --json',
  ]
  static override flags = {
    state: Flags.string({
      summary: 'Only zones in this state (running, installed, configured, ..., or missing, unmanaged, held).',
    }),
    brand: Flags.string({summary: 'Only zones of this brand.'}),
    template: Flags.string({summary: 'Only zones created from this template.'}),
    ...listFlags,
  }

  async run() {
    const {flags} = this
    const {rows, diagnostics} = await inventory(this.registry, this.systemRunner())
    for (const diagnostic of diagnostics) this.report({...diagnostic, severity: 'warning'})
    const matching = rows.filter(
      (row) =>
        (!flags.state ||
          row.state === flags.state ||
          (flags.state === 'unmanaged' && !row.managed) ||
          (flags.state === 'held' && row.held !== null)) &&
        (!flags.brand || row.brand === flags.brand) &&
        (!flags.template || row.template === flags.template),
    )
    const shown = selectList(matching, ZONE_FIELDS, flags).rows
    if (shown.length === 0)
      this.note(rows.length === 0 ? 'no zones (create one with `zmgr zones create NAME`)' : 'no zones match')
    else {
      this.log(formatList(shown, ZONE_FIELDS, flags))
      const unmanaged = shown.filter((row) => !row.managed)
      if (unmanaged.length > 0)
        this.note(
          `unmanaged zones are not in the registry; bring them under zmgr with \`zmgr import ${unmanaged.length === 1 ? unmanaged[0].name : 'NAME...'}\``,
        )
      if (shown.some((row) => row.state === 'missing' || row.status))
        this.note(
          'missing or incomplete zones: `zmgr zones destroy NAME` removes what is left and frees their addresses',
        )
    }
    return shown
  }
}
