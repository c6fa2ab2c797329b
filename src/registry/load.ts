import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {fsError, isFsError, ZmgrError} from '../errors.js'
import {nameProblemOf} from '../names/registry.js'
import {KdlReadContext, type NodeView} from '../kdl/reader.js'
import {type KdlSource, parseKdl} from '../kdl/source.js'

/** Where a loaded item came from: its file, parsed, for pointing at lines and for rewriting. */
export interface Sourced {
  file: string
  source: KdlSource
}

/** How one kind of registry file is read: `templates/NAME.kdl` holds one `template "NAME" {...}`. */
export interface FileKind<T> {
  kind: string
  folder: string
  node: string
  read(view: NodeView, name: string, source: KdlSource): T
  /** Why a name cannot name an item of this kind (it becomes a file name); the generic rule of src/names/registry.ts when absent. */
  nameProblem?(name: string): string | undefined
}

export interface LoadResult<T> {
  value?: T & Sourced
  diagnostics: Diagnostic[]
}

/** Read one registry item from parsed text; every problem is a located diagnostic. */
export function readItem<T>(spec: FileKind<T>, file: string, text: string): LoadResult<T> {
  const parsed = parseKdl(file, text, spec.kind)
  if (!parsed.source) return parsed
  const source = parsed.source
  const ctx = new KdlReadContext(source, spec.kind)
  const nodes = source.document.nodes
  const top = nodes.filter((node) => node.getName() === spec.node)
  for (const node of nodes) {
    if (node.getName() !== spec.node)
      ctx.report(
        'zmgr::schema::unknown-node',
        `a ${spec.kind} file holds one \`${spec.node}\` node, not \`${node.getName()}\``,
        node,
        `move \`${node.getName()}\` inside the ${spec.node} block, or remove it`,
      )
  }
  if (top.length !== 1) {
    ctx.report(
      top.length === 0 ? 'zmgr::schema::missing-node' : 'zmgr::schema::duplicate',
      top.length === 0
        ? `no \`${spec.node} "NAME" { ... }\` node in this file`
        : `this file holds ${top.length} \`${spec.node}\` nodes`,
      top[1],
      `one file holds exactly one ${spec.node}; its name is the file name`,
    )
    return {diagnostics: ctx.diagnostics}
  }
  const view = ctx.view(top[0])
  const expected = basename(file, '.kdl')
  const name = view.arg(0, 'string') ?? expected
  if (name !== expected)
    view.report(
      'zmgr::schema::name-mismatch',
      `the ${spec.kind} is named ${JSON.stringify(name)} but its file is ${basename(file)}`,
      `rename the file to ${name}.kdl or the ${spec.kind} to ${JSON.stringify(expected)}`,
      view.entry(0),
    )
  view.expect({maxArgs: 1})
  const value = spec.read(view, name, source)
  return {value: ctx.failed ? undefined : {...value, file, source}, diagnostics: ctx.diagnostics}
}

/** Throw the diagnostics of a failed load as one input error (exit 2). */
export function valueOrThrow<T>(result: LoadResult<T>): T & Sourced {
  if (result.value) return result.value
  throw ZmgrError.fromDiagnostics(result.diagnostics.filter((d) => d.severity === 'error'))
}

/** The `*.kdl` files of a registry folder, sorted by name; a missing folder is empty. */
export async function listKdlFiles(folder: string): Promise<string[]> {
  try {
    const names = await readdir(folder)
    return names
      .filter((name) => name.endsWith('.kdl') && !name.startsWith('.'))
      .sort()
      .map((name) => join(folder, name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw isFsError(error) ? fsError(error, folder) : error
  }
}

/** The `*.kdl` files of a kind's folder whose names follow the kind's rules; the others are reported, not read. */
export async function listItemFiles(
  folder: string,
  kind: FileKind<unknown>,
): Promise<{files: string[]; skipped: Diagnostic[]}> {
  const files: string[] = []
  const skipped: Diagnostic[] = []
  for (const file of await listKdlFiles(folder)) {
    const problem = nameProblemOf(kind, basename(file, '.kdl'))
    if (problem === undefined) files.push(file)
    else
      skipped.push({
        code: `zmgr::${kind.kind}::bad-name`,
        severity: 'warning',
        message: `${JSON.stringify(file)} does not name a ${kind.kind} (${problem}); skipped`,
        help: `rename the file: a ${kind.kind} file is named after its ${kind.kind} (NAME.kdl)`,
        data: {path: file},
      })
  }
  return {files, skipped}
}

/** Registry files are small; anything bigger is not one (and is not read into memory). */
export const REGISTRY_FILE_MAX_BYTES = 1024 * 1024

export type RegistryRead = {text: string} | {missing: true} | {problem: Diagnostic; error: ZmgrError}

function describeType(stats: ReturnType<typeof fstatSync>): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * Read a registry file, safely: regular files only (a FIFO would block
 * forever, /dev/zero would never end), at most REGISTRY_FILE_MAX_BYTES.
 * Opened non-blocking so a FIFO is seen and refused instead of waited on;
 * symbolic links to regular files are followed. Synchronous on purpose: see
 * Registry.scan. A missing file is `missing`; anything else that stops the
 * read is a diagnostic with a stable code, and the same as an error to throw.
 */
export function readRegistryFileSync(file: string): RegistryRead {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {missing: true}
    if (!isFsError(error)) throw error
    const zerror = fsError(error, file)
    return {problem: zerror.toDiagnostic(), error: zerror}
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) {
      const what = describeType(stats)
      const directory = stats.isDirectory()
      const code = directory ? 'zmgr::fs::is-a-directory' : 'zmgr::fs::not-a-file'
      const error = new ZmgrError(code, `${file} is ${what}, not a regular file`, {
        help: `zmgr reads only regular files in the registry: move ${file} out of the way`,
        data: {path: file},
      })
      return {problem: error.toDiagnostic(), error}
    }
    // Read one byte past the limit: a file that grows after fstat is still caught.
    const buffer = Buffer.alloc(Math.min(stats.size, REGISTRY_FILE_MAX_BYTES) + 1)
    let length = 0
    while (length < buffer.length) {
      const got = readSync(fd, buffer, length, buffer.length - length, null)
      if (got === 0) break
      length += got
    }
    if (length > REGISTRY_FILE_MAX_BYTES) {
      const error = new ZmgrError(
        'zmgr::fs::too-large',
        `${file} is larger than ${REGISTRY_FILE_MAX_BYTES / 1024} KiB, too large for a registry file`,
        {
          help: `a registry file holds one small KDL document: move ${file} out of the way`,
          data: {path: file, limit: REGISTRY_FILE_MAX_BYTES},
        },
      )
      return {problem: error.toDiagnostic(), error}
    }
    return {text: buffer.toString('utf8', 0, length)}
  } catch (error) {
    if (!isFsError(error)) throw error
    const zerror = fsError(error, file)
    return {problem: zerror.toDiagnostic(), error: zerror}
  } finally {
    closeSync(fd)
  }
}
