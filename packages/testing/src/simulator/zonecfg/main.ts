// zonecfg(8): argument handling and the choice of input mode.
import {readFileSync, statSync} from 'node:fs'
import {faultPoint} from '../faults.js'
import {getopt} from '../getopt.js'
import {Exit, lineReader, processConsole, readAllStdin, runProcess, stdinIsTty, type Console} from '../io.js'
import {validZoneName} from '../names.js'
import {Store} from '../store.js'
import {commandsUsage, invocationUsage, printHelp, syntaxUsage} from './help.js'
import {mayWriteZoneConfig} from './context.js'
import {lex, lexOptions} from './lexer.js'
import {ZonecfgSession, type InputMode} from './session.js'

const EXEC = 'zonecfg'
const Z_USAGE = 2

function usageExit(console: Console, withCommands: boolean): never {
  console.err(invocationUsage(EXEC) + (withCommands ? commandsUsage(false) : ''))
  throw new Exit(Z_USAGE)
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

export function zonecfg(args: string[], console: Console = processConsole): number {
  if (args.length === 0) usageExit(console, true)
  if (args[0] === 'help') {
    printHelp(console, args[1])
    return 0
  }
  const parsed = getopt(args, '?f:R:z:')
  if (parsed.error) {
    if (parsed.error.flag !== '?') console.err(`${EXEC}: illegal option -- ${parsed.error.flag}\n`)
    if (parsed.error.flag === '?') {
      console.out(invocationUsage(EXEC) + commandsUsage(true))
      throw new Exit(Z_USAGE)
    }
    usageExit(console, false)
  }
  let zone = ''
  let file: string | undefined
  for (const [flag, value] of parsed.options) {
    if (flag === 'f') file = value
    if (flag === 'R') {
      if (!value.startsWith('/')) {
        console.err(`root path must be absolute: ${value}\n`)
        throw new Exit(Z_USAGE)
      }
      if (!statSync(value, {throwIfNoEntry: false})?.isDirectory()) {
        console.err(`root path must be a directory: ${value}\n`)
        throw new Exit(Z_USAGE)
      }
    }
    if (flag === 'z') {
      if (value !== 'global' && !validZoneName(value)) {
        console.err(`${value}: Bogus zone name\n${syntaxUsage(false)}`)
        throw new Exit(Z_USAGE)
      }
      zone = value
    }
  }
  if (zone === '') usageExit(console, false)
  if (zone === 'global') {
    console.err(`${EXEC}: the simulator does not model the global zone's configuration\n`)
    return 1
  }

  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    console.err(`${EXEC}: ${(error as Error).message}\n`)
    return 1
  }

  // Decide the input before locking so that a bad -f file fails fast.
  let mode: InputMode
  let input = ''
  const terminal = parsed.operands.length === 0 && (file === undefined ? stdinIsTty(console) : false)
  if (parsed.operands.length > 0) {
    mode = 'args'
    input = `${parsed.operands.join(' ')}\n`
  } else if (file !== undefined && file !== '-') {
    mode = 'file'
    try {
      if (!statSync(file).isFile()) {
        console.err(`${file} is not a regular file.\n`)
        return 1
      }
      input = readFileSync(file, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      console.err(
        `could not open file ${file}: ${code === 'ENOENT' ? 'No such file or directory' : (error as Error).message}\n`,
      )
      return 1
    }
  } else {
    mode = 'interactive'
    if (!terminal) input = readAllStdin(console)
  }

  const syntax = lexOptions(store.flavour())
  const commands = lex(input, syntax)
  const words = commands.map((c) => (c.tokens[0]?.kind === 'word' ? c.tokens[0].text : ''))
  const modeName = mode === 'file' ? '-f' : mode === 'args' ? 'args' : 'stdin'

  // zonecfg.c main: the warning is printed in interactive and -f modes, not for commands given as arguments.
  if (mode !== 'args' && !mayWriteZoneConfig(store))
    console.err(
      "WARNING: you do not have write access to this zone's configuration file;\ngoing into read-only mode.\n",
    )
  const readLine = lineReader(console)
  return store.withZoneLock(zone, () => {
    faultPoint(store, {command: 'zonecfg', subcommands: [modeName, ...words], target: zone}, console)
    const session = new ZonecfgSession({
      store,
      zone,
      console,
      mode,
      fileName: file,
      okToPrompt: terminal || (mode === 'interactive' && stdinIsTty(console)),
      readAnswer: readLine,
    })
    if (terminal)
      return session.runTerminal(
        (prompt) => {
          console.out(prompt)
          return readLine()
        },
        (line) => lex(`${line}\n`, syntax),
      )
    return session.run(commands, Math.max(1, lineCount(input)))
  })
}

export function main(): void {
  runProcess((args) => zonecfg(args))
}
