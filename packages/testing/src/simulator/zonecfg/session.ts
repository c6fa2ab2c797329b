// The zonecfg command interpreter: one session per invocation, mirroring
// zonecfg.c's read_input/cleanup and its command dispatch with scope checks.
// The command handlers live in sibling modules and share a SessionContext.
import {SessionContext, type SessionOptions} from './context.js'
import {exportCommand, helpCommand, infoCommand} from './display.js'
import {isCommandName, type CommandName} from './help.js'
import {tokenText, type Command, type Token} from './lexer.js'
import {createCommand, deleteCommand, exitCommand, revertCommand} from './lifecycle.js'
import {addCommand, cancelCommand, endCommand, removeCommand, selectCommand} from './resource-scope.js'
import {commitCommand, verify, verifyCommand} from './verify.js'
import {clearCommand, setCommand} from './zone-properties.js'

// main.ts and seed.ts know only this module.
export type {InputMode, SessionOptions} from './context.js'

/** Commands that only make sense at global scope (check_scope). */
const GLOBAL_ONLY = new Set<CommandName>(['create', 'commit', 'delete', 'export', 'revert', 'select'])

const HANDLERS: Record<CommandName, (ctx: SessionContext, args: Token[]) => void> = {
  add: addCommand,
  cancel: cancelCommand,
  clear: clearCommand,
  commit: commitCommand,
  create: createCommand,
  delete: deleteCommand,
  end: endCommand,
  exit: exitCommand,
  export: exportCommand,
  help: helpCommand,
  info: infoCommand,
  remove: removeCommand,
  revert: revertCommand,
  select: selectCommand,
  set: setCommand,
  verify: verifyCommand,
}

export class ZonecfgSession {
  private readonly ctx: SessionContext

  constructor(options: SessionOptions) {
    this.ctx = new SessionContext(options)
  }

  /** Runs a whole input (file, stdin or arguments) and returns the exit status. */
  run(commands: Command[], lastLine: number): number {
    const ctx = this.ctx
    if (ctx.interactive) ctx.initialize(false)
    for (const command of commands) {
      this.execute(command)
      if (ctx.sawError && ctx.cmdFileMode && !ctx.interactive) ctx.timeToExit = true
      if (ctx.timeToExit) break
    }
    ctx.line = lastLine
    const status = this.cleanup()
    return status === 'repeat' ? 1 : status
  }

  /** A terminal session: prompt, read, run, until exit or EOF. */
  runTerminal(readLine: (prompt: string) => string | null, lexLine: (line: string) => Command[]): number {
    const ctx = this.ctx
    ctx.initialize(false)
    for (;;) {
      for (;;) {
        const scope = ctx.scope ? `:${ctx.scope.spec.type}` : ''
        const input = readLine(`zonecfg:${ctx.zone}${scope}> `)
        if (input === null) break
        for (const command of lexLine(input)) {
          this.execute(command)
          if (ctx.timeToExit) break
        }
        if (ctx.timeToExit) break
      }
      const status = this.cleanup()
      if (status !== 'repeat') return status
    }
  }

  /** cleanup() at end of input: an open scope or unsaved changes ask before quitting; 'repeat' reads on. */
  private cleanup(): number | 'repeat' {
    const ctx = this.ctx
    if (ctx.options.mode === 'args') ctx.options.okToPrompt = false
    if (ctx.scope) {
      if (!ctx.timeToExit) {
        const answer = ctx.ask('Resource incomplete; really quit')
        if (answer === -1) {
          ctx.zerr('Resource incomplete.')
          return 1
        }
        if (answer !== 1) return 'repeat'
      } else {
        ctx.sawError = true
      }
    }
    if (ctx.needToCommit && ctx.handle) {
      verify(ctx, true)
      if (ctx.needToCommit) {
        if (ctx.forceExit) {
          ctx.zerr('Configuration not saved.')
          return 1
        }
        const answer = ctx.ask('Configuration not saved; really quit')
        if (answer === -1) {
          ctx.zerr('Configuration not saved.')
          return 1
        }
        if (answer !== 1) {
          ctx.timeToExit = false
          return 'repeat'
        }
      }
    }
    return ctx.needToCommit || ctx.sawError ? 1 : 0
  }

  private execute(command: Command): void {
    const ctx = this.ctx
    ctx.line = command.line
    if (command.syntaxError) {
      ctx.syntaxError(command.syntaxError.near, command.syntaxError.line)
      return
    }
    const [first, ...rest] = command.tokens
    const name = tokenText(first)
    if (name === undefined || !isCommandName(name)) throw new Error(`zonecfg: the parser let through ${String(name)}`)
    if (command.usage) {
      ctx.shortUsage(name)
      return
    }
    if (ctx.scope && GLOBAL_ONLY.has(name)) {
      ctx.scopeUsage(name)
      return
    }
    ctx.command = name
    HANDLERS[name](ctx, rest)
  }
}
