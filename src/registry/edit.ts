import {format, type Node} from '@bgotink/kdl'
import {readFile} from 'node:fs/promises'
import {inputError, operationError, ZmgrError} from '../errors.js'
import {createFileExclusive, writeFileAtomic} from '../fs/atomic.js'
import {type FileKind, readItem} from './load.js'
import type {Registry} from './registry.js'

export interface SaveOutcome {
  file: string
  action: 'create' | 'overwrite' | 'edit' | 'remove'
  dryRun: boolean
  /** The text written (or that would be written). */
  content?: string
}

/** Refuse text that would not load back: zmgr never writes a file it cannot read. */
function assertReadable<T>(kind: FileKind<T>, file: string, text: string): void {
  const errors = readItem(kind, file, text).diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) throw ZmgrError.fromDiagnostics(errors.map((d) => ({...d, message: `the change would make ${file} invalid: ${d.message}`})))
}

/** Write a new registry file; an existing one is replaced only with `overwrite`. */
export async function saveNewItem<T>(registry: Registry, kind: FileKind<T>, name: string, text: string, options: {dryRun?: boolean; overwrite?: boolean} = {}): Promise<SaveOutcome> {
  await registry.requireRoot()
  const file = registry.fileOf(kind, name)
  assertReadable(kind, file, text)
  const exists = await registry.has(kind, name)
  if (exists && !options.overwrite) throw operationError(`zmgr::${kind.kind}::exists`, `${kind.kind} ${JSON.stringify(name)} already exists (${file})`, {help: `edit it with \`zmgr ${kind.folder} edit ${name}\`, or pass --force to replace it`})
  const action = exists ? 'overwrite' : 'create'
  if (!options.dryRun) {
    if (exists) await writeFileAtomic(file, text)
    else if (!(await createFileExclusive(file, text))) throw operationError(`zmgr::${kind.kind}::exists`, `${kind.kind} ${JSON.stringify(name)} was created meanwhile`, {help: 'run the command again'})
  }
  return {file, action, dryRun: Boolean(options.dryRun), content: text}
}

/**
 * Change a registry file in place: `edit` works on the parsed document's top
 * node, so comments and formatting people wrote survive. The result must load
 * back cleanly or nothing is written.
 */
export async function editItem<T>(registry: Registry, kind: FileKind<T>, name: string, edit: (node: Node) => void, options: {dryRun?: boolean} = {}): Promise<SaveOutcome> {
  const item = await registry.load(kind, name)
  const top = item.source.document.nodes.find((node) => node.getName() === kind.node)!
  edit(top)
  const text = format(item.source.document)
  assertReadable(kind, item.file, text)
  if (!options.dryRun) {
    // Someone may have changed the file since it was read; don't overwrite their edit.
    if ((await readFile(item.file, 'utf8')) !== item.source.text) throw operationError(`zmgr::${kind.kind}::changed`, `${item.file} changed while zmgr was editing it`, {help: 'run the command again'})
    await writeFileAtomic(item.file, text)
  }
  return {file: item.file, action: 'edit', dryRun: Boolean(options.dryRun), content: text}
}

/** Remove a registry file after `refuse` had its say (it returns the reason to keep it, if any). */
export async function removeItem<T>(registry: Registry, kind: FileKind<T>, name: string, options: {dryRun?: boolean; force?: boolean; inUse?: string[]} = {}): Promise<SaveOutcome> {
  const item = await registry.load(kind, name)
  const users = options.inUse ?? []
  if (users.length > 0 && !options.force) {
    throw inputError(`zmgr::${kind.kind}::in-use`, `${kind.kind} ${JSON.stringify(name)} is still used by ${users.join(', ')}`, {help: `change those first, or pass --force to remove it anyway`})
  }
  if (!options.dryRun) await registry.removeFile(kind, name)
  return {file: item.file, action: 'remove', dryRun: Boolean(options.dryRun)}
}

/** The lines a command prints for a save: what happened, and the content on a dry run. */
export function describeSave(outcome: SaveOutcome): string {
  const verbs = {create: 'created', overwrite: 'replaced', edit: 'updated', remove: 'removed'}
  if (!outcome.dryRun) return `${verbs[outcome.action]} ${outcome.file}`
  const lines = [`dry run: would ${outcome.action === 'create' ? 'create' : outcome.action === 'remove' ? 'remove' : 'write'} ${outcome.file}`]
  if (outcome.content !== undefined) lines.push(...outcome.content.trimEnd().split('\n').map((line) => `  | ${line}`))
  return lines.join('\n')
}
