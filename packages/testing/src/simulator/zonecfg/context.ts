// The state one zonecfg invocation shares between its command handlers, with
// zonecfg.c's message helpers (zerr, zone_perror, usage) and y/n questions.
import type {Flavour} from '../flavour.js'
import {Exit, type Console} from '../io.js'
import {privileged, simUser} from '../rbac.js'
import type {Store} from '../store.js'
import {stateAtLeast, type Resource, type ZoneConfig, type ZoneRecord, type ZoneState} from '../types.js'
import {Z} from './errors.js'
import {commandsUsage, LONG_HELP, SHORT_USAGE, type CommandName} from './help.js'
import {resourceSpecs, type ResourceSpec} from './resources.js'

/** Write access to /etc/zones: root, or zonecfg run through Zone Security (uid=0). */
export function mayWriteZoneConfig(store: Store): boolean {
  return privileged(simUser(store), 'zonecfg')
}

export type InputMode = 'interactive' | 'file' | 'args'

export interface SessionOptions {
  store: Store
  zone: string
  console: Console
  /** interactive: stdin (or `-f -`); file: `-f FILE`; args: commands on the command line. */
  mode: InputMode
  /** `-f` argument, for `On line N of FILE:` headers. */
  fileName?: string
  /** Whether y/n questions can be asked (stdin is a terminal). */
  okToPrompt: boolean
  /** Reads an answer line (terminal sessions only). */
  readAnswer?: () => string | null
}

/** The resource scope entered by `add <type>` or `select <type>`. */
export interface Scope {
  spec: ResourceSpec
  /** The resource being edited; for capped-memory, byte counts of physical/swap/locked. */
  res: Resource
  op: 'add' | 'select'
  /** select: the stored resource being modified. */
  original?: Resource
}

export class SessionContext {
  readonly store: Store
  readonly flavour: Flavour
  readonly brands: string[]
  readonly specs: Record<string, ResourceSpec>
  readonly console: Console
  readonly interactive: boolean
  readonly cmdFileMode: boolean
  zone: string
  /** The name the zone is stored under; differs from `zone` after `set zonename` until commit. */
  originalName: string
  record: ZoneRecord | undefined
  handle: ZoneConfig | undefined
  gotHandle = false
  needToCommit = false
  sawError = false
  timeToExit = false
  forceExit = false
  scope: Scope | undefined
  line = 0
  /** The command word being run (for the read-only refusal). */
  command = ''
  /** No write access to /etc/zones (zonecfg.c `read_only_mode`): only info and export work. */
  readonly readOnlyMode: boolean
  private lastErrorLine = 0

  constructor(readonly options: SessionOptions) {
    this.store = options.store
    this.readOnlyMode = !mayWriteZoneConfig(options.store)
    this.flavour = options.store.flavour()
    this.brands = options.store.host().brands
    this.specs = resourceSpecs(this.flavour)
    this.console = options.console
    this.interactive = options.mode === 'interactive'
    this.cmdFileMode = options.mode === 'file' || options.fileName === '-'
    this.zone = options.zone
    this.originalName = options.zone
    this.record = this.store.zone(options.zone)
  }

  // --- messages -----------------------------------------------------------------

  /** zerr(): in command-file mode the first error of a line gets an `On line N` header. */
  zerr(message: string): void {
    if (this.cmdFileMode && this.line > this.lastErrorLine) {
      this.console.err(
        this.options.fileName === '-'
          ? `On line ${this.line}:\n`
          : `On line ${this.line} of ${this.options.fileName}:\n`,
      )
      this.lastErrorLine = this.line
    }
    this.console.err(`${message}\n`)
  }

  fail(message: string): void {
    this.zerr(message)
    this.sawError = true
  }

  zonePerror(prefix: string, text: string, setSaw = true): void {
    this.zerr(`${prefix}: ${text}`)
    if (setSaw) this.sawError = true
  }

  cmdResPerror(command: string, type: string, text: string): void {
    this.fail(`${command} ${type}: ${text}`)
  }

  /** yyerror(): written straight to stderr (no `On line` header), then the command list. */
  syntaxError(near: string, line: number): void {
    const where = this.cmdFileMode ? ` on line ${line}` : ''
    this.console.err(`syntax error${where} at '${near}'\n${commandsUsage(false)}`)
    this.sawError = true
  }

  shortUsage(command: CommandName): void {
    if (this.cmdFileMode)
      this.console.err(
        this.options.fileName === '-'
          ? `syntax error on line ${this.line}\n`
          : `syntax error on line ${this.line} of ${this.options.fileName}\n`,
      )
    this.console.err(`usage:\n${SHORT_USAGE[command]}\n`)
    this.sawError = true
  }

  longUsage(command: CommandName, setSaw = true): void {
    const text = `usage:\n${SHORT_USAGE[command]}\n\t${LONG_HELP[command]}\n`
    if (setSaw) {
      this.console.err(text)
      this.sawError = true
    } else {
      this.console.out(text)
    }
  }

  scopeUsage(command: CommandName): void {
    this.fail(`The ${command} command only makes sense in the ${this.scope ? 'global' : 'resource'} scope.`)
  }

  /** ask_yesno(): 1 yes, 0 no, -1 when no question can be asked. */
  ask(question: string): number {
    if (!this.options.okToPrompt || !this.options.readAnswer) {
      this.sawError = true
      return -1
    }
    for (;;) {
      this.console.out(`${question} (y/[n])? `)
      const line = this.options.readAnswer()
      if (line === null) return -1
      if (line === '') return 0
      if (line[0]?.toLowerCase() === 'y') return 1
      if (line[0]?.toLowerCase() === 'n') return 0
    }
  }

  /** ask() for a command that cannot go on unanswered: prints `refusal` and exits when no question can be asked. */
  confirm(question: string, refusal: string): boolean {
    const answer = this.ask(question)
    if (answer === -1) {
      this.zerr(refusal)
      throw new Exit(1)
    }
    return answer === 1
  }

  // --- the configuration ------------------------------------------------------------

  /** Loads the configuration on first use (initialize() in zonecfg.c). */
  initialize(handleExpected: boolean): boolean {
    if (this.handle) return true
    if (this.record) {
      const brand = this.record.config.props.brand ?? ''
      if (!this.brands.includes(brand)) {
        this.zerr(`Zone ${this.zone} uses non-existent brand "${brand}".  Unable to continue`)
        throw new Exit(1)
      }
      this.handle = structuredClone(this.record.config)
      this.gotHandle = true
      return true
    }
    this.zonePerror(this.zone, Z.NO_ZONE, handleExpected || this.gotHandle)
    if (!this.gotHandle && this.interactive) this.console.out("Use 'create' to begin configuring a new zone.\n")
    return false
  }

  get config(): ZoneConfig {
    if (!this.handle) throw new Error('zonecfg: no configuration loaded')
    return this.handle
  }

  stateAtLeast(min: ZoneState): boolean {
    return this.record !== undefined && stateAtLeast(this.record.state, min)
  }

  readOnly(): boolean {
    if (this.zone.startsWith('SUNW')) {
      this.fail(`${this.zone}: zones beginning with SUNW are read-only.`)
      return true
    }
    if (this.readOnlyMode) {
      this.fail(`${this.zone}: cannot ${this.command} in read-only mode.`)
      return true
    }
    return false
  }

  spec(type: string | undefined): ResourceSpec | undefined {
    return type === undefined ? undefined : this.specs[type]
  }

  isAlias(name: string): boolean {
    return this.flavour.aliases.includes(name)
  }
}
