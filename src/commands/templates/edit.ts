import {Flags} from '@oclif/core'
import {requireBrand} from '../../brands.js'
import {loadBrands} from '../../hooks.js'
import {dryRunFlag, forceFlag, ZmgrCommand} from '../../command.js'
import {describeSave, editItem} from '../../registry/edit.js'
import {applyTemplateChanges} from '../../registry/template-edit.js'
import {templateKind} from '../../registry/template.js'
import {netFlag, templateFlags} from '../../registry/template-flags.js'
import {nameArg} from '../../names/args.js'

export default class TemplatesEdit extends ZmgrCommand<typeof TemplatesEdit> {
  static override summary = 'Change a template in place, keeping its comments.'
  static override description =
    'Zones already created from the template keep their configuration; the change applies to zones created afterwards.'
  static override examples = [
    '<%= config.bin %> templates edit oi --memory 4G --publisher omnios',
    '<%= config.bin %> templates edit oi --remove-net backend',
  ]
  static override args = {name: nameArg(templateKind)({description: 'template name', required: true})}
  static override flags = {
    ...templateFlags,
    net: netFlag({summary: 'Add or replace a net: NAME=POOL@LINK (repeatable).', multiple: true}),
    'remove-net': Flags.string({summary: 'Remove a net by name (repeatable).', multiple: true}),
    'remove-publisher': Flags.string({summary: 'Remove a publisher (repeatable).', multiple: true}),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    if (flags.brand && !flags.force) requireBrand(await loadBrands(this.config), flags.brand)
    const outcome = await editItem(
      this.registry,
      templateKind,
      this.args.name,
      (node) =>
        applyTemplateChanges(node, {
          brand: flags.brand,
          autoboot: flags.autoboot,
          ipType: flags['ip-type'],
          addNets: flags.net,
          removeNets: flags['remove-net'],
          addPublishers: flags.publisher,
          removePublishers: flags['remove-publisher'],
          memory: flags.memory,
          swap: flags.swap,
        }),
      {dryRun: flags['dry-run']},
    )
    this.log(describeSave(outcome))
    return outcome
  }
}
