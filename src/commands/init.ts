import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import {Flags} from '@oclif/core'
import {dryRunFlag, forceFlag, ZmgrCommand} from '../command.js'
import {writeFileAtomic} from '../fs/atomic.js'
import {DISTRIBUTION_IDS, DISTRIBUTIONS} from '../host/distribution.js'
import {hostFacts} from '../host/facts.js'
import {starterFiles, starterHost, type StarterHost} from '../starter.js'
import {createSystemRunner} from '../system/provider.js'

interface InitResult {
  root: string
  dryRun: boolean
  host: StarterHost & {detected: string}
  files: Array<{path: string; action: 'write' | 'overwrite' | 'keep'}>
}

export default class Init extends ZmgrCommand<typeof Init> {
  static override summary =
    'Write a starter set for this host: config, templates for its brands, a pool and its publisher.'
  static override description =
    `The distribution, installed brands, first physical NIC and publisher are read from the host (zmgr doctor shows them).
--distribution writes the set for another distribution (to prepare a root for another system).
Existing files are kept unless --force is given; zmgr never overwrites a file silently.`
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --root /tmp/zmgr --dry-run',
    '<%= config.bin %> init --distribution openindiana --root ./oi-registry',
  ]
  static override flags = {
    distribution: Flags.option({
      summary: 'Write the starter set for this distribution instead of the detected one.',
      options: DISTRIBUTION_IDS,
    })(),
    force: forceFlag,
    'dry-run': dryRunFlag,
  }

  async run(): Promise<InitResult> {
    const {root} = this.registry
    const {host, detected, warnings} = await starterHost(hostFacts(createSystemRunner()), this.flags.distribution)
    for (const warning of warnings) this.report(warning)
    const files: InitResult['files'] = []
    for (const file of starterFiles(host)) {
      const path = join(root, file.path)
      const exists = await stat(path).then(
        () => true,
        () => false,
      )
      const action = !exists ? 'write' : this.flags.force ? 'overwrite' : 'keep'
      files.push({path, action})
      if (action !== 'keep' && !this.flags['dry-run']) await writeFileAtomic(path, file.text)
    }
    const dry = this.flags['dry-run']
    const chosen = this.flags.distribution && detected.id !== host.distribution ? '--distribution' : detected.name
    const summary = `brands ${host.brands.join(', ')}, over ${host.link}, publisher ${host.publisher.name}`
    this.log(`starter set for ${DISTRIBUTIONS[host.distribution].name} (${chosen}): ${summary}`)
    const verb = {write: dry ? 'would write' : 'wrote', overwrite: dry ? 'would overwrite' : 'overwrote', keep: 'kept'}
    for (const file of files) {
      this.log(
        `${verb[file.action].padEnd(15)} ${file.path}${file.action === 'keep' ? ' (exists; --force overwrites it)' : ''}`,
      )
    }
    if (dry) this.log('dry run: nothing was written')
    else
      this.log(`next: edit ${join(root, 'pools', 'public.kdl')} (its addresses are an example), then run zmgr doctor`)
    return {root, dryRun: dry, host: {...host, detected: detected.name}, files}
  }
}
