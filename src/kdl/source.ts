import {parse, getLocation, type Document, type Entry, type Node, type Value, type Identifier} from '@bgotink/kdl'
import type {Diagnostic, SourceLocation} from '../errors.js'

type Located = Value | Identifier | Entry | Node | Document

/**
 * A parsed KDL file: its text (for pointing at lines) and its format-preserving
 * document. Recording locations makes parsing about 2.5 times slower, and only
 * files with a problem need them, so they are found on demand: the first
 * `locate` parses the text again with locations and finds the same element
 * by its position in the tree.
 */
export class KdlSource {
  private lineStarts?: number[]
  private located?: Document

  constructor(
    readonly file: string,
    readonly text: string,
    readonly document: Document,
  ) {}

  /** Where an element of this document stands, with the line shown. */
  locate(element: Located | undefined): SourceLocation {
    const stored = element ? (getLocation(element) ?? this.locateTwin(element)) : undefined
    if (!stored) return {file: this.file, line: 1, column: 1, lineText: this.lineText(1)}
    const {start, end} = stored
    const length =
      end.line === start.line
        ? Math.max(1, end.column - start.column)
        : Math.max(1, this.lineText(start.line).length - start.column + 1)
    return {file: this.file, line: start.line, column: start.column, length, lineText: this.lineText(start.line)}
  }

  private locateTwin(element: Located) {
    this.located ??= parse(this.text, {storeLocations: true})
    if (element === this.document) return getLocation(this.located)
    const twin = findTwin(this.document, this.located, element)
    return twin ? getLocation(twin) : undefined
  }

  lineText(line: number): string {
    this.lineStarts ??= [0, ...[...this.text.matchAll(/\n/g)].map((m) => m.index! + 1)]
    const start = this.lineStarts[line - 1] ?? this.text.length
    const next = this.lineStarts[line] ?? this.text.length + 1
    return this.text.slice(start, next - 1).replace(/\r$/, '')
  }
}

/** The element of `other` (same text, parsed again) at the position `target` has in `document`. */
function findTwin(document: Document, other: Document, target: Located): Located | undefined {
  for (const [index, node] of document.nodes.entries()) {
    const twin = other.nodes[index]
    if (!twin) return undefined
    if (node === target) return twin
    if (node.name === target) return twin.name
    for (const [position, entry] of node.entries.entries()) {
      if (entry === target) return twin.entries[position]
      if (entry.value === target) return twin.entries[position]?.value
    }
    if (node.children && twin.children) {
      const found = findTwin(node.children, twin.children, target)
      if (found) return found
    }
  }
  return undefined
}

/** Parse KDL text; syntax errors become located diagnostics (every one the parser reports). */
export function parseKdl(file: string, text: string, kind: string): {source?: KdlSource; diagnostics: Diagnostic[]} {
  try {
    return {source: new KdlSource(file, text, parse(text)), diagnostics: []}
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
