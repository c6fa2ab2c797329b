import type {Hook} from '@oclif/core'
import {formatDiagnostic} from '../output/diagnostics.js'
import {failureDocument} from '../output/json.js'
import {closestNames} from '../output/suggest.js'
import type {Diagnostic} from '../errors.js'

/**
 * An unknown command or topic (`zmgr zone list`, `zmgr zones lsit`): a
 * diagnostic with a "did you mean", exit 2, JSON under --json. It never runs
 * the guess (a typo must not turn into a destroy).
 */
const hook: Hook.CommandNotFound = async ({argv = [], config, id}) => {
  const words = [...id.split(':'), ...argv.filter((word) => !word.startsWith('-'))]
  const visible = config.commands.filter((command) => !command.hidden)
  const names = [
    ...new Set([
      ...visible.flatMap((command) => [command.id, ...command.aliases]),
      ...config.topics.filter((topic) => !topic.hidden).map((topic) => topic.name),
    ]),
  ].map((name) => name.replaceAll(':', ' '))
  const suggestions = closestNames(words, names)
  const typed = id.replaceAll(':', ' ')
  const diagnostic: Diagnostic = {
    code: 'zmgr::usage::unknown-command',
    severity: 'error',
    message: `\`${typed}\` is not a ${config.bin} command`,
    help:
      suggestions.length > 0
        ? `did you mean ${suggestions.map((name) => `\`${config.bin} ${name}\``).join(' or ')}? (\`${config.bin} help\` lists every command)`
        : `\`${config.bin} help\` lists every command`,
    data: {command: typed, suggestions: suggestions.map((name) => `${config.bin} ${name}`)},
  }
  process.exitCode = 2
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(failureDocument(diagnostic), null, 2)}\n`)
  else process.stderr.write(`${formatDiagnostic(diagnostic)}\n`)
}

export default hook
