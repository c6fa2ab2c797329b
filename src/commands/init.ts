import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import {dryRunFlag, forceFlag, ZmgrCommand} from '../command.js'
import {writeFileAtomic} from '../fs/atomic.js'
import {STARTER_FILES} from '../starter.js'

interface InitResult {
  root: string
  dryRun: boolean
  files: Array<{path: string; action: 'write' | 'overwrite' | 'keep'}>
}

export default class Init extends ZmgrCommand<typeof Init> {
  static override summary = 'Write a working starter set: config, templates, a pool and a publisher.'
  static override description = 'Existing files are kept unless --force is given; zmgr never overwrites a file silently.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --root /tmp/zmgr --dry-run']
  static override flags = {force: forceFlag, 'dry-run': dryRunFlag}

  async run(): Promise<InitResult> {
    const {root} = this.registry
    const files: InitResult['files'] = []
    for (const file of STARTER_FILES) {
      const path = join(root, file.path)
      const exists = await stat(path).then(() => true, () => false)
      const action = !exists ? 'write' : this.flags.force ? 'overwrite' : 'keep'
      files.push({path, action})
      if (action !== 'keep' && !this.flags['dry-run']) await writeFileAtomic(path, file.text)
    }
    const verb = {write: this.flags['dry-run'] ? 'would write' : 'wrote', overwrite: this.flags['dry-run'] ? 'would overwrite' : 'overwrote', keep: 'kept'}
    for (const file of files) this.log(`${verb[file.action].padEnd(15)} ${file.path}${file.action === 'keep' ? ' (exists; --force overwrites it)' : ''}`)
    if (this.flags['dry-run']) this.log('dry run: nothing was written')
    return {root, dryRun: this.flags['dry-run'], files}
  }
}
