import {describeSave, dryRunFlag, forceFlag, nameArg, publisherKind, removeItem, ZmgrCommand} from 'zmgr'

export default class PublishersRemove extends ZmgrCommand<typeof PublishersRemove> {
  static override summary = 'Remove a publisher no template names.'
  static override description =
    'Zone images keep the publishers they were given; this only stops new zones from getting it.'
  static override args = {name: nameArg(publisherKind)({description: 'publisher name', required: true})}
  static override flags = {force: forceFlag, 'dry-run': dryRunFlag}

  async run() {
    const {name} = this.args
    // Checked under the edit lock: no template can start naming it before it is gone.
    const inUse = async () =>
      (await this.registry.templates()).filter((t) => t.publishers.includes(name)).map((t) => `template ${t.name}`)
    const outcome = await removeItem(this.registry, publisherKind, name, {
      dryRun: this.flags['dry-run'],
      force: this.flags.force,
      inUse,
    })
    this.log(describeSave(outcome))
    return outcome
  }
}
