// Lock files shared by every simulated process. A lock is a file created with
// O_EXCL holding the owner's pid; a lock whose owner is dead is stale and is
// taken over, so a killed (hung) command never wedges the host.
import {closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {sleepMs} from './io.js'

/** An empty lock file younger than this is being written, not abandoned. */
const EMPTY_LOCK_GRACE_MS = 2000

/** Tests widen the window between a takeover's check and its unlink, where a race would strike. */
const TAKEOVER_DELAY_MS = Number(process.env.ZMGR_SIM_TAKEOVER_DELAY_MS ?? 0)

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tryCreate(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, `${process.pid}\n`)
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * Removes the lock at `path` if its owner is gone; true when it did (or the
 * lock changed meanwhile, so the caller should just retry).
 *
 * Two waiters may find the same dead owner at once. Without care, one could
 * remove the lock, a third process take it, and the other remove that fresh
 * lock too: two holders. So a breaker first claims this holding by creating
 * `<path>.<holding>.claim` exclusively; only the claimer re-reads and
 * unlinks, and while it does the lock file cannot change (its owner is dead
 * and every other breaker lacks the claim).
 */
function breakIfStale(path: string): boolean {
  let content: string
  let info: {mtimeMs: number; ino: number}
  try {
    content = readFileSync(path, 'utf8').trim()
    info = statSync(path)
  } catch {
    return true // vanished meanwhile: just retry
  }
  const pid = Number.parseInt(content, 10)
  const stale =
    content === '' ? Date.now() - info.mtimeMs > EMPTY_LOCK_GRACE_MS : !Number.isInteger(pid) || !processAlive(pid)
  if (!stale) return false
  const claim = `${path}.${info.ino}-${content || 'empty'}.claim`
  if (!tryCreate(claim)) {
    clearDeadClaim(claim)
    return false
  }
  try {
    const now = statSync(path)
    const unchanged = now.ino === info.ino && readFileSync(path, 'utf8').trim() === content
    sleepMs(TAKEOVER_DELAY_MS)
    if (unchanged) unlinkSync(path)
  } catch {
    // already gone
  } finally {
    unlinkSync(claim)
  }
  return true
}

/** A breaker killed while holding its claim would block every later breaker of that holding: its claim goes once it is old. */
function clearDeadClaim(claim: string): void {
  try {
    const owner = Number.parseInt(readFileSync(claim, 'utf8'), 10)
    if (Date.now() - statSync(claim).mtimeMs > EMPTY_LOCK_GRACE_MS && !processAlive(owner)) unlinkSync(claim)
  } catch {
    // gone meanwhile
  }
}

/** Blocks until the lock at `path` is ours; returns its release function. */
export function acquireLock(path: string): () => void {
  let delay = 1
  while (!tryCreate(path)) {
    if (breakIfStale(path)) continue
    sleepMs(delay)
    delay = Math.min(delay * 2, 25)
  }
  return () => {
    try {
      // Never remove a lock that is no longer ours (taken over after we were presumed dead).
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path)
    } catch {
      // already gone
    }
  }
}

export function withLock<T>(path: string, fn: () => T): T {
  const release = acquireLock(path)
  try {
    return fn()
  } finally {
    release()
  }
}
