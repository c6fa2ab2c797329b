import {ZmgrCommand} from '../../command.js'
import {templateToJson} from '../../registry/describe.js'
import {formatDetails} from '../../output/table.js'
import {nameArg} from '../../names/args.js'
import {templateKind} from '../../registry/template.js'

export default class TemplatesShow extends ZmgrCommand<typeof TemplatesShow> {
  static override summary = 'Show one template.'
  static override args = {name: nameArg(templateKind)({description: 'template name', required: true})}

  async run() {
    const template = await this.registry.template(this.args.name)
    const json = templateToJson(template)
    const memory = template.cappedMemory
      ? Object.entries(template.cappedMemory)
          .filter(([, v]) => v)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : undefined
    this.log(
      formatDetails([
        ['name', json.name],
        ['file', template.file],
        ['brand', json.brand],
        ['ip-type', json.ipType],
        ['autoboot', String(json.autoboot)],
        [
          'nets',
          json.nets.map(
            (net) =>
              `${net.name}: pool ${net.pool}${net.pool6 ? ` pool6 ${net.pool6}` : ''} over ${net.over}${net.vlan ? ` vlan ${net.vlan}` : ''}`,
          ),
        ],
        [
          'default route',
          json.defaultRoute === null
            ? 'first net with a gateway, per address family'
            : json.defaultRoute === false
              ? 'none'
              : json.defaultRoute.join(', '),
        ],
        ['publishers', json.publishers],
        ['capped-memory', memory],
        ['capped-cpu', json.cappedCpu?.toString()],
        ['cpu-shares', json.cpuShares?.toString()],
        ['limitpriv', json.limitpriv ?? undefined],
        ['attrs', json.attrs.map((attr) => `${attr.name} (${attr.type}) = ${attr.value}`)],
        [
          'fs',
          json.fs.map(
            (fs) =>
              `${fs.dir} <- ${fs.special} (${fs.type}${fs.options.length > 0 ? `, ${fs.options.join(',')}` : ''})`,
          ),
        ],
        ['datasets', json.datasets],
        ['packages', json.packages],
        ['zonecfg', json.zonecfg],
      ]),
    )
    return {...json, file: template.file}
  }
}
