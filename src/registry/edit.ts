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
  if (errors.length > 0)
    throw ZmgrError.fromDiagnostics(
      errors.map((d) => ({...d, message: `the change would make ${file} invalid: ${d.message}`})),
    )
}

/** The lock of templates and publishers, which name each other (a publisher in use by a template is not removed). */
export const CATALOG_LOCK = 'catalog'

/**
 * Run a read-modify-write of a registry file under its locks, so concurrent
 * edits serialise instead of losing one another. Pools also take the ipam
 * lock (no allocation while a range changes) and, because templates name
 * pools, the catalog lock; locks are always taken in that order (ipam, then
 * catalog). A dry run changes nothing and locks nothing.
 */
export async function withEditLock<T>(
  registry: Registry,
  kind: FileKind<unknown>,
  dryRun: boolean | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  await registry.requireRoot() // before the lock, which would otherwise create the root
  if (dryRun) return fn()
  const catalog = () => registry.withLock(CATALOG_LOCK, fn)
  return kind.kind === 'pool' ? registry.withLock('ipam', catalog) : catalog()
}

/** Write a new registry file; an existing one is replaced only with `overwrite`. */
export async function saveNewItem<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  text: string,
  options: {dryRun?: boolean; overwrite?: boolean} = {},
): Promise<SaveOutcome> {
  return withEditLock(registry, kind, options.dryRun, () => saveNewItemLocked(registry, kind, name, text, options))
}

async function saveNewItemLocked<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  text: string,
  options: {dryRun?: boolean; overwrite?: boolean},
): Promise<SaveOutcome> {
  const file = registry.fileOf(kind, name)
  assertReadable(kind, file, text)
  const exists = await registry.has(kind, name)
  if (exists && !options.overwrite)
    throw operationError(
      `zmgr::${kind.kind}::exists`,
      `${kind.kind} ${JSON.stringify(name)} already exists (${file})`,
      {help: `edit it with \`zmgr ${kind.folder} edit ${name}\`, or pass --force to replace it`},
    )
  const action = exists ? 'overwrite' : 'create'
  if (!options.dryRun) {
    if (exists) await writeFileAtomic(file, text)
    else if (!(await createFileExclusive(file, text)))
      throw operationError(`zmgr::${kind.kind}::exists`, `${kind.kind} ${JSON.stringify(name)} was created meanwhile`, {
        help: 'run the command again',
      })
  }
  return {file, action, dryRun: Boolean(options.dryRun), content: text}
}

/**
 * Change a registry file in place: `edit` works on the parsed document's top
 * node, so comments and formatting people wrote survive. The result must load
 * back cleanly or nothing is written.
 */
export async function editItem<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  edit: (node: Node) => void,
  options: {dryRun?: boolean} = {},
): Promise<SaveOutcome> {
  return withEditLock(registry, kind, options.dryRun, () => editItemLocked(registry, kind, name, edit, options))
}

async function editItemLocked<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  edit: (node: Node) => void,
  options: {dryRun?: boolean},
): Promise<SaveOutcome> {
  const item = await registry.load(kind, name)
  const top = item.source.document.nodes.find((node) => node.getName() === kind.node)!
  edit(top)
  const text = format(item.source.document)
  assertReadable(kind, item.file, text)
  if (!options.dryRun) {
    // zmgr's own edits are serialised by the lock, but a person's editor is not: don't overwrite their edit.
    if ((await readFile(item.file, 'utf8')) !== item.source.text)
      throw operationError(`zmgr::${kind.kind}::changed`, `${item.file} changed while zmgr was editing it`, {
        help: 'run the command again',
      })
    await writeFileAtomic(item.file, text)
  }
  return {file: item.file, action: 'edit', dryRun: Boolean(options.dryRun), content: text}
}

/**
 * Remove a registry file unless something still uses it (`inUse`: the users,
 * or a function finding them, which then runs under the edit lock so that no
 * new user appears between the check and the removal).
 */
export async function removeItem<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  options: {dryRun?: boolean; force?: boolean; inUse?: string[] | (() => Promise<string[]>)} = {},
): Promise<SaveOutcome> {
  return withEditLock(registry, kind, options.dryRun, () => removeItemLocked(registry, kind, name, options))
}

async function removeItemLocked<T>(
  registry: Registry,
  kind: FileKind<T>,
  name: string,
  options: {dryRun?: boolean; force?: boolean; inUse?: string[] | (() => Promise<string[]>)},
): Promise<SaveOutcome> {
  const item = await registry.load(kind, name)
  const users = typeof options.inUse === 'function' ? await options.inUse() : (options.inUse ?? [])
  if (users.length > 0 && !options.force) {
    throw inputError(
      `zmgr::${kind.kind}::in-use`,
      `${kind.kind} ${JSON.stringify(name)} is still used by ${users.join(', ')}`,
      {help: `change those first, or pass --force to remove it anyway`},
    )
  }
  if (!options.dryRun) await registry.removeFile(kind, name)
  return {file: item.file, action: 'remove', dryRun: Boolean(options.dryRun)}
}

/** The lines a command prints for a save: what happened, and the content on a dry run. */
export function describeSave(outcome: SaveOutcome): string {
  const verbs = {create: 'created', overwrite: 'replaced', edit: 'updated', remove: 'removed'}
  if (!outcome.dryRun) return `${verbs[outcome.action]} ${outcome.file}`
  const lines = [
    `dry run: would ${outcome.action === 'create' ? 'create' : outcome.action === 'remove' ? 'remove' : 'write'} ${outcome.file}`,
  ]
  if (outcome.content !== undefined)
    lines.push(
      ...outcome.content
        .trimEnd()
        .split('\n')
        .map((line) => `  | ${line}`),
    )
  return lines.join('\n')
}
