import {stat, unlink} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {Diagnostic} from '../errors.js'
import {fsError, inputError, isFsError, ZmgrError} from '../errors.js'
import {createFileExclusive, writeFileAtomic} from '../fs/atomic.js'
import {DEFAULT_LOCK_TIMEOUT_MS, describeHolder, type LockOptions, withLock} from '../fs/lock.js'
import {type KdlSettings, pluginSettings} from '../kdl/settings.js'
import {formatDocument, type KdlNodeSpec} from '../kdl/writer.js'
import {formatDiagnostic} from '../output/diagnostics.js'
import {secondsFromEnv} from '../system/env.js'
import {assertItemName} from '../names/registry.js'
import {defaultConfig, type GlobalConfig, readConfig} from './config.js'
import {type FileKind, listItemFiles, readItem, readRegistryFileSync, type Sourced, valueOrThrow} from './load.js'
import type {IpType} from '../illumos/zonecfg.js'
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
  ipType: IpType
  created?: string
  imported?: string
  nets: Array<Omit<ZoneNet, 'node'>>
  /** A zone zmgr does not manage and only holds the addresses of (ZoneEntry.held). */
  held?: string
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
  if (record.held) children.push({name: 'held', args: [record.held]})
  for (const net of record.nets) {
    children.push({
      name: 'net',
      args: [net.name],
      props: {
        vnic: net.vnic,
        over: net.over,
        pool: net.pool,
        address: net.address,
        gateway: net.gateway,
        vlan: net.vlan,
        'global-nic': net.globalNic,
        'mac-addr': net.macAddr,
        pool6: net.pool6,
        address6: net.address6,
        gateway6: net.gateway6,
      },
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
export interface RegistryOptions {
  /** Where warnings go (files skipped while listing); default: stderr. Commands pass their own reporter. */
  warn?: (diagnostic: Diagnostic) => void
}

/** Any filesystem error as its diagnostic; anything else unchanged. */
function asFsError(error: unknown, path?: string): unknown {
  return isFsError(error) ? fsError(error, path) : error
}

export class Registry {
  private readonly warn: (diagnostic: Diagnostic) => void

  constructor(
    readonly root: string = DEFAULT_ROOT,
    options: RegistryOptions = {},
  ) {
    this.warn = options.warn ?? ((diagnostic) => process.stderr.write(`${formatDiagnostic(diagnostic)}\n`))
  }

  get configFile(): string {
    return join(this.root, 'config.kdl')
  }

  folder(kind: FileKind<unknown>): string {
    return join(this.root, kind.folder)
  }

  /** The file of an item; a name that breaks its kind's rules (`..`, `/`, ...) is refused before any path is built (exit 2). */
  fileOf(kind: FileKind<unknown>, name: string): string {
    assertItemName(kind, name)
    return join(this.root, kind.folder, `${name}.kdl`)
  }

  /** A scratch file under `.work/` (zonecfg command files): removed once used, also when the step fails. */
  workFile(name: string): string {
    return join(this.root, '.work', name)
  }

  async exists(): Promise<boolean> {
    return stat(this.root).then(
      (info) => info.isDirectory(),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw asFsError(error, this.root)
      },
    )
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
    const read = readRegistryFileSync(this.configFile)
    if ('missing' in read) return defaultConfig()
    if ('problem' in read) throw read.error
    const result = readConfig(this.configFile, read.text)
    if (result.value) return result.value
    throw ZmgrError.fromDiagnostics(result.diagnostics.filter((d) => d.severity === 'error'))
  }

  /** A plugin's own settings: config.kdl's `plugin "<package name>" { ... }` block (empty when absent). */
  async pluginSettings(plugin: string): Promise<KdlSettings> {
    return pluginSettings(await this.config(), plugin)
  }

  /** config.kdl leniently: a missing file is the defaults; an unreadable or broken one gives no config and says why. */
  async scanConfig(): Promise<{config?: GlobalConfig; diagnostics: Diagnostic[]}> {
    const read = readRegistryFileSync(this.configFile)
    if ('missing' in read) return {config: defaultConfig(), diagnostics: []}
    if ('problem' in read) return {diagnostics: [read.problem]}
    const result = readConfig(this.configFile, read.text)
    return {config: result.value, diagnostics: result.diagnostics}
  }

  /** One item by name; an unknown name lists the known ones; a file that cannot be read says why. */
  async load<T>(kind: FileKind<T>, name: string): Promise<Loaded<T>> {
    const file = this.fileOf(kind, name)
    await this.requireRoot()
    const read = readRegistryFileSync(file)
    if ('problem' in read) throw read.error
    if ('missing' in read) {
      const known = (await listItemFiles(this.folder(kind), kind)).files.map((path) => basename(path, '.kdl'))
      throw inputError(
        `zmgr::${kind.kind}::unknown`,
        `no ${kind.kind} named ${JSON.stringify(name)} (looked for ${file})`,
        {
          help:
            known.length > 0
              ? `known ${kind.folder}: ${known.join(', ')}`
              : `there are no ${kind.folder} yet; create ${file}`,
        },
      )
    }
    return valueOrThrow(readItem(kind, file, read.text))
  }

  /** Whether an item's file exists (of any type: something in the way is not "free"). */
  async has(kind: FileKind<unknown>, name: string): Promise<boolean> {
    const file = this.fileOf(kind, name)
    return stat(file).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw asFsError(error, file)
      },
    )
  }

  /**
   * Every item of a kind, leniently: good items plus the diagnostics of bad
   * ones. Reads are synchronous on purpose: for the tens of thousands of small
   * files a large registry holds, one syscall each beats fs/promises'
   * thread-pool round trips several times over.
   */
  async scan<T>(kind: FileKind<T>): Promise<ScanResult<T>> {
    const {files, skipped} = await listItemFiles(this.folder(kind), kind)
    const scan: ScanResult<T> = {items: [], diagnostics: [...skipped], files: 0, broken: new Set()}
    for (const file of files) {
      const read = readRegistryFileSync(file)
      if ('missing' in read) continue // removed since the folder was listed
      scan.files++
      if ('problem' in read) {
        // Not a file zmgr can read (a directory, a FIFO, a device, too large): skipped and said so;
        // one it is not allowed to read may hold anything, so that is an error.
        const skippable =
          read.problem.code !== 'zmgr::fs::permission-denied' && read.problem.code !== 'zmgr::fs::io-error'
        scan.diagnostics.push({
          ...read.problem,
          severity: skippable ? 'warning' : 'error',
          message: skippable ? `${read.problem.message}; skipped` : read.problem.message,
        })
        scan.broken.add(basename(file, '.kdl'))
        continue
      }
      const result = readItem(kind, file, read.text)
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
    for (const warning of diagnostics) if (warning.severity === 'warning') this.warn(warning)
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
    const file = this.fileOf(kind, name)
    return unlink(file).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw asFsError(error, file)
      },
    )
  }

  private lockTimeout?: Promise<number>

  /**
   * How long to wait for a lock: ZMGR_LOCK_TIMEOUT (seconds), else
   * `lock-timeout` in config.kdl, else DEFAULT_LOCK_TIMEOUT_MS. A config.kdl
   * that does not load gives the default: it must not keep destroy from running.
   */
  lockTimeoutMs(): Promise<number> {
    this.lockTimeout ??= (async () => {
      const seconds = secondsFromEnv(
        'ZMGR_LOCK_TIMEOUT',
        'zmgr::config::lock-timeout',
        'e.g. ZMGR_LOCK_TIMEOUT=600, or unset it to use lock-timeout in config.kdl',
      )
      if (seconds !== undefined) return seconds * 1000
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
    const onWait: LockOptions['onWait'] = (holder) =>
      process.stderr.write(`zmgr: waiting for the ${name} lock${holder ? `, held by ${describeHolder(holder)}` : ''}\n`)
    return withLock(this.lockFile(name), fn, {timeoutMs: await this.lockTimeoutMs(), onWait, ...options})
  }
}
