import {dryRunFlag, forceFlag, ZmgrCommand} from '../../command.js'
import {describeSave, removeItem} from '../../registry/edit.js'
import {templateKind} from '../../registry/template.js'
import {nameArg} from '../../names/args.js'

export default class TemplatesDelete extends ZmgrCommand<typeof TemplatesDelete> {
  static override summary = 'Delete a template no zone and no setting refers to.'
  static override args = {name: nameArg(templateKind)({description: 'template name', required: true})}
  static override flags = {force: forceFlag, 'dry-run': dryRunFlag}

  async run() {
    const {name} = this.args
    const [config, zones] = await Promise.all([this.registry.config(), this.registry.zones()])
    const inUse = zones.filter((zone) => zone.template === name).map((zone) => `zone ${zone.name}`)
    if (config.defaultTemplate === name) inUse.push('default-template in config.kdl')
    const outcome = await removeItem(this.registry, templateKind, name, {
      dryRun: this.flags['dry-run'],
      force: this.flags.force,
      inUse,
    })
    this.log(describeSave(outcome))
    return outcome
  }
}
