import {formatList, type ListField, listFlags, selectList, ZmgrCommand} from 'zmgr'
import {publisherToJson} from '../../describe.js'

type PublisherRow = ReturnType<typeof publisherToJson>

const PUBLISHER_FIELDS: ListField<PublisherRow>[] = [
  {name: 'name', description: 'publisher name', get: (p) => p.name},
  {name: 'origins', description: 'origin URIs, comma-separated', get: (p) => p.origins.join(','), shrink: true},
  {name: 'mirrors', description: 'mirror URIs, comma-separated', get: (p) => p.mirrors.join(','), shrink: true},
  {name: 'search-first', description: 'true when set as the first publisher', get: (p) => String(p.searchFirst)},
  {name: 'sticky', description: 'true when sticky', get: (p) => String(p.sticky), default: false},
]

export default class PublishersList extends ZmgrCommand<typeof PublishersList> {
  static override summary = 'List the IPS publishers zmgr sets in zone images.'
  static override description = `Fields (-o): ${PUBLISHER_FIELDS.map((field) => field.name).join(', ')}.`
  static override examples = [
    '<%= config.bin %> publishers list',
    '<%= config.bin %> publishers list -Hp -o name,origins',
  ]
  static override flags = {...listFlags}

  async run() {
    const publishers = selectList(
      (await this.registry.publishers()).map(publisherToJson),
      PUBLISHER_FIELDS,
      this.flags,
    ).rows
    if (publishers.length === 0)
      this.note(`no publishers in ${this.registry.root}/publishers (add one with \`zmgr publishers add\`)`)
    else this.log(formatList(publishers, PUBLISHER_FIELDS, this.flags))
    return publishers
  }
}
