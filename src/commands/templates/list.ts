import {ZmgrCommand} from '../../command.js'
import {templateToJson} from '../../registry/describe.js'
import {formatTable} from '../../output/table.js'

export default class TemplatesList extends ZmgrCommand<typeof TemplatesList> {
  static override summary = 'List zone templates.'

  async run() {
    const [templates, config] = await Promise.all([this.registry.templates(), this.registry.config()])
    const rows = templates.map((template) => ({...templateToJson(template), default: template.name === config.defaultTemplate}))
    if (rows.length === 0) this.log(`no templates in ${this.registry.root}/templates (run \`zmgr init\` for a starter set)`)
    else {
      this.log(formatTable(rows, [
        {header: 'NAME', get: (row) => row.name + (row.default ? ' (default)' : '')},
        {header: 'BRAND', get: (row) => row.brand},
        {header: 'IP-TYPE', get: (row) => row.ipType},
        {header: 'AUTOBOOT', get: (row) => String(row.autoboot)},
        {header: 'NETS', get: (row) => row.nets.map((net) => `${net.name}:${net.pool}${net.pool6 ? `+${net.pool6}` : ''}@${net.over}`).join(',') || '-'},
        {header: 'PUBLISHERS', get: (row) => row.publishers.join(',') || '-'},
      ]))
    }
    return {templates: rows}
  }
}
