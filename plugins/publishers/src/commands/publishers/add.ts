import {Flags} from '@oclif/core'
import {describeSave, dryRunFlag, forceFlag, formatDocument, nameArg, publisherKind, saveNewItem, ZmgrCommand} from 'zmgr'

export default class PublishersAdd extends ZmgrCommand<typeof PublishersAdd> {
  static override summary = 'Add an IPS publisher (publishers/NAME.kdl).'
  static override description = 'Templates name publishers; `zmgr zones create` sets them in the new zone image with `pkg -R <zonepath>/root set-publisher`.'
  static override examples = ['<%= config.bin %> publishers add omnios --origin https://pkg.omnios.org/r151054/core/', '<%= config.bin %> publishers add extra --origin https://pkg.example.org/extra --mirror https://mirror.example.org/extra']
  static override args = {name: nameArg(publisherKind)({description: 'publisher name, as pkg knows it', required: true})}
  static override flags = {
    origin: Flags.string({summary: 'Origin URI (repeatable).', multiple: true, required: true}),
    mirror: Flags.string({summary: 'Mirror URI (repeatable).', multiple: true}),
    'search-first': Flags.boolean({summary: 'Put the publisher first in search order (pkg set-publisher -P).'}),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const children = [{name: 'origin', args: flags.origin}]
    if (flags.mirror) children.push({name: 'mirror', args: flags.mirror})
    if (flags['search-first']) children.push({name: 'search-first', args: [true] as never})
    const text = formatDocument([{name: 'publisher', args: [this.args.name], children}])
    const outcome = await saveNewItem(this.registry, publisherKind, this.args.name, text, {dryRun: flags['dry-run'], overwrite: flags.force})
    this.log(describeSave(outcome))
    return outcome
  }
}
