import {type Document, format, parse} from '@bgotink/kdl'
import {requireBrand} from '../../brands.js'
import {loadBrands} from '../../hooks.js'
import {dryRunFlag, forceFlag, ZmgrCommand} from '../../command.js'
import {setArgument} from '../../kdl/writer.js'
import {describeSave, saveNewItem} from '../../registry/edit.js'
import {applyTemplateChanges, newTemplateNode} from '../../registry/template-edit.js'
import {templateKind} from '../../registry/template.js'
import {templateFlags} from '../../registry/template-flags.js'
import {nameArg, nameFlag} from '../../names/args.js'

export default class TemplatesCreate extends ZmgrCommand<typeof TemplatesCreate> {
  static override summary = 'Create a template (templates/NAME.kdl).'
  static override examples = [
    '<%= config.bin %> templates create web --brand lipkg --net public=public@igb0 --memory 2G --swap 4G',
    '<%= config.bin %> templates create web2 --from web --net backend=backend@stub0',
  ]
  static override args = {name: nameArg(templateKind)({description: 'template name', required: true})}
  static override flags = {
    ...templateFlags,
    from: nameFlag(templateKind)({summary: 'Start from a copy of this template.'}),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run() {
    const {flags} = this
    const {name} = this.args
    let document: Document
    if (flags.from) {
      const source = await this.registry.template(flags.from)
      document = parse(source.source.text)
      setArgument(document.nodes.find((node) => node.getName() === 'template')!, 0, name)
    } else {
      if (!flags.brand) this.error('--brand is required unless --from names a template to copy', {exit: 2})
      document = parse(format(newTemplateNode(name, flags.brand)))
    }
    const brand = flags.brand
    if (brand && !flags.force) requireBrand(await loadBrands(this.config), brand)
    applyTemplateChanges(document.nodes.find((node) => node.getName() === 'template')!, {
      brand: flags.from ? brand : undefined,
      autoboot: flags.autoboot,
      ipType: flags['ip-type'],
      addNets: flags.net,
      addPublishers: flags.publisher,
      memory: flags.memory,
      swap: flags.swap,
    })
    const outcome = await saveNewItem(this.registry, templateKind, name, format(document), {
      dryRun: flags['dry-run'],
      overwrite: flags.force,
    })
    this.log(describeSave(outcome))
    return outcome
  }
}
