import {ZmgrCommand} from '../../command.js'
import {formatList, type ListField, listFlags, selectList} from '../../output/list.js'
import {templateToJson} from '../../registry/describe.js'

type TemplateRow = ReturnType<typeof templateToJson> & {default: boolean}

const TEMPLATE_FIELDS: ListField<TemplateRow>[] = [
  {name: 'name', description: 'template name', get: (row) => row.name},
  {
    name: 'default',
    description: "yes for config.kdl's default-template",
    get: (row) => (row.default ? 'yes' : ''),
    align: 'right',
  },
  {name: 'brand', description: 'zone brand', get: (row) => row.brand},
  {name: 'ip-type', description: 'exclusive or shared', get: (row) => row.ipType},
  {name: 'autoboot', description: 'true or false', get: (row) => String(row.autoboot), default: false},
  {
    name: 'nets',
    description: 'NAME:POOL[+POOL6]@LINK, comma-separated',
    get: (row) =>
      row.nets.map((net) => `${net.name}:${net.pool}${net.pool6 ? `+${net.pool6}` : ''}@${net.over}`).join(','),
    shrink: true,
  },
  {
    name: 'publishers',
    description: 'publisher names, comma-separated',
    get: (row) => row.publishers.join(','),
    shrink: true,
  },
]

export default class TemplatesList extends ZmgrCommand<typeof TemplatesList> {
  static override summary = 'List zone templates.'
  static override description = `Fields (-o): ${TEMPLATE_FIELDS.map((field) => field.name).join(', ')}.`
  static override examples = ['<%= config.bin %> templates list', '<%= config.bin %> templates list -Hp -o name,brand']
  static override flags = {...listFlags}

  async run() {
    const [templates, config] = await Promise.all([this.registry.templates(), this.registry.config()])
    const rows = templates.map((template) => ({
      ...templateToJson(template),
      default: template.name === config.defaultTemplate,
    }))
    const shown = selectList(rows, TEMPLATE_FIELDS, this.flags).rows
    if (shown.length === 0)
      this.note(`no templates in ${this.registry.root}/templates (run \`zmgr init\` for a starter set)`)
    else this.log(formatList(shown, TEMPLATE_FIELDS, this.flags))
    return shown
  }
}
