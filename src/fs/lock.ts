import {AsyncLocalStorage} from 'node:async_hooks'
import {type FSWatcher, watch} from 'node:fs'
import {link, mkdir, readFile, stat, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {operationError, type ZmgrError} from '../errors.js'
import {currentProcess, processAlive, type ProcessIdentity} from './process.js'

/** How long a lock is waited for unless config.kdl (`lock-timeout`) or ZMGR_LOCK_TIMEOUT says otherwise. */
export const DEFAULT_LOCK_TIMEOUT_MS = 300_000

/** What a lock file holds: who took it, when, and a token naming this one holding. */
export interface LockHolder extends ProcessIdentity {
  token: string
  /** When the lock was taken (ms since the epoch). */
  since: number
  /** What the holder is doing ("create", "destroy", ...), for messages and for `refuse`. */
  operation?: string
}

export interface LockOptions {
  /**
   * Give up when one holder has kept the lock this long while we waited
   * (default DEFAULT_LOCK_TIMEOUT_MS); 0 tries once. The clock restarts when
   * the lock changes hands, so a queue of many short holders (100 creates at
   * once) is waited out, and a stuck holder is not.
   */
  timeoutMs?: number
  /** Recorded in the lock file: what the holder is doing. */
  operation?: string
  /** Called once when the wait has lasted `noticeMs`, so a waiting user knows why nothing happens. */
  onWait?: (holder: LockHolder | undefined, file: string) => void
  /** Default 1 s. */
  noticeMs?: number
  /** Asked about a live holder: an error to throw at once instead of waiting (e.g. destroy while create runs). */
  refuse?: (holder: LockHolder) => ZmgrError | undefined
}

/** node:crypto on first use: loading it costs every command's start-up, and most take no lock. */
const crypto = () => process.getBuiltinModule('node:crypto')

/** The locks this async context holds: a nested withLock on one of them runs at once instead of waiting for itself. */
const held = new AsyncLocalStorage<ReadonlySet<string>>()

/** A lock file that is not a holder's JSON was not written by zmgr (whose writes are atomic): after this long it is taken as abandoned. */
const FOREIGN_LOCK_GRACE_MS = 5000

function newHolder(operation?: string): LockHolder {
  return {
    ...currentProcess(),
    token: crypto().randomBytes(8).toString('hex'),
    since: Date.now(),
    ...(operation ? {operation} : {}),
  }
}

/** The holder written in a lock file; undefined when there is no file. Content that is not a holder yields a pseudo-holder keyed by its text. */
async function readHolder(file: string): Promise<LockHolder | 'foreign' | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const holder = JSON.parse(text) as LockHolder
    if (!Number.isInteger(holder.pid) || typeof holder.host !== 'string') return 'foreign'
    if (typeof holder.token === 'string' && /^[0-9a-f]+$/.test(holder.token)) return holder
    // Written by an older zmgr (no token): the content names the holding.
    return {...holder, token: crypto().createHash('sha256').update(text).digest('hex').slice(0, 16)}
  } catch {
    // fall through
  }
  return 'foreign'
}

/**
 * Create `file` holding `text` only if it does not exist: the text is written
 * to a private temporary file first and linked into place, so nobody ever
 * sees a lock file without its holder. No fsync: after a crash every holder
 * is dead anyway.
 */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${crypto().randomBytes(4).toString('hex')}.tmp`)
  await writeFile(temp, text, {flag: 'wx', mode: 0o644})
  try {
    await link(temp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await unlink(temp).catch(() => {})
  }
}

/**
 * Remove the lock file if, and only if, it still holds `token`. A remover
 * first claims the token by creating `<file>.<token>.claim` exclusively:
 * every remover (the holder releasing, or a waiter taking over from a dead
 * holder) must claim it, so only one of them can act on a given holding,
 * and the file it re-reads cannot change between that check and the unlink.
 * A claim left by a remover that died is itself removed the same way.
 */
async function removeHolding(file: string, token: string, depth = 0): Promise<boolean> {
  const claim = `${file}.${token}.claim`
  const me = newHolder()
  if (!(await createExclusive(claim, JSON.stringify(me)))) {
    // Another remover acts on this holding; if it died doing so, clear its claim so that the next try can act.
    const other = await readHolder(claim)
    if (other && other !== 'foreign' && processAlive(other) === false && depth < 4)
      await removeHolding(claim, other.token, depth + 1)
    return false
  }
  try {
    const current = await readHolder(file)
    if (current && current !== 'foreign' && current.token === token) await unlink(file)
  } finally {
    await unlink(claim).catch(() => {})
  }
  return true
}

/** A foreign lock file has no token: it is removed by a claim on a token derived from its inode and mtime. */
async function removeForeign(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined)
  if (!info || Date.now() - info.mtimeMs < FOREIGN_LOCK_GRACE_MS) return
  const claim = `${file}.${info.ino}-${Math.round(info.mtimeMs)}.claim`
  if (!(await createExclusive(claim, JSON.stringify(newHolder())))) return
  try {
    const now = await stat(file).catch(() => undefined)
    if (now && now.ino === info.ino && now.mtimeMs === info.mtimeMs && (await readHolder(file)) === 'foreign')
      await unlink(file)
  } finally {
    await unlink(claim).catch(() => {})
  }
}

function timeoutError(file: string, holder: LockHolder | 'foreign' | undefined, timeoutMs: number): ZmgrError {
  const who = holder && holder !== 'foreign' ? ` (${describeHolder(holder)})` : ''
  const remote = holder && holder !== 'foreign' && processAlive(holder) === undefined
  return operationError(
    'zmgr::lock::timeout',
    `gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${file}, held all that time${who}`,
    {
      help: remote
        ? `the holder runs on host ${holder.host}: wait for it, or, if it is no longer running there, remove ${file}`
        : 'wait for the other zmgr to finish, or allow longer waits (lock-timeout in config.kdl, or ZMGR_LOCK_TIMEOUT=SECONDS)',
      data: {file, holder: holder === 'foreign' ? null : (holder ?? null)},
    },
  )
}

/** "pid 123 on host a, zones create, for 12 s": for waiting notices and errors. */
export function describeHolder(holder: LockHolder): string {
  const seconds = Math.max(0, Math.round((Date.now() - holder.since) / 1000))
  return `pid ${holder.pid} on ${holder.host}${holder.operation ? `, ${holder.operation}` : ''}, for ${seconds} s`
}

/** The holder of a lock file, if any (for `doctor` and refusals). */
export async function lockHolder(file: string): Promise<LockHolder | undefined> {
  const holder = await readHolder(file)
  return holder === 'foreign' ? undefined : holder
}

/**
 * Wakes a waiter when its lock file changes (a release), so a hand-over
 * takes milliseconds without every waiter polling fast; the poll stays as
 * the fallback where watching is unavailable.
 */
class ReleaseWatch {
  private watcher?: FSWatcher
  private wake?: () => void

  constructor(file: string) {
    const name = basename(file)
    try {
      // Only changes of this lock file wake (the folder holds every zone's lock); no name given (some platforms): wake anyway.
      this.watcher = watch(
        dirname(file),
        {persistent: false},
        (_event, changed) => (changed === null || changed === name) && this.wake?.(),
      )
      this.watcher.on('error', () => this.close())
    } catch {
      // no watching here (too many watches, an odd filesystem): polling alone
    }
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      const self = this
      function done() {
        clearTimeout(timer)
        self.wake = undefined
        resolve()
      }
      this.wake = done
    })
  }

  close(): void {
    this.watcher?.close()
    this.watcher = undefined
  }
}

async function acquire(file: string, options: LockOptions): Promise<LockHolder> {
  let watch: ReleaseWatch | undefined
  try {
    return await acquireWatching(file, options, () => (watch ??= new ReleaseWatch(file)))
  } finally {
    watch?.close()
  }
}

async function acquireWatching(file: string, options: LockOptions, releases: () => ReleaseWatch): Promise<LockHolder> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS
  const started = Date.now()
  const me = newHolder(options.operation)
  const text = JSON.stringify(me)
  await mkdir(dirname(file), {recursive: true})
  let delay = 5
  let noticed = false
  let lastHolding: string | undefined
  let heldSince = started
  for (;;) {
    let holder = await readHolder(file)
    if (holder === undefined) {
      if (await createExclusive(file, text)) return me
      holder = await readHolder(file)
    }
    if (holder === 'foreign') await removeForeign(file)
    else if (holder && processAlive(holder) === false) {
      // Taken over at once; when another waiter is already at it, wait a moment like everyone else.
      if (await removeHolding(file, holder.token)) continue
    } else if (holder) {
      const refusal = options.refuse?.(holder)
      if (refusal) throw refusal
    }
    if (holder === undefined) continue
    const holding = holder === 'foreign' ? 'foreign' : holder.token
    if (holding !== lastHolding) {
      lastHolding = holding
      heldSince = Date.now()
    }
    const waited = Date.now() - started
    const heldFor = Date.now() - heldSince
    if (heldFor >= timeoutMs) throw timeoutError(file, holder, timeoutMs)
    if (!noticed && waited >= (options.noticeMs ?? 1000)) {
      noticed = true
      options.onWait?.(holder === 'foreign' ? undefined : holder, file)
    }
    // A release wakes the watch at once; the poll is the fallback, so it can be slow.
    await releases().wait(Math.min(delay + Math.random() * delay, timeoutMs - heldFor))
    delay = Math.min(delay * 2, 500)
  }
}

/**
 * Run `fn` while holding an exclusive lock file. The holder records its pid,
 * host and process start time; a holder that is dead (on this host; a reused
 * pid counts as dead) is taken over, so a killed zmgr never blocks the
 * registry for good, and a holder on another host is waited for. Taking over
 * and releasing both go through removeHolding, so two waiters never both win
 * and a release never removes someone else's lock. Nested calls for a lock
 * this async context already holds run at once.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const mine = held.getStore()
  if (mine?.has(file)) return fn()
  const me = await acquire(file, options)
  try {
    return await held.run(new Set([...(mine ?? []), file]), fn)
  } finally {
    await removeHolding(file, me.token)
  }
}
