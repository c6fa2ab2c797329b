// Splits zonecfg input into commands, like zonecfg_lex.l: blanks separate
// tokens, `;` or a newline ends a command, `#` starts a comment, `=` joins a
// property and its value, `"..."` quotes, `[a,b]` is a list, `(k=v,...)` a
// complex value.
import type {NameValue} from '../types.js'

export type Value =
  | {kind: 'simple'; text: string}
  | {kind: 'list'; items: Value[]}
  | {kind: 'complex'; pairs: NameValue[]}

export type Token = {kind: 'word'; text: string} | {kind: 'eq'} | {kind: 'value'; value: Value}

export interface Command {
  /** 1-based line of the input the command is on. */
  line: number
  tokens: Token[]
  /** Set when the command could not be tokenised: the text near the error. */
  syntaxError?: string
}

class Scanner {
  pos = 0
  line = 1
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.pos] ?? ''
  }
  next(): string {
    const ch = this.text[this.pos++] ?? ''
    if (ch === '\n') this.line++
    return ch
  }
  atEnd(): boolean {
    return this.pos >= this.text.length
  }
}

class LexError extends Error {}

const BLANK = /[ \t\r]/

function readQuoted(s: Scanner): string {
  s.next() // opening quote
  let text = ''
  while (!s.atEnd() && s.peek() !== '"' && s.peek() !== '\n') text += s.next()
  if (s.peek() !== '"') throw new LexError(`"${text}`)
  s.next()
  return text
}

/** A bare word; `stop` lists the characters that end it besides blanks and line ends. */
function readBare(s: Scanner, stop: string): string {
  let text = ''
  while (!s.atEnd() && !BLANK.test(s.peek()) && !`;\n"${stop}`.includes(s.peek())) text += s.next()
  return text
}

function readSimple(s: Scanner, stop: string): string {
  return s.peek() === '"' ? readQuoted(s) : readBare(s, stop)
}

function readComplex(s: Scanner): Value {
  s.next() // (
  const pairs: NameValue[] = []
  for (;;) {
    const name = readBare(s, '=,)')
    if (s.peek() !== '=') throw new LexError(name || s.peek())
    s.next()
    pairs.push({name, value: readSimple(s, ',)')})
    const ch = s.next()
    if (ch === ')') return {kind: 'complex', pairs}
    if (ch !== ',') throw new LexError(ch)
  }
}

function readList(s: Scanner): Value {
  s.next() // [
  const items: Value[] = []
  if (s.peek() === ']') {
    s.next()
    return {kind: 'list', items}
  }
  for (;;) {
    items.push(s.peek() === '(' ? readComplex(s) : {kind: 'simple', text: readSimple(s, ',]')})
    const ch = s.next()
    if (ch === ']') return {kind: 'list', items}
    if (ch !== ',') throw new LexError(ch)
  }
}

/** Tokenises a whole input; a lexing error is reported on its command. */
export function lex(input: string): Command[] {
  const s = new Scanner(input)
  const commands: Command[] = []
  let current: Command = {line: 1, tokens: []}
  let afterEquals = false

  const finish = (): void => {
    if (current.tokens.length > 0 || current.syntaxError !== undefined) commands.push(current)
    current = {line: s.line, tokens: []}
  }

  while (!s.atEnd()) {
    const ch = s.peek()
    if (BLANK.test(ch)) {
      s.next()
      continue
    }
    if (ch === '\n' || ch === ';') {
      s.next()
      finish()
      continue
    }
    if (current.tokens.length === 0) current.line = s.line
    if (ch === '#') {
      while (!s.atEnd() && s.peek() !== '\n') s.next()
      continue
    }
    try {
      if (ch === '=') {
        s.next()
        current.tokens.push({kind: 'eq'})
        afterEquals = true
        continue
      }
      if (ch === '[') current.tokens.push({kind: 'value', value: readList(s)})
      else if (ch === '(') current.tokens.push({kind: 'value', value: readComplex(s)})
      else if (ch === '"') current.tokens.push({kind: 'value', value: {kind: 'simple', text: readQuoted(s)}})
      else if (afterEquals) current.tokens.push({kind: 'value', value: {kind: 'simple', text: readBare(s, '')}})
      else current.tokens.push({kind: 'word', text: readBare(s, '=')})
    } catch (error) {
      if (!(error instanceof LexError)) throw error
      current.syntaxError = error.message
      while (!s.atEnd() && s.peek() !== '\n' && s.peek() !== ';') s.next()
    }
    afterEquals = false
  }
  finish()
  return commands
}

/** A token as a plain string (words and simple values), else undefined. */
export function tokenText(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text
  if (token?.kind === 'value' && token.value.kind === 'simple') return token.value.text
  return undefined
}
