// The zonecfg command interpreter: one session per invocation, mirroring
// zonecfg.c (read_input/cleanup, the *_func handlers and their messages).
import {writeFileSync} from 'node:fs'
import type {Flavour} from '../flavour.js'
import {Exit, type Console} from '../io.js'
import {validLinkName, validZoneName} from '../names.js'
import type {Store} from '../store.js'
import {hasKernelInstance, stateAtLeast, type Resource, type ZoneConfig, type ZoneRecord, type ZoneState} from '../types.js'
import {getAliased, matchResources, removeAliased, resourcesOfType, setAliased, templateConfig, templateName} from './config.js'
import {aliasLine, cpuCapInfo, exportConfig, fullInfo, globalPropLine, memoryCaps, memoryCapsInfo, resourceInfo, resourceTypeInfo, type MemoryCaps} from './format.js'
import {isCommandName, LONG_HELP, printHelp, SHORT_USAGE, syntaxUsage, type CommandName} from './help.js'
import {tokenText, type Command, type Token, type Value} from './lexer.js'
import {aliasByName, GLOBAL_PROPS, KNOWN_PROPERTIES, MCAP_ALIASES, resourceSpecs, strToBytes, type ResourceSpec} from './resources.js'

// libzonecfg error texts (zonecfg_strerror).
const Z = {
  NO_ZONE: 'No such zone configured',
  NO_ENTRY: 'No such entry',
  NO_RESOURCE_TYPE: 'No such resource type',
  NO_RESOURCE_ID: 'No such resource with that id',
  NO_PROPERTY_TYPE: 'No such property type',
  NO_PROPERTY_ID: 'No such property with that id',
  INSUFFICIENT_SPEC: 'Insufficient specification',
  BAD_ZONE_STATE: 'Zone state is invalid for the requested operation',
  CLEAR_DISALLOW: 'Clearing this property is not allowed',
  ALIAS_DISALLOW: 'An incompatible rctl already exists for this property',
  NAME_IN_USE: 'Zone name already in use',
  REQD_RESOURCE_MISSING: 'Required resource missing',
  REQD_PROPERTY_MISSING: 'Required property missing',
  INVAL: 'Invalid argument',
  INCOMPATIBLE: 'Incompatible settings',
  INVALID_DOCUMENT: 'Invalid document',
}

const ZONE_WIDE_SETTABLE = new Set(GLOBAL_PROPS)
/** Commands that only make sense at global scope (check_scope). */
const GLOBAL_ONLY = new Set<CommandName>(['create', 'commit', 'delete', 'export', 'revert', 'select'])

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

interface Scope {
  spec: ResourceSpec
  /** The resource being edited; for capped-memory, byte counts of physical/swap/locked. */
  res: Resource
  op: 'add' | 'select'
  /** select: the stored resource being modified. */
  original?: Resource
}

export class ZonecfgSession {
  private readonly store: Store
  private readonly flavour: Flavour
  private readonly brands: string[]
  private readonly specs: Record<string, ResourceSpec>
  private readonly console: Console
  private readonly interactive: boolean
  private readonly cmdFileMode: boolean
  private zone: string
  private originalName: string
  private record: ZoneRecord | undefined
  private handle: ZoneConfig | undefined
  private gotHandle = false
  private needToCommit = false
  private sawError = false
  private timeToExit = false
  private forceExit = false
  private scope: Scope | undefined
  private line = 0
  private lastErrorLine = 0

  constructor(private readonly options: SessionOptions) {
    this.store = options.store
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

  // --- driver (read_input / cleanup) --------------------------------------------

  /** Runs a whole input (file, stdin or arguments) and returns the exit status. */
  run(commands: Command[], lastLine: number): number {
    if (this.interactive) this.initialize(false)
    for (const command of commands) {
      this.execute(command)
      if (this.sawError && this.cmdFileMode && !this.interactive) this.timeToExit = true
      if (this.timeToExit) break
    }
    this.line = lastLine
    const status = this.cleanup()
    return status === 'repeat' ? 1 : status
  }

  /** A terminal session: prompt, read, run, until exit or EOF. */
  runTerminal(readLine: (prompt: string) => string | null, lexLine: (line: string) => Command[]): number {
    this.initialize(false)
    for (;;) {
      for (;;) {
        const scope = this.scope ? `:${this.scope.spec.type}` : ''
        const input = readLine(`zonecfg:${this.zone}${scope}> `)
        if (input === null) break
        for (const command of lexLine(input)) {
          this.execute(command)
          if (this.timeToExit) break
        }
        if (this.timeToExit) break
      }
      const status = this.cleanup()
      if (status !== 'repeat') return status
    }
  }

  private cleanup(): number | 'repeat' {
    if (this.options.mode === 'args') this.options.okToPrompt = false
    if (this.scope) {
      if (!this.timeToExit) {
        const answer = this.ask('Resource incomplete; really quit')
        if (answer === -1) {
          this.zerr('Resource incomplete.')
          return 1
        }
        if (answer !== 1) return 'repeat'
      } else {
        this.sawError = true
      }
    }
    if (this.needToCommit && this.handle) {
      this.verify(true)
      if (this.needToCommit) {
        if (this.forceExit) {
          this.zerr('Configuration not saved.')
          return 1
        }
        const answer = this.ask('Configuration not saved; really quit')
        if (answer === -1) {
          this.zerr('Configuration not saved.')
          return 1
        }
        if (answer !== 1) {
          this.timeToExit = false
          return 'repeat'
        }
      }
    }
    return this.needToCommit || this.sawError ? 1 : 0
  }

  private execute(command: Command): void {
    this.line = command.line
    const [first, ...rest] = command.tokens
    const name = tokenText(first)
    if (command.syntaxError !== undefined || first?.kind !== 'word' || name === undefined || !isCommandName(name)) {
      this.syntaxError(command.syntaxError ?? name ?? '=')
      return
    }
    if (this.scope && GLOBAL_ONLY.has(name)) {
      this.scopeUsage(name)
      return
    }
    const handlers: Record<CommandName, (args: Token[]) => void> = {
      add: a => this.add(a),
      cancel: a => this.cancel(a),
      clear: a => this.clear(a),
      commit: a => this.commit(a),
      create: a => this.create(a),
      delete: a => this.delete(a),
      end: a => this.end(a),
      exit: a => this.exit(a),
      export: a => this.export(a),
      help: a => this.help(a),
      info: a => this.info(a),
      remove: a => this.remove(a),
      revert: a => this.revert(a),
      select: a => this.select(a),
      set: a => this.set(a),
      verify: a => this.verifyCommand(a),
    }
    handlers[name](rest)
  }

  // --- messages -----------------------------------------------------------------

  /** zerr(): in command-file mode the first error of a line gets an `On line N` header. */
  private zerr(message: string): void {
    if (this.cmdFileMode && this.line > this.lastErrorLine) {
      this.console.err(
        this.options.fileName === '-' ? `On line ${this.line}:\n` : `On line ${this.line} of ${this.options.fileName}:\n`,
      )
      this.lastErrorLine = this.line
    }
    this.console.err(`${message}\n`)
  }

  private fail(message: string): void {
    this.zerr(message)
    this.sawError = true
  }

  private zonePerror(prefix: string, text: string, setSaw = true): void {
    this.zerr(`${prefix}: ${text}`)
    if (setSaw) this.sawError = true
  }

  private cmdResPerror(command: string, type: string, text: string): void {
    this.fail(`${command} ${type}: ${text}`)
  }

  private syntaxError(near: string): void {
    this.fail(`syntax error at '${near}'\n`)
  }

  private shortUsage(command: CommandName): void {
    if (this.cmdFileMode)
      this.console.err(
        this.options.fileName === '-'
          ? `syntax error on line ${this.line}\n`
          : `syntax error on line ${this.line} of ${this.options.fileName}\n`,
      )
    this.console.err(`usage:\n${SHORT_USAGE[command]}\n`)
    this.sawError = true
  }

  private longUsage(command: CommandName, setSaw = true): void {
    const text = `usage:\n${SHORT_USAGE[command]}\n\t${LONG_HELP[command]}\n`
    if (setSaw) {
      this.console.err(text)
      this.sawError = true
    } else {
      this.console.out(text)
    }
  }

  private scopeUsage(command: CommandName): void {
    this.fail(`The ${command} command only makes sense in the ${this.scope ? 'global' : 'resource'} scope.`)
  }

  /** ask_yesno(): 1 yes, 0 no, -1 when no question can be asked. */
  private ask(question: string): number {
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

  // --- helpers -------------------------------------------------------------------

  /** Loads the configuration on first use (initialize() in zonecfg.c). */
  private initialize(handleExpected: boolean): boolean {
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

  private get config(): ZoneConfig {
    if (!this.handle) throw new Error('zonecfg: no configuration loaded')
    return this.handle
  }

  private stateAtLeast(min: ZoneState): boolean {
    return this.record !== undefined && stateAtLeast(this.record.state, min)
  }

  private readOnly(): boolean {
    if (this.zone.startsWith('SUNW')) {
      this.fail(`${this.zone}: zones beginning with SUNW are read-only.`)
      return true
    }
    return false
  }

  /** getopt over plain words; undefined after printing the usage on a bad option or operand. */
  private getopt(command: CommandName, args: Token[], flags: string, withValue = ''): Record<string, string> | undefined {
    const result: Record<string, string> = {}
    const words = args.map(tokenText)
    for (let i = 0; i < words.length; i++) {
      const word = words[i]
      if (word === undefined || !word.startsWith('-') || word.length !== 2) {
        this.shortUsage(command)
        return undefined
      }
      const flag = word[1]!
      if (flag === '?') {
        this.longUsage(command, false)
        return undefined
      }
      if (withValue.includes(flag)) {
        const value = words[++i]
        if (value === undefined) {
          this.shortUsage(command)
          return undefined
        }
        result[flag] = value
      } else if (flags.includes(flag)) {
        result[flag] = ''
      } else {
        this.shortUsage(command)
        return undefined
      }
    }
    return result
  }

  /** Splits `prop=value` qualifier pairs; undefined on malformed input. */
  private pairs(tokens: Token[]): Array<[string, Value]> | undefined {
    const pairs: Array<[string, Value]> = []
    for (let i = 0; i < tokens.length; i += 3) {
      const name = tokens[i]
      const eq = tokens[i + 1]
      const value = tokens[i + 2]
      if (name?.kind !== 'word' || eq?.kind !== 'eq' || value?.kind !== 'value') return undefined
      pairs.push([name.text, value.value])
    }
    return pairs
  }

  private simplePairs(tokens: Token[], command: CommandName): Record<string, string> | undefined {
    const pairs = this.pairs(tokens)
    if (!pairs) {
      this.shortUsage(command)
      return undefined
    }
    const result: Record<string, string> = {}
    for (const [name, value] of pairs) {
      if (value.kind !== 'simple') {
        this.fail('A simple value was expected here.')
        return undefined
      }
      result[name] = value.text
    }
    return result
  }

  private spec(type: string | undefined): ResourceSpec | undefined {
    return type === undefined ? undefined : this.specs[type]
  }

  private isAlias(name: string): boolean {
    return this.flavour.aliases.includes(name)
  }

  // --- create / delete / revert / exit ------------------------------------------------

  private create(args: Token[]): void {
    const opts = this.getopt('create', args, 'bF', 'at')
    if (!opts || this.readOnly()) return
    const force = 'F' in opts
    if (this.record) {
      if (this.stateAtLeast('installed')) {
        this.zerr(`Zone ${this.zone} already installed; create not allowed.`)
        return
      }
      if (force) {
        this.console.out(`Zone ${this.zone} already exists; overwriting.\n`)
      } else {
        const answer = this.ask(`Zone ${this.zone} already exists; create anyway`)
        if (answer === -1) {
          this.zerr('Zone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.')
          throw new Exit(1)
        }
        if (answer !== 1) return
      }
    }
    if ('a' in opts) {
      this.console.err('invalid path to detached zone\n')
      return
    }
    const template = 'b' in opts ? 'SUNWblank' : 't' in opts ? templateName(this.flavour, opts.t!) : 'SUNWdefault'
    const config = templateConfig(this.flavour, this.brands, template)
    if (!config) {
      this.zonePerror(template, Z.NO_ZONE)
      return
    }
    this.handle = config
    this.needToCommit = true
    this.gotHandle = true
  }

  private delete(args: Token[]): void {
    const opts = this.getopt('delete', args, 'F')
    if (!opts || this.readOnly()) return
    const force = 'F' in opts
    if (!force) {
      if (!this.initialize(true)) return
      const answer = this.ask(`Are you sure you want to delete zone ${this.zone}`)
      if (answer === -1) {
        this.zerr('Input not from terminal and -F not specified:\ndelete command ignored, exiting.')
        throw new Exit(1)
      }
      if (answer !== 1) return
    }
    if (!this.record) {
      this.zonePerror(this.zone, Z.NO_ZONE)
    } else if (hasKernelInstance(this.record.state)) {
      this.zonePerror(this.zone, Z.BAD_ZONE_STATE)
    } else if (!force && this.stateAtLeast('incomplete')) {
      this.fail(`Zone ${this.zone} not in configured state; delete not allowed.  Use -F to force delete.`)
    } else {
      this.store.deleteZone(this.record.name)
      this.record = undefined
    }
    this.needToCommit = false
    if (force && !this.handle && this.interactive) this.console.out("Use 'create' to begin configuring a new zone.\n")
    if (this.gotHandle) {
      this.handle = this.record ? structuredClone(this.record.config) : undefined
      this.gotHandle = this.handle !== undefined
    }
  }

  private revert(args: Token[]): void {
    const opts = this.getopt('revert', args, 'F')
    if (!opts || this.readOnly()) return
    if (!this.handle) {
      this.fail('No changes to revert.')
      return
    }
    if (!('F' in opts)) {
      const answer = this.ask('Are you sure you want to revert')
      if (answer === -1) {
        this.zerr('Input not from terminal and -F not specified:\nrevert command ignored, exiting.')
        throw new Exit(1)
      }
      if (answer !== 1) return
    }
    this.zone = this.originalName
    this.record = this.store.zone(this.originalName)
    this.handle = this.record ? structuredClone(this.record.config) : undefined
    if (!this.handle) {
      this.gotHandle = false
      this.fail(`${this.originalName}: no such saved zone to revert to.`)
    }
  }

  private exit(args: Token[]): void {
    const opts = this.getopt('exit', args, 'F')
    if (!opts) return
    if ('F' in opts) this.forceExit = true
    if (!this.scope || this.forceExit) {
      this.timeToExit = true
      return
    }
    const answer = this.ask('Resource incomplete; really quit')
    if (answer === -1) {
      this.zerr(
        'Resource incomplete, input not from terminal and -F not specified:\nexit command ignored, but exiting anyway.',
      )
      throw new Exit(1)
    }
    if (answer === 1) this.timeToExit = true
  }

  // --- set / clear ------------------------------------------------------------------

  private set(args: Token[]): void {
    if (this.readOnly()) return
    let tokens = args
    let force = false
    if (tokenText(tokens[0]) === '-F') {
      force = true
      tokens = tokens.slice(1)
    }
    const pairs = this.pairs(tokens)
    if (!pairs || pairs.length !== 1) {
      this.shortUsage('set')
      return
    }
    const [prop, value] = pairs[0]!
    if (!this.scope && !ZONE_WIDE_SETTABLE.has(prop) && !this.isAlias(prop)) {
      this.fail('Cannot set a resource-specific property from the global scope.')
      return
    }
    if (force) {
      this.fail(prop === 'zonepath' ? 'Zonepath is changeable only in an alternate root.' : 'Only zonepath setting can be forced.')
      return
    }
    const listAllowed =
      (this.scope?.spec.type === 'fs' && prop === 'options') || (this.scope?.spec.type === 'rctl' && prop === 'value')
    if (!listAllowed && value.kind !== 'simple') {
      this.fail('A simple value was expected here.')
      return
    }
    if (!KNOWN_PROPERTIES.has(prop)) {
      this.longUsage('set')
      return
    }
    if (prop === 'zonename' && !this.gotHandle && !this.record) {
      this.renameBeforeCreate((value as {text: string}).text)
      return
    }
    if (!this.initialize(true)) return
    if (this.scope) this.setResourceProperty(this.scope, prop, value)
    else this.setZoneProperty(prop, (value as {text: string}).text)
  }

  private renameBeforeCreate(name: string): void {
    if (!validZoneName(name)) {
      this.zonePerror(name, 'Bogus zone name')
      this.console.err(syntaxUsage(false))
      return
    }
    this.zone = name
    this.originalName = name
  }

  private setZoneProperty(prop: string, value: string): void {
    const props = this.config.props
    const installedGuard = (): boolean => {
      if (!this.stateAtLeast('installed')) return false
      this.zerr(`Zone ${this.zone} already installed; set ${prop} not allowed.`)
      return true
    }
    switch (prop) {
      case 'zonename':
        if (!validZoneName(value)) {
          this.zonePerror(value, 'Bogus zone name')
          this.console.err(syntaxUsage(false))
        } else if (this.stateAtLeast('installed')) {
          this.zonePerror(value, Z.BAD_ZONE_STATE)
        } else {
          this.zone = value
          this.needToCommit = true
        }
        return
      case 'zonepath':
        if (installedGuard()) return
        if (!value.startsWith('/')) return this.fail(`${value} is not an absolute path.`)
        if (/^\/+$/.test(value)) return this.fail('/ is not allowed as a zonepath.')
        break
      case 'brand':
        if (installedGuard()) return
        break
      case 'autoboot':
        if (value !== 'true' && value !== 'false') return this.fail("autoboot value must be 'true' or 'false'.")
        break
      case 'ip-type':
        if (value !== 'shared' && value !== 'exclusive')
          return this.fail("ip-type value must be 'shared' or 'exclusive'.")
        break
      case 'pool':
        if (value.startsWith('SUNW')) return this.fail('pool names starting with SUNW are reserved.')
        if (resourcesOfType(this.config, 'dedicated-cpu').length > 0)
          return this.fail(
            'The dedicated-cpu resource already exists.  A persistent pool is incompatible\nwith the dedicated-cpu resource.',
          )
        break
      default:
        if (this.isAlias(prop)) {
          this.setAliasProperty(prop, value)
          return
        }
    }
    props[prop] = value
    this.needToCommit = true
  }

  private setAliasProperty(prop: string, text: string): void {
    const alias = aliasByName(prop)
    let limitText = text
    if (alias.size) {
      const bytes = strToBytes(text)
      if (bytes === undefined)
        return this.fail('A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.')
      limitText = String(bytes)
    }
    if (getAliased(this.config, prop).status === 'incompatible') {
      this.zonePerror(prop, Z.ALIAS_DISALLOW)
      return
    }
    if (!/^[0-9]+$/.test(limitText) || Number(limitText) < alias.min)
      return this.fail(`${prop} property is out of range.`)
    setAliased(this.config, prop, Number(limitText))
    this.needToCommit = true
  }

  private setResourceProperty(scope: Scope, prop: string, value: Value): void {
    const spec = scope.spec
    const isList = (spec.list === 'options' && prop === 'options') || (spec.list === 'values' && prop === 'value')
    if (!spec.props.includes(prop) && !isList) {
      this.zonePerror(prop, Z.NO_PROPERTY_TYPE)
      this.longUsage('set')
      return
    }
    if (isList) {
      if (prop === 'options') scope.res.options = []
      else scope.res.values = []
      if (!(value.kind === 'list' && value.items.length === 0)) this.addListValue(scope, prop, value)
      return
    }
    const text = (value as {text: string}).text
    const stored = this.validateResourceProperty(spec.type, prop, text)
    if (stored !== undefined) scope.res.props[prop] = stored
  }

  /** Per-property checks of set_func; returns the value to store or undefined after an error. */
  private validateResourceProperty(type: string, prop: string, text: string): string | undefined {
    switch (`${type}.${prop}`) {
      case 'net.address':
      case 'net.allowed-address':
        return this.validAddress(text, false) ? text : undefined
      case 'net.defrouter':
        return this.validAddress(text, true) ? text : undefined
      case 'net.physical':
        return this.validPhysical(text) ? text : undefined
      case 'net.vlan-id':
        if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 4094)
          return void this.fail(`${text}: invalid vlan-id`)
        return text
      case 'fs.type':
        if (text === '' || text.includes('/') || text === '.' || text === '..')
          return void this.fail(`"${text}" is not a valid type.`)
        return text
      case 'rctl.name':
        if (!text.startsWith('zone.')) return void this.zerr(`'${text}' is not a valid zone rctl name.`)
        return text
      case 'dedicated-cpu.ncpus': {
        const [low, high = low] = text.split('-')
        if (!/^[0-9]+$/.test(low ?? '') || !/^[0-9]+$/.test(high) || Number(low) < 1 || Number(low) > Number(high))
          return void this.fail('ncpus property is out of range.')
        return text
      }
      case 'dedicated-cpu.importance':
        if (!/^[0-9]+$/.test(text)) return void this.fail('importance property is out of range.')
        return text
      case 'capped-cpu.ncpus': {
        const cap = Number(text)
        if (!/^[0-9]*\.?[0-9]+$/.test(text) || !(cap > 0) || Math.trunc(cap * 100) < 1)
          return void this.fail('ncpus property is out of range.')
        return text
      }
      case 'capped-memory.physical':
      case 'capped-memory.swap':
      case 'capped-memory.locked':
        return this.validMemoryCap(prop, text)
      default:
        return text
    }
  }

  private validMemoryCap(prop: string, text: string): string | undefined {
    const alias = MCAP_ALIASES[prop]!
    if (prop !== 'physical' && getAliased(this.config, alias).status === 'incompatible') {
      this.zonePerror(prop === 'swap' ? 'max-swap' : prop, Z.ALIAS_DISALLOW)
      return undefined
    }
    const bytes = strToBytes(text)
    const expected =
      prop === 'locked'
        ? 'A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.'
        : 'A positive number with a required scale suffix (K, M, G or T) was expected here.'
    if (bytes === undefined) return void this.fail(expected)
    const minimum = prop === 'physical' ? 1024 * 1024 : prop === 'swap' ? 50 * 1024 * 1024 : 0
    if (bytes < minimum)
      return void this.fail(`${prop} value is too small.  It must be at least ${prop === 'physical' ? '1M' : '50M'}.`)
    return String(bytes)
  }

  /** validate_net_address_syntax(). */
  private validAddress(address: string, isHost: boolean): boolean {
    const slash = address.indexOf('/')
    const host = slash >= 0 ? address.slice(0, slash) : address
    const prefix = slash >= 0 ? Number.parseInt(address.slice(slash + 1), 10) : undefined
    if (isHost && slash >= 0)
      this.zerr(
        `Warning: prefix length in ${address} is not required and will be ignored. The default host-prefix length will be used`,
      )
    if (host.includes(':')) {
      if (isHost) return true
      if (prefix === undefined) this.fail(`${address}: IPv6 addresses require /prefix-length suffix.`)
      else if (!(prefix >= 0 && prefix <= 128)) this.fail(`${address}: IPv6 address prefix lengths must be 0 - 128.`)
      else return true
      return false
    }
    if (!isHost && prefix !== undefined && !(prefix >= 0 && prefix <= 32)) {
      this.fail(`${address}: IPv4 address prefix lengths must be 0 - 32.`)
      return false
    }
    if (/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host)) return true
    this.fail(`${host}: bogus host name or network address syntax`)
    return false
  }

  /** validate_net_physical_syntax(): exclusive IP needs a datalink name. */
  private validPhysical(name: string): boolean {
    if (this.config.props['ip-type'] === 'exclusive') {
      if (validLinkName(name)) return true
      this.fail(
        name.includes(':')
          ? `${name}: physical interface name required; logical interface name not allowed`
          : `${name}: invalid physical interface name`,
      )
      return false
    }
    const [base = '', lun] = name.split(':')
    if (!/^[A-Za-z][A-Za-z0-9_.]*[0-9]$/.test(base)) {
      this.fail(`${name}: invalid physical interface name`)
      return false
    }
    if (lun !== undefined) {
      this.fail(`${name}: LUNs not allowed in physical interface names`)
      return false
    }
    return true
  }

  private clear(args: Token[]): void {
    if (this.readOnly()) return
    const prop = tokenText(args[0])
    if (prop === undefined || args.length !== 1) {
      this.shortUsage('clear')
      return
    }
    if (!this.initialize(true)) return
    if (this.scope) {
      this.clearResourceProperty(this.scope, prop)
      return
    }
    const props = this.config.props
    if (['zonename', 'zonepath', 'brand'].includes(prop)) {
      this.zonePerror(prop, Z.CLEAR_DISALLOW)
    } else if (prop === 'autoboot') {
      props.autoboot = 'false'
      this.needToCommit = true
    } else if (prop === 'ip-type') {
      props['ip-type'] = 'shared'
      this.needToCommit = true
    } else if (ZONE_WIDE_SETTABLE.has(prop)) {
      delete props[prop]
      this.needToCommit = true
    } else if (this.isAlias(prop)) {
      const found = getAliased(this.config, prop)
      if (found.status !== 'set') {
        this.fail(`clear ${prop}: ${found.status === 'unset' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW}`)
        return
      }
      removeAliased(this.config, prop)
      this.needToCommit = true
    } else {
      this.zonePerror(prop, Z.NO_PROPERTY_TYPE)
      this.longUsage('clear')
    }
  }

  private clearResourceProperty(scope: Scope, prop: string): void {
    if (!scope.spec.props.includes(prop) || scope.spec.required.includes(prop)) {
      this.zonePerror(prop, Z.CLEAR_DISALLOW)
      return
    }
    delete scope.res.props[prop]
    this.needToCommit = true
  }

  // --- add / remove / select / end / cancel -------------------------------------------

  private add(args: Token[]): void {
    if (this.readOnly()) return
    if (!this.initialize(true)) return
    if (this.scope) {
      this.addProperty(this.scope, args)
      return
    }
    const type = tokenText(args[0])
    if (args.length !== 1 || type === undefined) {
      this.shortUsage('add')
      return
    }
    const spec = this.spec(type)
    if (!spec) {
      this.longUsage('add')
      return
    }
    if (spec.single && this.singleResourceExists(spec)) return
    this.scope = {spec, res: {type, props: {}}, op: 'add'}
  }

  /** add_resource() prints these without marking the session as failed. */
  private blocked(message: string): true {
    this.zerr(message)
    return true
  }

  /** add_resource()'s checks for single-instance resources; true (after a message) when blocked. */
  private singleResourceExists(spec: ResourceSpec): boolean {
    const config = this.config
    const dedicated = resourcesOfType(config, 'dedicated-cpu').length > 0
    const cpuCap = getAliased(config, 'cpu-cap').status
    switch (spec.type) {
      case 'dedicated-cpu':
        if (dedicated) return this.blocked('The dedicated-cpu resource already exists.')
        if (cpuCap !== 'unset') return this.blocked('The capped-cpu resource already exists.')
        if (config.props.pool)
          return this.blocked('The pool property is already set.  A persistent pool is incompatible with\nthe dedicated-cpu resource.')
        return false
      case 'capped-cpu':
        if (dedicated) return this.blocked('The dedicated-cpu resource already exists.')
        if (cpuCap === 'incompatible') return this.blocked(`capped-cpu: ${Z.ALIAS_DISALLOW}`)
        if (cpuCap === 'set') return this.blocked('The capped-cpu resource already exists.')
        return false
      case 'capped-memory':
        if (Object.keys(memoryCaps(config, this.flavour)).length > 0)
          return this.blocked('The capped-memory resource or a related resource control already exists.')
        return false
      default:
        if (resourcesOfType(config, spec.type).length > 0) return this.blocked(`The ${spec.type} resource already exists.`)
        return false
    }
  }

  /** `add <prop> <value>` in resource scope: fs options, rctl values, net/device properties. */
  private addProperty(scope: Scope, args: Token[]): void {
    const prop = tokenText(args[0])
    const value = args[1]
    if (prop === undefined || args.length !== 2 || value === undefined) {
      this.longUsage('add')
      return
    }
    const listProp = {options: 'options', values: 'value', properties: 'property'}[scope.spec.list ?? 'options']
    if (scope.spec.list === undefined || prop !== listProp) {
      this.zonePerror(prop, Z.NO_PROPERTY_TYPE)
      this.longUsage('add')
      return
    }
    this.addListValue(scope, prop, value.kind === 'value' ? value.value : {kind: 'simple', text: tokenText(value) ?? ''})
  }

  private addListValue(scope: Scope, prop: string, value: Value): void {
    const items = value.kind === 'list' ? value.items : [value]
    if (prop === 'options') {
      if (value.kind === 'complex') return this.fail('A simple or list value was expected here.')
      for (const item of items) if (item.kind === 'simple') (scope.res.options ??= []).push(item.text)
      return
    }
    if (value.kind === 'simple') {
      this.fail(prop === 'value' ? 'A complex or list value was expected here.' : 'A complex value was expected here.')
      return
    }
    for (const item of items) {
      if (item.kind !== 'complex') continue
      if (prop === 'value') this.addRctlValue(scope.res, item.pairs)
      else this.addComplexProperty(scope.res, item.pairs)
    }
  }

  /** do_complex_rctl_val(). Its errors do not mark the session as failed (as in zonecfg.c). */
  private addRctlValue(res: Resource, pairs: Array<{name: string; value: string}>): void {
    const seen: Record<string, string> = {}
    for (const {name, value} of pairs) {
      if (!['priv', 'limit', 'action'].includes(name)) {
        this.zonePerror('value', Z.NO_PROPERTY_TYPE)
        this.longUsage('add')
        return
      }
      if (name in seen) return this.zerr(`${name} already specified`)
      seen[name] = value
    }
    const missing = ['priv', 'limit', 'action'].filter(key => !(key in seen))
    for (const key of missing) this.zerr(`${key} not specified`)
    if (missing.length > 0) return
    const valid =
      ['basic', 'privileged', 'system'].includes(seen.priv!) &&
      /^[0-9]+$/.test(seen.limit!) &&
      /^(none|deny|signal=\S+)$/.test(seen.action!)
    if (!valid) return this.zerr('Invalid rctl value specification')
    ;(res.values ??= []).push({priv: seen.priv!, limit: seen.limit!, action: seen.action!})
  }

  private addComplexProperty(res: Resource, pairs: Array<{name: string; value: string}>): void {
    const name = pairs.find(p => p.name === 'name')?.value
    const value = pairs.find(p => p.name === 'value')?.value
    if (name === undefined || value === undefined || pairs.length !== 2) {
      this.zonePerror('property', Z.NO_PROPERTY_TYPE)
      return
    }
    ;(res.properties ??= []).push({name, value})
  }

  private remove(args: Token[]): void {
    if (this.readOnly()) return
    if (this.scope) {
      this.removeProperty(this.scope, args)
      return
    }
    let tokens = args
    let force = false
    if (tokenText(tokens[0]) === '-F') {
      force = true
      tokens = tokens.slice(1)
    }
    const type = tokens[0]?.kind === 'word' ? tokens[0].text : undefined
    const spec = this.spec(type)
    if (!spec || type === undefined) {
      this.longUsage('remove')
      return
    }
    if (!this.initialize(true)) return
    if (spec.single) {
      this.removeSingle(spec)
      return
    }
    const qualifiers = this.qualifiers('remove', spec, tokens.slice(1))
    if (!qualifiers) return
    const all = resourcesOfType(this.config, type)
    let doomed: Resource[]
    if (Object.keys(qualifiers).length > 0) {
      doomed = matchResources(this.config, type, qualifiers)
      if (doomed.length !== 1) {
        this.cmdResPerror('remove', type, doomed.length === 0 ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC)
        return
      }
    } else {
      if (all.length === 0) return this.cmdResPerror('remove', type, Z.NO_ENTRY)
      if (all.length > 1 && !force) {
        if (!this.interactive) {
          this.fail(
            'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.',
          )
          return
        }
        const answer = this.ask(`Are you sure you want to remove ALL '${type}' resources`)
        if (answer === -1) return this.zerr('Resource incomplete.')
        if (answer !== 1) return
      }
      doomed = all
    }
    this.config.resources = this.config.resources.filter(r => !doomed.includes(r))
    this.needToCommit = true
  }

  /** Qualifiers of remove/select/info: `prop=value` pairs naming properties of the resource. */
  private qualifiers(command: CommandName, spec: ResourceSpec, tokens: Token[]): Record<string, string> | undefined {
    const pairs = this.simplePairs(tokens, command)
    if (!pairs) return undefined
    for (const prop of Object.keys(pairs)) {
      if (!spec.props.includes(prop)) {
        this.zonePerror(prop, Z.NO_PROPERTY_TYPE)
        this.cmdResPerror(command, spec.type, Z.INSUFFICIENT_SPEC)
        return undefined
      }
    }
    return pairs
  }

  private removeSingle(spec: ResourceSpec): void {
    const config = this.config
    if (spec.type === 'capped-cpu' || spec.type === 'capped-memory') {
      const present =
        spec.type === 'capped-cpu'
          ? getAliased(config, 'cpu-cap').status === 'set'
          : Object.keys(memoryCaps(config, this.flavour)).length > 0
      if (!present) return this.cmdResPerror('remove', spec.type, Z.NO_RESOURCE_TYPE)
      if (spec.type === 'capped-cpu') removeAliased(config, 'cpu-cap')
      else this.applyMemoryCaps({}, true)
    } else {
      if (resourcesOfType(config, spec.type).length === 0) return this.cmdResPerror('remove', spec.type, Z.NO_ENTRY)
      config.resources = config.resources.filter(r => r.type !== spec.type)
    }
    this.needToCommit = true
  }

  private removeProperty(scope: Scope, args: Token[]): void {
    const prop = tokenText(args[0])
    const token = args[1]
    if (prop === undefined || args.length !== 2 || token === undefined) {
      this.longUsage('remove')
      return
    }
    const value: Value = token.kind === 'value' ? token.value : {kind: 'simple', text: tokenText(token) ?? ''}
    const res = scope.res
    const type = scope.spec.type
    if (type === 'net' && prop === 'defrouter') {
      delete res.props.defrouter
      return
    }
    const removeFrom = <T>(list: T[] | undefined, same: (item: T) => boolean): void => {
      const index = list?.findIndex(same) ?? -1
      if (index < 0) this.zonePerror(prop, Z.NO_PROPERTY_ID)
      else list!.splice(index, 1)
    }
    const items = value.kind === 'list' ? value.items : [value]
    if (type === 'fs' && prop === 'options') {
      for (const item of items) if (item.kind === 'simple') removeFrom(res.options, o => o === item.text)
    } else if (type === 'rctl' && prop === 'value' && value.kind === 'complex') {
      const wanted = Object.fromEntries(value.pairs.map(p => [p.name, p.value]))
      removeFrom(res.values, v => v.priv === wanted.priv && v.limit === wanted.limit && v.action === wanted.action)
    } else if (scope.spec.list === 'properties' && prop === 'property' && value.kind === 'complex') {
      const name = value.pairs.find(p => p.name === 'name')?.value
      removeFrom(res.properties, p => p.name === name)
    } else {
      this.zonePerror(prop, Z.NO_PROPERTY_TYPE)
      this.longUsage('remove')
    }
  }

  private select(args: Token[]): void {
    if (this.readOnly()) return
    const type = args[0]?.kind === 'word' ? args[0].text : undefined
    const spec = this.spec(type)
    if (!spec || type === undefined) {
      this.longUsage('select')
      return
    }
    if (!this.initialize(true)) return
    if (spec.single) {
      const res = this.selectSingle(spec)
      if (res) this.scope = {spec, res, op: 'select', original: resourcesOfType(this.config, type)[0]}
      return
    }
    const qualifiers = this.qualifiers('select', spec, args.slice(1))
    if (!qualifiers) return
    const found = Object.keys(qualifiers).length > 0 ? matchResources(this.config, type, qualifiers) : []
    if (found.length !== 1) {
      const text = found.length === 0 && Object.keys(qualifiers).length > 0 ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC
      this.cmdResPerror('select', type, text)
      return
    }
    this.scope = {spec, res: structuredClone(found[0]!), op: 'select', original: found[0]}
  }

  /** The working copy for `select` of a single-instance resource, or undefined after an error. */
  private selectSingle(spec: ResourceSpec): Resource | undefined {
    const config = this.config
    if (spec.type === 'capped-cpu') {
      const cap = getAliased(config, 'cpu-cap')
      if (cap.status !== 'set') return void this.cmdResPerror('select', spec.type, Z.NO_ENTRY)
      return {type: spec.type, props: {ncpus: String(cap.limit / 100)}}
    }
    if (spec.type === 'capped-memory') {
      const caps = memoryCaps(config, this.flavour)
      if (Object.keys(caps).length === 0) return void this.cmdResPerror('select', spec.type, Z.NO_RESOURCE_TYPE)
      return {type: spec.type, props: Object.fromEntries(Object.entries(caps).map(([k, v]) => [k, String(v)]))}
    }
    const existing = resourcesOfType(config, spec.type)[0]
    if (!existing) return void this.cmdResPerror('select', spec.type, Z.NO_ENTRY)
    return structuredClone(existing)
  }

  private cancel(args: Token[]): void {
    if (args.length > 0) {
      this.shortUsage('cancel')
      return
    }
    if (!this.scope) this.scopeUsage('cancel')
    this.scope = undefined
  }

  private end(args: Token[]): void {
    if (args.length > 0) {
      this.shortUsage('end')
      return
    }
    const scope = this.scope
    if (!scope) {
      this.scopeUsage('end')
      return
    }
    if (!this.endChecks(scope)) {
      this.sawError = true
      return
    }
    if (scope.spec.type === 'capped-cpu') {
      setAliased(this.config, 'cpu-cap', Math.trunc(Number(scope.res.props.ncpus) * 100))
    } else if (scope.spec.type === 'capped-memory') {
      const caps: MemoryCaps = {}
      for (const [prop, value] of Object.entries(scope.res.props)) caps[prop as keyof MemoryCaps] = Number(value)
      this.applyMemoryCaps(caps, scope.op === 'select')
    } else if (scope.op === 'add') {
      if (this.isDuplicate(scope)) {
        this.sawError = true
        return
      }
      this.config.resources.push(scope.res)
    } else {
      const index = this.config.resources.indexOf(scope.original!)
      this.config.resources[index] = scope.res
    }
    this.needToCommit = true
    this.scope = undefined
  }

  /** Validation at `end`; prints every problem, false when any. */
  private endChecks(scope: Scope): boolean {
    const {spec, res} = scope
    let ok = true
    const bad = (message: string): void => {
      this.zerr(message)
      ok = false
    }
    for (const prop of spec.required) if (!res.props[prop]) bad(`${prop} not specified`)
    switch (spec.type) {
      case 'fs':
        if (res.props.dir && !res.props.dir.startsWith('/')) bad(`dir ${res.props.dir} is not an absolute path.`)
        if (res.props.raw && !res.props.raw.startsWith('/')) bad(`raw ${res.props.raw} is not an absolute path.`)
        break
      case 'rctl':
        if ((res.values ?? []).length === 0) bad('no value specified')
        break
      case 'attr':
        if (res.props.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(res.props.name))
          bad(
            /^[A-Za-z0-9]/.test(res.props.name)
              ? `Invalid attr name ${res.props.name}: can only contain alpha-numeric characters, plus '-' and '.'.`
              : `Invalid attr name ${res.props.name}: must start with an alpha-numeric character.`,
          )
        this.checkAttrValue(res, bad)
        break
      case 'capped-cpu':
        if (!res.props.ncpus) bad('ncpus not specified')
        break
      case 'capped-memory': {
        const {physical, locked} = res.props
        if (!physical && !res.props.swap && !locked)
          bad('No property was specified.  One of physical, swap or locked is required.')
        else if (physical && locked && Number(physical) < Number(locked))
          bad('The locked cap must be less than or equal to the physical cap.')
        break
      }
    }
    return ok
  }

  private checkAttrValue(res: Resource, bad: (message: string) => void): void {
    const {type, value = ''} = res.props
    const valid: Record<string, RegExp> = {
      boolean: /^(true|false)$/,
      int: /^-?[0-9]+$/,
      uint: /^[0-9]+$/,
      string: /^/,
    }
    if (type === undefined) return bad(`invalid attr type ''`)
    const pattern = valid[type]
    if (!pattern) return bad(`invalid attr type '${type}'`)
    if (!pattern.test(value)) bad(`invalid attr value for type=${type}`)
  }

  /** The duplicate check of end_func for `add`. */
  private isDuplicate(scope: Scope): boolean {
    const {spec, res} = scope
    const same = resourcesOfType(this.config, spec.type).some(r =>
      spec.key.every(key => (r.props[key] ?? '') === (res.props[key] ?? '')),
    )
    if (!same) return false
    if (spec.type === 'net') {
      const [label, value] = res.props.address
        ? ['address', res.props.address]
        : ['allowed-address', res.props['allowed-address'] ?? '']
      this.zerr(`A net resource with the physical '${res.props.physical}', and ${label} '${value}' already exists.`)
    } else {
      const key = spec.key[0]!
      this.zerr(`${spec.type === 'attr' ? 'An' : 'A'} ${spec.type} resource with the ${key} '${res.props[key]}' already exists.`)
    }
    return true
  }

  /** Stores capped-memory values where the flavour keeps them; `replace` drops unset ones. */
  private applyMemoryCaps(caps: MemoryCaps, replace: boolean): void {
    const config = this.config
    for (const [prop, alias] of Object.entries(MCAP_ALIASES)) {
      const value = caps[prop as keyof MemoryCaps]
      if (prop === 'physical' && !this.flavour.physicalCapIsRctl) {
        if (value !== undefined) {
          config.resources = config.resources.filter(r => r.type !== 'capped-memory')
          config.resources.push({type: 'capped-memory', props: {physical: String(value)}})
        } else if (replace) {
          config.resources = config.resources.filter(r => r.type !== 'capped-memory')
        }
        continue
      }
      if (value !== undefined) setAliased(config, alias, value)
      else if (replace) removeAliased(config, alias)
    }
  }

  // --- info / export -----------------------------------------------------------------

  private info(args: Token[]): void {
    if (!this.initialize(true)) return
    const config = this.config
    if (this.scope) {
      this.console.out(this.scopeInfo(this.scope))
      return
    }
    const what = args[0]?.kind === 'word' ? args[0].text : undefined
    if (what === undefined) {
      this.console.out(fullInfo(config, this.zone, this.flavour, this.specs))
      return
    }
    if (GLOBAL_PROPS.includes(what)) {
      this.console.out(globalPropLine(config, this.zone, what))
      return
    }
    if (this.isAlias(what)) {
      this.console.out(aliasLine(config, what))
      return
    }
    const spec = this.spec(what)
    if (!spec) {
      this.console.out(fullInfo(config, this.zone, this.flavour, this.specs))
      return
    }
    const qualifiers = this.qualifiers('info', spec, args.slice(1))
    if (!qualifiers) return
    const text = resourceTypeInfo(config, this.flavour, spec, qualifiers)
    if (text === '' && Object.keys(qualifiers).length > 0) this.console.out(`No such ${spec.type} resource.\n`)
    else this.console.out(text)
  }

  /** `info` inside a resource scope shows the resource being edited. */
  private scopeInfo(scope: Scope): string {
    if (scope.spec.type === 'capped-cpu') {
      const ncpus = scope.res.props.ncpus
      return ncpus ? cpuCapInfo(Math.trunc(Number(ncpus) * 100)) : ''
    }
    if (scope.spec.type === 'capped-memory') {
      const caps: MemoryCaps = {}
      for (const [prop, value] of Object.entries(scope.res.props)) caps[prop as keyof MemoryCaps] = Number(value)
      return memoryCapsInfo(caps, this.flavour)
    }
    return resourceInfo(scope.spec, scope.res)
  }

  private export(args: Token[]): void {
    const opts = this.getopt('export', args, '', 'f')
    if (!opts) return
    if (!this.initialize(true)) return
    const text = exportConfig(this.config, this.flavour, this.specs)
    if (opts.f === undefined) {
      this.console.out(text)
      return
    }
    try {
      writeFileSync(opts.f, text)
    } catch (error) {
      this.zerr(`opening file ${opts.f}: ${(error as Error).message}`)
    }
  }

  private help(args: Token[]): void {
    printHelp(this.console, tokenText(args[0]))
  }

  // --- verify / commit -------------------------------------------------------------

  private verifyCommand(args: Token[]): void {
    if (args.length > 0) {
      this.shortUsage('verify')
      return
    }
    if (this.readOnly()) return
    this.verify(false)
  }

  private commit(args: Token[]): void {
    if (args.length > 0) {
      this.shortUsage('commit')
      return
    }
    if (this.readOnly()) return
    this.verify(true)
  }

  /** verify_func(): checks the whole configuration; with `save`, commits it when valid. */
  private verify(save: boolean): void {
    if (!this.initialize(true)) return
    const config = this.config
    let result: string | undefined
    const problem = (message: string, code: string): void => {
      this.fail(message)
      result ??= code
    }
    if (!config.props.zonepath) problem('zonepath cannot be empty.', Z.REQD_RESOURCE_MISSING)
    const brand = config.props.brand ?? ''
    if (!this.brands.includes(brand)) {
      this.zerr(`${this.zone}: unknown brand.\n`)
      this.zonePerror(this.zone, Z.INVALID_DOCUMENT)
      return
    }
    const exclusive = config.props['ip-type'] === 'exclusive'
    const required = (res: Resource, prop: string): void => {
      if (!res.props[prop]) problem(`${res.type}: ${prop} not specified`, Z.REQD_PROPERTY_MISSING)
    }
    for (const fs of resourcesOfType(config, 'fs')) for (const prop of ['dir', 'special', 'type']) required(fs, prop)
    const defrouterWithoutAddress = new Set<string>()
    const linksWithAddress = new Set<string>()
    for (const net of resourcesOfType(config, 'net')) {
      required(net, 'physical')
      const physical = net.props.physical ?? ''
      if (physical && !this.validPhysical(physical)) result ??= Z.INVAL
      if (!exclusive) {
        required(net, 'address')
        if (net.props['allowed-address'])
          problem('net: allowed-address cannot be specified for a shared IP type', Z.INVAL)
      } else if (net.props.address) {
        problem('net: address cannot be specified for an exclusive IP type', Z.INVAL)
      } else {
        if (net.props['allowed-address']) linksWithAddress.add(physical)
        if (net.props.defrouter) defrouterWithoutAddress.add(physical)
      }
    }
    for (const link of defrouterWithoutAddress)
      if (!linksWithAddress.has(link))
        problem(`net: defrouter for ${link} cannot be specified without allowed-address for an exclusive IP type`, Z.INVAL)
    let cpuShares = false
    let cpuCap = false
    for (const rctl of resourcesOfType(config, 'rctl')) {
      required(rctl, 'name')
      cpuShares ||= rctl.props.name === 'zone.cpu-shares'
      cpuCap ||= rctl.props.name === 'zone.cpu-cap'
      if ((rctl.values ?? []).length === 0) problem('rctl: no value specified', Z.REQD_PROPERTY_MISSING)
    }
    const dedicated = resourcesOfType(config, 'dedicated-cpu').length > 0
    if (dedicated && cpuShares) problem('rctl zone.cpu-shares and dedicated-cpu are incompatible.', Z.INCOMPATIBLE)
    const sched = config.props['scheduling-class']
    if (cpuShares && sched && sched !== 'FSS')
      problem(`WARNING: rctl zone.cpu-shares and scheduling-class=${sched} are incompatible`, Z.INCOMPATIBLE)
    if (dedicated && cpuCap) problem('rctl zone.cpu-cap and the dedicated-cpu are incompatible.', Z.INCOMPATIBLE)
    for (const attr of resourcesOfType(config, 'attr')) for (const prop of ['name', 'type', 'value']) required(attr, prop)
    for (const dataset of resourcesOfType(config, 'dataset')) {
      if (!dataset.props.name) problem('dataset: name not specified', Z.REQD_PROPERTY_MISSING)
      else if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(dataset.props.name) || dataset.props.name.endsWith('/'))
        problem('dataset: name invalid', 'Bad property value')
    }
    for (const admin of resourcesOfType(config, 'admin')) for (const prop of ['user', 'auths']) required(admin, prop)
    if (this.scope) problem('resource specification incomplete', Z.INSUFFICIENT_SPEC)

    if (save) {
      if (result === undefined) result = this.save()
      else this.zerr(`Zone ${this.zone} failed to verify`)
    }
    if (result !== undefined) this.zonePerror(this.zone, result)
  }

  /** zonecfg_save(): writes the zone record and index; returns an error text on failure. */
  private save(): string | undefined {
    const renamed = this.zone !== this.originalName
    if (renamed && this.store.zone(this.zone)) return Z.NAME_IN_USE
    const config = structuredClone(this.config)
    const record: ZoneRecord = this.record
      ? {...this.record, name: this.zone, config}
      : {name: this.zone, state: 'configured', zoneid: null, uuid: '', debugid: null, config, publishers: []}
    record.debugid ??= this.store.nextId('nextDebugId')
    if (renamed && this.record) this.store.renameZone(this.originalName, record)
    else this.store.saveZone(record)
    this.record = record
    this.originalName = this.zone
    this.needToCommit = false
    return undefined
  }
}

