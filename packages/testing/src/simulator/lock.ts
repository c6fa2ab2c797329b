// Lock files shared by every simulated process. A lock is a file created with
// O_EXCL holding the owner's pid; a lock whose owner is dead is stale and is
// taken over, so a killed (hung) command never wedges the host.
import {closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {sleepMs} from './io.js'

/** An empty lock file younger than this is being written, not abandoned. */
const EMPTY_LOCK_GRACE_MS = 2000

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

/** Removes the lock at `path` if its owner is gone; true when it did. */
function breakIfStale(path: string): boolean {
  let content: string
  let ageMs: number
  try {
    content = readFileSync(path, 'utf8').trim()
    ageMs = Date.now() - statSync(path).mtimeMs
  } catch {
    return true // vanished meanwhile: just retry
  }
  const pid = Number.parseInt(content, 10)
  const stale = content === '' ? ageMs > EMPTY_LOCK_GRACE_MS : !Number.isInteger(pid) || !processAlive(pid)
  if (!stale) return false
  // Re-read so that a lock re-created by someone else in the meantime survives.
  try {
    if (readFileSync(path, 'utf8').trim() !== content) return true
    unlinkSync(path)
  } catch {
    // already gone
  }
  return true
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
      unlinkSync(path)
    } catch {
      // a stale-lock breaker may have removed it after we were presumed dead
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
