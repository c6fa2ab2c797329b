import {Flags} from 'zmgr'
import {
  describeSave,
  dryRunFlag,
  forceFlag,
  formatDocument,
  nameArg,
  publisherKind,
  saveNewItem,
  ZmgrCommand,
} from 'zmgr'
import {newPublisherSpec} from '../../publisher-edit.js'

export default class PublishersAdd extends ZmgrCommand<typeof PublishersAdd> {
  static override summary = 'Add an IPS publisher (publishers/NAME.kdl).'
  static override description =
    "Templates name publishers. `zmgr zones create` gives a new zone image exactly the publishers its template names, or, when the image is a pkg linked image (OmniOS lipkg/sparse/pkgsrc, OpenIndiana ipkg), adds them after the global zone's, which a linked image must keep first."
  static override examples = [
    '<%= config.bin %> publishers add omnios --origin https://pkg.omnios.org/r151054/core/',
    '<%= config.bin %> publishers add extra --origin https://pkg.example.org/extra --mirror https://mirror.example.org/extra',
  ]
  static override args = {
    name: nameArg(publisherKind)({description: 'publisher name, as pkg knows it', required: true}),
  }
  static override flags = {
    origin: Flags.string({summary: 'Origin URI (repeatable).', multiple: true, required: true}),
    mirror: Flags.string({summary: 'Mirror URI (repeatable).', multiple: true}),
    'search-first': Flags.boolean({
      summary: 'Put the publisher first in search order (pkg set-publisher -P; images that are not linked).',
    }),
    sticky: Flags.boolean({
      summary: 'Keep packages installed from this publisher tied to it (the default; --no-sticky to not).',
      allowNo: true,
    }),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const spec = newPublisherSpec(this.args.name, {
      origins: flags.origin,
      mirrors: flags.mirror,
      searchFirst: flags['search-first'],
      sticky: flags.sticky,
    })
    const text = formatDocument([spec])
    const outcome = await saveNewItem(this.registry, publisherKind, this.args.name, text, {
      dryRun: flags['dry-run'],
      overwrite: flags.force,
    })
    this.log(describeSave(outcome))
    return outcome
  }
}
