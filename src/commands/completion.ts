import {Args} from '@oclif/core'
import {ZmgrCommand} from '../command.js'
import {bashScript, completionEntries, zshScript} from '../completion/script.js'

export default class Completion extends ZmgrCommand<typeof Completion> {
  static override summary =
    'Print a bash or zsh completion script that also completes zone, template, pool and publisher names.'
  static override description =
    `Add the line from the examples to ~/.bashrc or ~/.zshrc. A TAB runs only shell code: names come from the registry folders (--root, $ZMGR_ROOT or /etc/zmgr) and \`zoneadm list -c\`, so completion stays instant. Run it again after installing a plugin, so its commands are known. (\`zmgr autocomplete\` is oclif's completion of commands and flags, for PowerShell too.)`
  static override examples = [
    'eval "$(<%= config.bin %> completion bash)"',
    'eval "$(<%= config.bin %> completion zsh)"',
  ]
  static override args = {shell: Args.string({description: 'the shell', options: ['bash', 'zsh'], required: true})}
  static override enableJsonFlag = false

  async run() {
    const entries = completionEntries(this.config.commands)
    process.stdout.write(
      this.args.shell === 'zsh' ? zshScript(this.config.bin, entries) : bashScript(this.config.bin, entries),
    )
  }
}
