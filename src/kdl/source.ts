import {parse, getLocation, type Document, type Entry, type Node, type Value, type Identifier} from '@bgotink/kdl'
import {readFile} from 'node:fs/promises'
import type {Diagnostic, SourceLocation} from '../errors.js'
import {inputError} from '../errors.js'

type Located = Value | Identifier | Entry | Node | Document

/** A parsed KDL file: its text (for pointing at lines) and its format-preserving document. */
export class KdlSource {
  private lineStarts?: number[]

  constructor(readonly file: string, readonly text: string, readonly document: Document) {}

  /** Where an element of this document stands, with the line shown. */
  locate(element: Located | undefined): SourceLocation {
    const stored = element ? getLocation(element) : undefined
    if (!stored) return {file: this.file, line: 1, column: 1, lineText: this.lineText(1)}
    const {start, end} = stored
    const length = end.line === start.line ? Math.max(1, end.column - start.column) : Math.max(1, this.lineText(start.line).length - start.column + 1)
    return {file: this.file, line: start.line, column: start.column, length, lineText: this.lineText(start.line)}
  }

  lineText(line: number): string {
    this.lineStarts ??= [0, ...[...this.text.matchAll(/\n/g)].map((m) => m.index! + 1)]
    const start = this.lineStarts[line - 1] ?? this.text.length
    const next = this.lineStarts[line] ?? this.text.length + 1
    return this.text.slice(start, next - 1).replace(/\r$/, '')
  }
}

/** Parse KDL text; syntax errors become located diagnostics (every one the parser reports). */
export function parseKdl(file: string, text: string, kind: string): {source?: KdlSource; diagnostics: Diagnostic[]} {
  try {
    return {source: new KdlSource(file, text, parse(text, {storeLocations: true})), diagnostics: []}
  } catch (error) {
    type Detail = {message: string; start?: {line: number; column: number}}
    const failure = error as Detail & {flat?: () => Iterable<Detail>}
    const details: Detail[] = typeof failure.flat === 'function' ? [...failure.flat()] : [failure]
    const lines = text.split('\n')
    const diagnostics = details.map((detail): Diagnostic => {
      const line = detail.start?.line ?? 1
      let column = detail.start?.column ?? 1
      // The parser notices a bare keyword (`true`) after reading it: point at the word itself.
      const keyword = /^Invalid keyword "([^"]+)"/.exec(detail.message)?.[1]
      const at = keyword ? (lines[line - 1] ?? '').lastIndexOf(keyword, column - 1) : -1
      if (at >= 0) column = at + 1
      return {
        code: `zmgr::${kind}::parse`,
        severity: 'error',
        message: `invalid KDL: ${detail.message.replace(/ at \d+:\d+$/, '')}`,
        help: 'fix the syntax at the marked place (KDL v2: strings in quotes, booleans are #true/#false)',
        location: {file, line, column, lineText: (lines[line - 1] ?? '').replace(/\r$/, '')},
      }
    })
    return {diagnostics}
  }
}

/** Read and parse a KDL file; a missing or unreadable file is an input error. */
export async function readKdlFile(file: string, kind: string): Promise<{source?: KdlSource; diagnostics: Diagnostic[]}> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw inputError(code === 'ENOENT' ? `zmgr::${kind}::not-found` : `zmgr::${kind}::unreadable`, `cannot read ${file}: ${(error as Error).message}`, {
      help: code === 'ENOENT' ? `create it, or run \`zmgr init\` to write a starter set` : 'check the file permissions',
    })
  }
  return parseKdl(file, text, kind)
}
