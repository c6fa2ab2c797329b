import {Args} from 'zmgr'
import {describeSave, dryRunFlag, forceFlag, publisherKind, removeItem, ZmgrCommand} from 'zmgr'

export default class PublishersRemove extends ZmgrCommand<typeof PublishersRemove> {
  static override summary = 'Remove a publisher no template names.'
  static override description = 'Zone images keep the publishers they were given; this only stops new zones from getting it.'
  static override args = {name: Args.string({description: 'publisher name', required: true})}
  static override flags = {force: forceFlag, 'dry-run': dryRunFlag}

  async run() {
    const {name} = this.args
    const inUse = (await this.registry.templates()).filter((t) => t.publishers.includes(name)).map((t) => `template ${t.name}`)
    const outcome = await removeItem(this.registry, publisherKind, name, {dryRun: this.flags['dry-run'], force: this.flags.force, inUse})
    this.log(describeSave(outcome))
    return outcome
  }
}
