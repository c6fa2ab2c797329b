import {readFileSync} from 'node:fs'
import {readFile, stat, unlink} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {inputError, ZmgrError} from '../errors.js'
import {createFileExclusive, writeFileAtomic} from '../fs/atomic.js'
import {DEFAULT_LOCK_TIMEOUT_MS, describeHolder, type LockOptions, withLock} from '../fs/lock.js'
import {formatDocument, type KdlNodeSpec} from '../kdl/writer.js'
import {defaultConfig, type GlobalConfig, readConfig} from './config.js'
import {type FileKind, listKdlFiles, readItem, type Sourced, valueOrThrow} from './load.js'
import {type Pool, poolKind} from './pool.js'
import {type Publisher, publisherKind} from './publisher.js'
import {type Template, templateKind} from './template.js'
import {type ZoneEntry, type ZoneNet, zoneKind} from './zone.js'

export const DEFAULT_ROOT = '/etc/zmgr'

export type Loaded<T> = T & Sourced

export interface ScanResult<T> {
  items: Loaded<T>[]
  diagnostics: Diagnostic[]
  /** How many files were read. */
  files: number
  /** Names of files that exist but did not load. */
  broken: Set<string>
}

/** What zmgr writes into zones/NAME.kdl. */
export interface ZoneRecord {
  name: string
  brand: string
  template?: string
  zonepath: string
  autoboot: boolean
  ipType: 'exclusive' | 'shared'
  created?: string
  imported?: string
  nets: Array<Omit<ZoneNet, 'node'>>
  publishers?: string[]
  /** Configuration zmgr does not model, kept as written (imported zones). */
  extra?: KdlNodeSpec[]
}

export function zoneRecordNodes(record: ZoneRecord): KdlNodeSpec {
  const children: KdlNodeSpec[] = [{name: 'brand', args: [record.brand]}]
  if (record.template) children.push({name: 'template', args: [record.template]})
  children.push({name: 'zonepath', args: [record.zonepath]}, {name: 'autoboot', args: [record.autoboot]})
  if (record.ipType !== 'exclusive') children.push({name: 'ip-type', args: [record.ipType]})
  if (record.created) children.push({name: 'created', args: [record.created]})
  if (record.imported) children.push({name: 'imported', args: [record.imported]})
  for (const net of record.nets) {
    children.push({
      name: 'net',
      args: [net.name],
      props: {vnic: net.vnic, over: net.over, pool: net.pool, address: net.address, gateway: net.gateway, vlan: net.vlan, 'global-nic': net.globalNic, 'mac-addr': net.macAddr},
    })
  }
  if (record.publishers && record.publishers.length > 0) children.push({name: 'publisher', args: record.publishers})
  children.push(...(record.extra ?? []))
  return {name: 'zone', args: [record.name], children}
}

export function formatZoneRecord(record: ZoneRecord): string {
  return formatDocument([zoneRecordNodes(record)])
}

/**
 * The registry under a root folder: config.kdl, templates/, pools/, zones/,
 * publishers/. Every read is typed and every problem is a located diagnostic.
 */
export class Registry {
  constructor(readonly root: string = DEFAULT_ROOT) {}

  get configFile(): string {
    return join(this.root, 'config.kdl')
  }

  folder(kind: FileKind<unknown>): string {
    return join(this.root, kind.folder)
  }

  fileOf(kind: FileKind<unknown>, name: string): string {
    return join(this.root, kind.folder, `${name}.kdl`)
  }

  async exists(): Promise<boolean> {
    return stat(this.root).then((info) => info.isDirectory(), () => false)
  }

  /** Commands that read the registry start here, so a missing root says how to make one. */
  async requireRoot(): Promise<void> {
    if (await this.exists()) return
    throw inputError('zmgr::root::missing', `no zmgr registry at ${this.root}`, {
      help: `run \`zmgr init${this.root === DEFAULT_ROOT ? '' : ` --root ${this.root}`}\` to write a starter set, or point --root / ZMGR_ROOT at your registry`,
    })
  }

  async config(): Promise<GlobalConfig> {
    await this.requireRoot()
    const text = await readFile(this.configFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (text === undefined) return defaultConfig()
    const result = readConfig(this.configFile, text)
    if (result.value) return result.value
    throw ZmgrError.fromDiagnostics(result.diagnostics.filter((d) => d.severity === 'error'))
  }

  async scanConfig(): Promise<{config?: GlobalConfig; diagnostics: Diagnostic[]}> {
    const text = await readFile(this.configFile, 'utf8').catch(() => undefined)
    if (text === undefined) return {config: defaultConfig(), diagnostics: []}
    const result = readConfig(this.configFile, text)
    return {config: result.value, diagnostics: result.diagnostics}
  }

  /** One item by name; an unknown name lists the known ones. */
  async load<T>(kind: FileKind<T>, name: string): Promise<Loaded<T>> {
    await this.requireRoot()
    const file = this.fileOf(kind, name)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) {
      const known = (await listKdlFiles(this.folder(kind))).map((path) => path.slice(path.lastIndexOf('/') + 1, -4))
      throw inputError(`zmgr::${kind.kind}::unknown`, `no ${kind.kind} named ${JSON.stringify(name)} (looked for ${file})`, {
        help: known.length > 0 ? `known ${kind.folder}: ${known.join(', ')}` : `there are no ${kind.folder} yet; create ${file}`,
      })
    }
    return valueOrThrow(readItem(kind, file, text))
  }

  async has(kind: FileKind<unknown>, name: string): Promise<boolean> {
    return stat(this.fileOf(kind, name)).then(() => true, () => false)
  }

  /**
   * Every item of a kind, leniently: good items plus the diagnostics of bad
   * ones. Reads are synchronous on purpose: for the tens of thousands of small
   * files a large registry holds, one syscall each beats fs/promises'
   * thread-pool round trips several times over.
   */
  async scan<T>(kind: FileKind<T>): Promise<ScanResult<T>> {
    const scan: ScanResult<T> = {items: [], diagnostics: [], files: 0, broken: new Set()}
    for (const file of await listKdlFiles(this.folder(kind))) {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // removed since the folder was listed
        scan.diagnostics.push({code: `zmgr::${kind.kind}::unreadable`, severity: 'error', message: `cannot read ${file}: ${(error as Error).message}`, help: 'check the file permissions', location: {file, line: 1, column: 1}})
        scan.files++
        scan.broken.add(basename(file, '.kdl'))
        continue
      }
      scan.files++
      const result = readItem(kind, file, text)
      scan.diagnostics.push(...result.diagnostics)
      if (result.value) scan.items.push(result.value)
      else scan.broken.add(basename(file, '.kdl'))
    }
    return scan
  }

  /** Every item of a kind; any broken file stops the command with all its diagnostics. */
  async list<T>(kind: FileKind<T>): Promise<Loaded<T>[]> {
    await this.requireRoot()
    const {items, diagnostics} = await this.scan(kind)
    const errors = diagnostics.filter((d) => d.severity === 'error')
    if (errors.length > 0) throw ZmgrError.fromDiagnostics(errors)
    return items
  }

  template(name: string): Promise<Loaded<Template>> {
    return this.load(templateKind, name)
  }

  templates(): Promise<Loaded<Template>[]> {
    return this.list(templateKind)
  }

  pool(name: string): Promise<Loaded<Pool>> {
    return this.load(poolKind, name)
  }

  pools(): Promise<Loaded<Pool>[]> {
    return this.list(poolKind)
  }

  zone(name: string): Promise<Loaded<ZoneEntry>> {
    return this.load(zoneKind, name)
  }

  zones(): Promise<Loaded<ZoneEntry>[]> {
    return this.list(zoneKind)
  }

  publisher(name: string): Promise<Loaded<Publisher>> {
    return this.load(publisherKind, name)
  }

  publishers(): Promise<Loaded<Publisher>[]> {
    return this.list(publisherKind)
  }

  /** Write a new zone file; false (nothing written) when the zone is already registered. */
  async createZone(record: ZoneRecord): Promise<boolean> {
    return createFileExclusive(this.fileOf(zoneKind, record.name), formatZoneRecord(record))
  }

  /** Write any registry file atomically (templates, pools, publishers, rewritten zones). */
  async writeFile(kind: FileKind<unknown>, name: string, text: string): Promise<string> {
    const file = this.fileOf(kind, name)
    await writeFileAtomic(file, text)
    return file
  }

  async removeFile(kind: FileKind<unknown>, name: string): Promise<boolean> {
    return unlink(this.fileOf(kind, name)).then(() => true, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false
      throw error
    })
  }

  private lockTimeout?: Promise<number>

  /**
   * How long to wait for a lock: ZMGR_LOCK_TIMEOUT (seconds), else
   * `lock-timeout` in config.kdl, else DEFAULT_LOCK_TIMEOUT_MS. A config.kdl
   * that does not load gives the default: it must not keep destroy from running.
   */
  lockTimeoutMs(): Promise<number> {
    this.lockTimeout ??= (async () => {
      const env = process.env.ZMGR_LOCK_TIMEOUT
      if (env !== undefined && env !== '') {
        if (!/^\d+$/.test(env)) throw inputError('zmgr::config::lock-timeout', `ZMGR_LOCK_TIMEOUT=${JSON.stringify(env)} is not a number of seconds`, {help: 'e.g. ZMGR_LOCK_TIMEOUT=600, or unset it to use lock-timeout in config.kdl'})
        return Number(env) * 1000
      }
      return (await this.scanConfig()).config?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS
    })()
    return this.lockTimeout
  }

  lockFile(name: string): string {
    return join(this.root, '.locks', `${name}.lock`)
  }

  /**
   * Serialise registry changes that must not interleave (allocation + ledger
   * write, a zone's whole create). Waiting longer than a moment says so on
   * stderr unless `onWait` reports it elsewhere (a pipeline step's output).
   */
  async withLock<T>(name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const onWait: LockOptions['onWait'] = (holder) => process.stderr.write(`zmgr: waiting for the ${name} lock${holder ? `, held by ${describeHolder(holder)}` : ''}\n`)
    return withLock(this.lockFile(name), fn, {timeoutMs: await this.lockTimeoutMs(), onWait, ...options})
  }
}
