import {Flags} from 'zmgr'
import {describeSave, dryRunFlag, editItem, inputError, nameArg, publisherKind, ZmgrCommand} from 'zmgr'
import {applyPublisherChanges, type PublisherChanges} from '../../publisher-edit.js'

export default class PublishersEdit extends ZmgrCommand<typeof PublishersEdit> {
  static override summary = 'Change a publisher in place, keeping its comments.'
  static override description =
    'Zones already created keep the publishers their images were given; the change applies to zones created from now on.'
  static override examples = [
    '<%= config.bin %> publishers edit openindiana.org --add-origin https://mirror.example.org/hipster',
    '<%= config.bin %> publishers edit extra --origin https://pkg.example.org/extra --no-sticky --dry-run',
  ]
  static override args = {name: nameArg(publisherKind)({description: 'publisher name', required: true})}
  static override flags = {
    origin: Flags.string({summary: 'Replace every origin with these (repeatable).', multiple: true}),
    'add-origin': Flags.string({summary: 'Add an origin URI (repeatable).', multiple: true}),
    'remove-origin': Flags.string({summary: 'Remove an origin URI (repeatable).', multiple: true}),
    mirror: Flags.string({summary: 'Replace every mirror with these (repeatable).', multiple: true}),
    'add-mirror': Flags.string({summary: 'Add a mirror URI (repeatable).', multiple: true}),
    'remove-mirror': Flags.string({summary: 'Remove a mirror URI (repeatable).', multiple: true}),
    'search-first': Flags.boolean({
      summary: 'Put the publisher first in search order (images that are not linked).',
      allowNo: true,
    }),
    sticky: Flags.boolean({summary: 'Keep packages installed from this publisher tied to it.', allowNo: true}),
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const changes: PublisherChanges = {
      origins: flags.origin,
      addOrigins: flags['add-origin'],
      removeOrigins: flags['remove-origin'],
      mirrors: flags.mirror,
      addMirrors: flags['add-mirror'],
      removeMirrors: flags['remove-mirror'],
      searchFirst: flags['search-first'],
      sticky: flags.sticky,
    }
    if (Object.values(changes).every((value) => value === undefined))
      throw inputError('zmgr::usage::nothing-to-change', 'no change given', {
        help: 'pass at least one setting to change, e.g. --add-origin URI (see zmgr publishers edit --help)',
      })
    const outcome = await editItem(
      this.registry,
      publisherKind,
      this.args.name,
      (node) => applyPublisherChanges(node, changes),
      {dryRun: flags['dry-run']},
    )
    this.log(describeSave(outcome))
    return outcome
  }
}
