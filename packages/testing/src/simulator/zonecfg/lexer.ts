// zonecfg input as zonecfg_lex.l tokenises it and zonecfg_grammar.y accepts it
// (CONTRACT §3.3.1). The first word of a command is its keyword; after it the
// lexer reads bare or double-quoted TOKENs, resource and property keywords,
// `=`, `[a,b]` lists and `(k=v,...)` complex values. There is no escape
// character, so a value can never hold a `"`. A command the grammar rejects
// becomes a syntax error at the offending token, as yyerror() reports it.
import type {Flavour} from '../flavour.js'
import type {NameValue} from '../types.js'
import {COMMANDS} from './help.js'

export type Value =
  | {kind: 'simple'; text: string}
  | {kind: 'list'; items: Value[]}
  | {kind: 'complex'; pairs: NameValue[]}

export type Token = {kind: 'word'; text: string} | {kind: 'eq'} | {kind: 'value'; value: Value}

export interface Command {
  /** 1-based line of the input the command starts on. */
  line: number
  tokens: Token[]
  /** The grammar rejected the command: the token yyerror() names and lex_lineno at that point. */
  syntaxError?: {near: string; line: number}
  /** A grammar rule that only prints the command's usage matched (a bare `add`, `info foo`, ...). */
  usage?: boolean
}

const RESOURCE_TYPES = new Set([
  'net',
  'fs',
  'device',
  'rctl',
  'attr',
  'admin',
  'security-flags',
  'dataset',
  'dedicated-cpu',
  'capped-cpu',
  'capped-memory',
])

/** Property keywords of illumos-gate's lexer (TSTATE and CSTATE). */
const GATE_PROPERTY_NAMES = [
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'ip-type',
  'pool',
  'limitpriv',
  'bootargs',
  'type',
  'value',
  'options',
  'allowed-address',
  'address',
  'physical',
  'defrouter',
  'dir',
  'special',
  'raw',
  'name',
  'match',
  'priv',
  'limit',
  'action',
  'ncpus',
  'locked',
  'swap',
  'importance',
  'cpu-shares',
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'scheduling-class',
  'hostid',
  'user',
  'auths',
  'fs-allowed',
  'default',
  'lower',
  'upper',
]
/** The keywords OmniOS (and SmartOS) add for on-demand VNICs, net/device properties and the ZFS I/O priority. */
const OMNIOS_PROPERTY_NAMES = ['mac-addr', 'vlan-id', 'global-nic', 'property', 'zfs-io-priority']

/** Zone-wide properties `info <prop>` accepts (the INFO rules of the grammar). */
const INFO_PROPERTIES = new Set([
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'ip-type',
  'pool',
  'limitpriv',
  'bootargs',
  'scheduling-class',
  'cpu-shares',
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'hostid',
  'fs-allowed',
  'zfs-io-priority',
])

/** Resources `select` takes without qualifiers. */
const SELECT_BARE = new Set(['dedicated-cpu', 'capped-cpu', 'capped-memory'])

/** What the lexer returns: `text` as yyerror() shows it, `value` what a TOKEN stands for, `line` lex_lineno after it. */
interface Lexeme {
  kind:
    | 'command'
    | 'resource'
    | 'property'
    | 'token'
    | 'eq'
    | 'open-list'
    | 'close-list'
    | 'open-complex'
    | 'close-complex'
    | 'comma'
    | 'terminator'
    | 'char'
    | 'eof'
  text: string
  value: string
  line: number
}

type State = 'initial' | 'token' | 'list' | 'complex'

/** Characters that end a bare TOKEN, per lexer state. */
const STOP: Record<Exclude<State, 'initial'>, string> = {
  token: ' \t\n";=[]()',
  list: ' \t\n",;=[]()',
  complex: ' \t\n",;=()',
}

/** Command keywords longest first, so that flex's longest-match rule is kept. */
const COMMAND_WORDS = [...COMMANDS, '?'].sort((a, b) => b.length - a.length)

export interface LexOptions {
  /** OmniOS: quoted TOKENs also inside `( ... )`. */
  quotedComplexValues: boolean
  propertyNames: ReadonlySet<string>
}

export function lexOptions(flavour: Flavour): LexOptions {
  return {
    quotedComplexValues: flavour.quotedComplexValues,
    propertyNames: new Set([...GATE_PROPERTY_NAMES, ...(flavour.quotedComplexValues ? OMNIOS_PROPERTY_NAMES : [])]),
  }
}

function* lexemes(input: string, options: LexOptions): Generator<Lexeme> {
  let pos = 0
  let line = 1
  let state: State = 'initial'
  // flex's `state` variable: where `)` returns to (token or list state).
  let outer: 'token' | 'list' = 'token'
  const lexeme = (kind: Lexeme['kind'], text: string, value = text): Lexeme => ({kind, text, value, line})
  const one = (kind: Lexeme['kind']): Lexeme => lexeme(kind, input[pos++]!)
  while (pos < input.length) {
    const ch = input[pos]!
    if (ch === ' ' || ch === '\t') {
      pos++
      continue
    }
    if (ch === ';' || ch === '\n') {
      pos++
      if (ch === '\n') line++
      state = 'initial'
      yield lexeme('terminator', ch)
      continue
    }
    if (state === 'initial') {
      if (ch === '#') {
        while (pos < input.length && input[pos] !== '\n') pos++
        continue
      }
      const word = COMMAND_WORDS.find((w) => input.startsWith(w, pos))
      if (word === undefined) {
        yield one('char')
        continue
      }
      pos += word.length
      state = outer = 'token'
      yield lexeme('command', word === '?' ? 'help' : word)
      continue
    }
    if (ch === '=') yield one('eq')
    else if (ch === '[' && state === 'token') {
      state = outer = 'list'
      yield one('open-list')
    } else if (ch === ']' && state === 'list') {
      state = outer = 'token'
      yield one('close-list')
    } else if (ch === '(' && state !== 'complex') {
      state = 'complex'
      yield one('open-complex')
    } else if (ch === ')' && state === 'complex') {
      state = outer
      yield one('close-complex')
    } else if (ch === ',' && state !== 'token') {
      yield one('comma')
    } else if (ch === '"' && (state !== 'complex' || options.quotedComplexValues)) {
      // `"` up to the next `"` or newline; a newline ends it and stays in the value (no line count, no new command).
      const end = /["\n]/g
      end.lastIndex = pos + 1
      const found = end.exec(input)
      if (!found) {
        yield one('char')
        continue
      }
      const text = input.slice(pos, found.index + 1)
      pos = found.index + 1
      yield lexeme('token', text, found[0] === '"' ? text.slice(1, -1) : text.slice(1))
    } else if (!STOP[state].includes(ch)) {
      const start = pos
      while (pos < input.length && !STOP[state].includes(input[pos]!)) pos++
      const text = input.slice(start, pos)
      if (state === 'token' && RESOURCE_TYPES.has(text)) yield lexeme('resource', text)
      else if (state !== 'list' && options.propertyNames.has(text)) yield lexeme('property', text)
      else yield lexeme('token', text)
    } else {
      yield one('char')
    }
  }
  yield lexeme('eof', '')
}

class GrammarError extends Error {
  constructor(readonly at: Lexeme) {
    super('syntax error')
  }
}

/** One command's lexemes (up to its terminator) read against the grammar. */
class CommandParser {
  private index = 0
  constructor(private readonly items: Lexeme[]) {}

  peek(): Lexeme {
    return this.items[this.index]!
  }
  next(): Lexeme {
    return this.items[this.index++]!
  }
  atEnd(): boolean {
    const kind = this.peek().kind
    return kind === 'terminator' || kind === 'eof'
  }
  end(): void {
    if (!this.atEnd()) throw new GrammarError(this.peek())
  }
  fail(): never {
    throw new GrammarError(this.peek())
  }
  /** Up to `max` plain TOKENs (options and operands), then the terminator. */
  words(max: number): Token[] {
    const out: Token[] = []
    while (!this.atEnd()) {
      const item = this.peek()
      if (item.kind !== 'token' || out.length === max) this.fail()
      out.push({kind: 'word', text: this.next().value})
    }
    return out
  }
  name(kind: 'resource' | 'property'): {kind: 'word'; text: string} {
    if (this.peek().kind !== kind) this.fail()
    return {kind: 'word', text: this.next().text}
  }
  eq(): Token {
    if (this.peek().kind !== 'eq') this.fail()
    this.next()
    return {kind: 'eq'}
  }
  /** simple_prop_val: a TOKEN, or a resource or property keyword taken as text. */
  simple(): Value | undefined {
    const item = this.peek()
    return item.kind === 'token' || item.kind === 'resource' || item.kind === 'property'
      ? {kind: 'simple', text: this.next().value}
      : undefined
  }
  complex(): Value {
    this.next()
    const pairs: NameValue[] = []
    for (;;) {
      const name = this.name('property')
      this.eq()
      const value = this.simple()
      if (value?.kind !== 'simple') this.fail()
      pairs.push({name: name.text, value: value.text})
      const sep = this.next()
      if (sep.kind === 'close-complex') return {kind: 'complex', pairs}
      if (sep.kind !== 'comma') throw new GrammarError(sep)
    }
  }
  list(emptyAllowed: boolean): Value {
    this.next()
    const items: Value[] = []
    if (emptyAllowed && this.peek().kind === 'close-list') {
      this.next()
      return {kind: 'list', items}
    }
    for (;;) {
      const item = this.peek().kind === 'open-complex' ? this.complex() : this.simple()
      if (!item) this.fail()
      items.push(item)
      const sep = this.next()
      if (sep.kind === 'close-list') return {kind: 'list', items}
      if (sep.kind !== 'comma') throw new GrammarError(sep)
    }
  }
  /** property_value: simple, complex or list. */
  value(emptyListAllowed = false): Token {
    const kind = this.peek().kind
    const value =
      kind === 'open-complex' ? this.complex() : kind === 'open-list' ? this.list(emptyListAllowed) : this.simple()
    if (!value) this.fail()
    return {kind: 'value', value}
  }
  /** Up to three `prop=value` qualifiers (select, remove, info). */
  qualifiers(): Token[] {
    const out: Token[] = []
    for (let n = 0; n < 3 && !this.atEnd(); n++) out.push(this.name('property'), this.eq(), this.value())
    this.end()
    return out
  }
}

/** The arguments of one command as the grammar accepts them; `usage` for the rules that print the usage. */
function parseArguments(command: string, p: CommandParser): {tokens: Token[]; usage?: boolean} {
  const first = p.peek()
  switch (command) {
    case 'add': {
      if (p.atEnd()) return {tokens: [], usage: true}
      if (first.kind === 'token' || first.kind === 'resource') return {tokens: onlyWord(p)}
      const tokens = [p.name('property'), p.value()]
      p.end()
      return {tokens}
    }
    case 'create':
      return {tokens: p.words(3)}
    case 'export':
      return {tokens: p.words(2)}
    case 'cancel':
    case 'commit':
    case 'delete':
    case 'end':
    case 'exit':
    case 'help':
    case 'revert':
    case 'verify':
      return {tokens: p.words(1)}
    case 'info': {
      if (p.atEnd()) return {tokens: []}
      if (first.kind === 'token') {
        p.next()
        p.end()
        return {tokens: [], usage: true}
      }
      if (first.kind === 'property' && INFO_PROPERTIES.has(first.text)) return {tokens: onlyWord(p)}
      const type = p.name('resource')
      return {tokens: [type, ...p.qualifiers()]}
    }
    case 'remove': {
      if (p.atEnd()) return {tokens: [], usage: true}
      if (first.kind === 'token') {
        const force: Token = {kind: 'word', text: p.next().value}
        if (p.atEnd()) return {tokens: [], usage: true}
        const type = p.name('resource')
        p.end()
        return {tokens: [force, type]}
      }
      if (first.kind === 'property') {
        const tokens = [p.name('property'), p.value()]
        p.end()
        return {tokens}
      }
      const type = p.name('resource')
      return {tokens: [type, ...p.qualifiers()]}
    }
    case 'select': {
      if (p.atEnd()) return {tokens: [], usage: true}
      const type = p.name('resource')
      if (p.atEnd()) return SELECT_BARE.has(type.text) ? {tokens: [type]} : {tokens: [], usage: true}
      return {tokens: [type, ...p.qualifiers()]}
    }
    case 'set': {
      if (p.atEnd()) return {tokens: [], usage: true}
      const force: Token[] = []
      if (first.kind === 'token') {
        force.push({kind: 'word', text: p.next().value})
        if (p.peek().text !== 'zonepath') p.fail()
      }
      const tokens = [...force, p.name('property'), p.eq(), p.value(force.length === 0)]
      p.end()
      return {tokens}
    }
    case 'clear': {
      if (p.atEnd()) return {tokens: [], usage: true}
      const tokens = [p.name('property')]
      p.end()
      return {tokens}
    }
    default:
      throw new Error(`zonecfg: no grammar for ${command}`)
  }
}

/** One TOKEN or keyword, then the terminator. */
function onlyWord(p: CommandParser): Token[] {
  const item = p.next()
  if (item.kind !== 'token' && item.kind !== 'resource' && item.kind !== 'property') throw new GrammarError(item)
  p.end()
  return [{kind: 'word', text: item.value}]
}

/** Tokenises and parses a whole input; each command carries its tokens or its syntax error. */
export function lex(input: string, options: LexOptions): Command[] {
  const commands: Command[] = []
  let items: Lexeme[] = []
  let startLine = 1
  const flush = (): void => {
    const [first] = items
    if (!first || first.kind === 'terminator' || first.kind === 'eof') return
    const command: Command = {line: startLine, tokens: []}
    try {
      if (first.kind !== 'command') throw new GrammarError(first)
      const parser = new CommandParser(items.slice(1))
      const {tokens, usage} = parseArguments(first.text, parser)
      command.tokens = [{kind: 'word', text: first.text}, ...tokens]
      if (usage) command.usage = true
    } catch (error) {
      if (!(error instanceof GrammarError)) throw error
      // At end of input without a newline there is no token to name: yyerror() stays silent.
      if (error.at.kind === 'eof') return
      command.syntaxError = {near: error.at.text === '\n' ? '\\n' : error.at.text, line: error.at.line}
    }
    commands.push(command)
  }
  for (const item of lexemes(input, options)) {
    if (items.length === 0) startLine = item.line
    items.push(item)
    if (item.kind === 'terminator' || item.kind === 'eof') {
      flush()
      items = []
    }
  }
  return commands
}

/** A token as a plain string (words and simple values), else undefined. */
export function tokenText(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text
  if (token?.kind === 'value' && token.value.kind === 'simple') return token.value.text
  return undefined
}
