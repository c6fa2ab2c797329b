import {formatDetails, nameArg, publisherKind, ZmgrCommand} from 'zmgr'
import {publisherToJson} from '../../describe.js'

export default class PublishersShow extends ZmgrCommand<typeof PublishersShow> {
  static override summary = 'Show one publisher and the templates that use it.'
  static override args = {name: nameArg(publisherKind)({description: 'publisher name', required: true})}

  async run() {
    const publisher = await this.registry.publisher(this.args.name)
    const usedBy = (await this.registry.templates())
      .filter((t) => t.publishers.includes(publisher.name))
      .map((t) => t.name)
    const json = {...publisherToJson(publisher), file: publisher.file, templates: usedBy}
    this.log(
      formatDetails([
        ['name', json.name],
        ['file', json.file],
        ['origins', json.origins],
        ['mirrors', json.mirrors],
        ['search-first', String(json.searchFirst)],
        ['sticky', String(json.sticky)],
        ['templates', usedBy.length > 0 ? usedBy : ['(none)']],
      ]),
    )
    return json
  }
}
