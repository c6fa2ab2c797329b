import {Document, parse, type Node} from '@bgotink/kdl'
import type {KdlScalar} from './reader.js'

/** A node to write: zmgr builds files from these, and edits existing files with them. */
export interface KdlNodeSpec {
  name: string
  args?: KdlScalar[]
  props?: Record<string, KdlScalar | undefined>
  children?: KdlNodeSpec[]
}

const INDENT = '    '

/** A KDL v2 string literal (KDL escapes differ from JSON's for control characters). */
export function kdlString(text: string): string {
  let out = '"'
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`
    else out += ch
  }
  return `${out}"`
}

export function kdlValue(value: KdlScalar): string {
  if (value === null) return '#null'
  if (typeof value === 'boolean') return value ? '#true' : '#false'
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? '#inf' : value < 0 ? '#-inf' : '#nan'
  return kdlString(value)
}

const bareIdentifier = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const reservedWords = new Set(['true', 'false', 'null', 'inf', 'nan'])

function kdlIdentifier(name: string): string {
  return bareIdentifier.test(name) && !reservedWords.has(name) ? name : kdlString(name)
}

/** One node as text, its children indented by four spaces per level. */
export function formatNode(spec: KdlNodeSpec, depth = 0): string {
  const pad = INDENT.repeat(depth)
  const parts = [kdlIdentifier(spec.name), ...(spec.args ?? []).map(kdlValue)]
  for (const [key, value] of Object.entries(spec.props ?? {}))
    if (value !== undefined) parts.push(`${kdlIdentifier(key)}=${kdlValue(value)}`)
  let line = pad + parts.join(' ')
  if (spec.children && spec.children.length > 0)
    line += ` {\n${spec.children.map((child) => formatNode(child, depth + 1)).join('')}${pad}}`
  return `${line}\n`
}

export function formatDocument(nodes: KdlNodeSpec[], header?: string): string {
  const comment = header
    ? `${header
        .split('\n')
        .map((line) => `// ${line}`.trimEnd())
        .join('\n')}\n`
    : ''
  return comment + nodes.map((node) => formatNode(node)).join('')
}

function nodeFromSpec(spec: KdlNodeSpec): Node {
  return parse(formatNode(spec).trimEnd(), {as: 'node'})
}

function indentOf(node: Node): string {
  return (node.leading ?? '').split('\n').pop() ?? ''
}

/**
 * Replace the first child named like the spec, keeping the old line's place,
 * indentation and trailing comment; append it when there is none. This is how
 * zmgr edits files people wrote without losing their comments.
 */
export function setChild(
  parent: Node,
  spec: KdlNodeSpec,
  match: (node: Node) => boolean = (node) => node.getName() === spec.name,
): void {
  const existing = parent.children?.nodes.find(match)
  if (!existing) {
    appendChild(parent, spec)
    // A new `net` belongs after the other nets, not after whatever came last.
    const siblings = parent.children!.nodes
    const lastSameName = siblings.slice(0, -1).findLast((node) => node.getName() === spec.name)
    if (lastSameName && lastSameName !== siblings.at(-2)) {
      const added = siblings.at(-1)!
      parent.removeNode(added)
      parent.insertNodeAfter(added, lastSameName)
    }
    return
  }
  const replacement = nodeFromSpec(spec)
  replacement.leading = existing.leading
  replacement.trailing = existing.trailing
  if (existing.children && replacement.children) reindent(replacement, indentOf(existing))
  parent.replaceNode(existing, replacement)
}

/** Append a child with the indentation its siblings use. */
export function appendChild(parent: Node, spec: KdlNodeSpec): void {
  const node = nodeFromSpec(spec)
  const siblings = parent.children?.nodes ?? []
  const parentIndent = indentOf(parent)
  const indent = siblings.length > 0 ? indentOf(siblings.at(-1)!) : parentIndent + INDENT
  node.leading = siblings.length > 0 ? indent : `\n${indent}`
  node.trailing = '\n'
  if (node.children) reindent(node, indent)
  if (!parent.children) {
    parent.children = new Document([])
    parent.beforeChildren = ' '
  }
  if (siblings.length === 0) parent.children.trailing = parentIndent
  parent.appendNode(node)
  const last = siblings.at(-2)
  if (last && !(last.trailing ?? '').includes('\n')) last.trailing = `${last.trailing ?? ''}\n`
}

/** Replace one argument's value; the new value is written in zmgr's style (strings quoted). */
export function setArgument(node: Node, index: number, value: KdlScalar): void {
  const entry = node.getArgumentEntry(index)
  if (!entry) {
    node.addArgument(value, null, index)
    return
  }
  const replacement = parse(kdlValue(value), {as: 'entry'})
  replacement.leading = entry.leading
  replacement.trailing = entry.trailing
  node.entries[node.entries.indexOf(entry)] = replacement
}

export function removeChildren(parent: Node, match: (node: Node) => boolean): number {
  const doomed = parent.children?.nodes.filter(match) ?? []
  for (const node of doomed) parent.removeNode(node)
  return doomed.length
}

/** Children parsed from text carry no indentation: give them the parent's plus one level. */
function reindent(node: Node, indent: string): void {
  const children = node.children?.nodes ?? []
  for (const child of children) {
    child.leading = `\n${indent}${INDENT}`
    child.trailing = ''
    reindent(child, indent + INDENT)
  }
  if (node.children) node.children.trailing = `\n${indent}`
}
