import {formatTable, ZmgrCommand} from 'zmgr'
import {publisherToJson} from '../../describe.js'

export default class PublishersList extends ZmgrCommand<typeof PublishersList> {
  static override summary = 'List the IPS publishers zmgr sets in zone images.'

  async run() {
    const publishers = (await this.registry.publishers()).map(publisherToJson)
    if (publishers.length === 0) this.log(`no publishers in ${this.registry.root}/publishers (add one with \`zmgr publishers add\`)`)
    else {
      this.log(formatTable(publishers, [
        {header: 'NAME', get: (p) => p.name},
        {header: 'ORIGINS', get: (p) => p.origins.join(',')},
        {header: 'MIRRORS', get: (p) => p.mirrors.join(',') || '-'},
        {header: 'SEARCH-FIRST', get: (p) => String(p.searchFirst)},
      ]))
    }
    return {publishers}
  }
}
