import type {Entry, Node} from '@bgotink/kdl'
import {relative} from 'node:path'
import type {Diagnostic, Severity} from '../errors.js'
import type {Sourced} from '../registry/load.js'

/** The one top-level node of a registry item's file: `zone "web01" { ... }`, `pool "public" { ... }`. */
export function itemNode(item: Sourced, kind: string): Node | undefined {
  return item.source.document.nodes.find((node) => node.getName() === kind)
}

/** A node's argument (by index) or property (by name), falling back to the node itself. */
export function entryOrNode(node: Node, at: string | number): Entry | Node {
  return (typeof at === 'number' ? node.getArgumentEntry(at) : node.getPropertyEntry(at)) ?? node
}

export interface ProblemSpec {
  code: string
  message: string
  help?: string
  severity?: Severity
  data?: Record<string, unknown>
}

/** A diagnostic pointing at a node or entry of an item's file (with the line shown). */
export function problemAt(item: Sourced, at: Node | Entry | undefined, problem: ProblemSpec): Diagnostic {
  const {severity = 'error', ...rest} = problem
  return {...rest, severity, location: item.source.locate(at)}
}

/** Where a node stands, as `zones/a.kdl:5` (relative to the root), for messages that name a second place. */
export function placeOf(root: string, item: Sourced, at: Node | Entry | undefined): string {
  const {file, line} = item.source.locate(at)
  return `${relative(root, file) || file}:${line}`
}
