import {hostname} from 'node:os'
import {mkdir, open, readFile, stat, unlink} from 'node:fs/promises'
import {dirname} from 'node:path'
import {operationError} from '../errors.js'

export interface LockOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number
  /** A lock older than this is taken over even if its holder seems alive (default 10 min). */
  staleMs?: number
}

interface LockOwner {
  pid: number
  host: string
  since: number
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function isStale(file: string, staleMs: number): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner
    if (owner.host === hostname() && !isAlive(owner.pid)) return true
    return Date.now() - owner.since > staleMs
  } catch {
    // Unreadable or half-written by a holder that died between open and write.
    const info = await stat(file).catch(() => undefined)
    return info !== undefined && Date.now() - info.mtimeMs > 2000
  }
}

/**
 * Run `fn` while holding an exclusive lock file. The holder writes its pid;
 * a lock whose holder is dead (same host) or that is older than `staleMs` is
 * taken over, so a killed zmgr never blocks the registry for good.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000
  const staleMs = options.staleMs ?? 600_000
  const deadline = Date.now() + timeoutMs
  await mkdir(dirname(file), {recursive: true})
  let delay = 5
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o644)
      await handle.writeFile(JSON.stringify({pid: process.pid, host: hostname(), since: Date.now()} satisfies LockOwner))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (await isStale(file, staleMs)) {
        await unlink(file).catch(() => {})
        continue
      }
      if (Date.now() > deadline) {
        throw operationError('zmgr::lock::timeout', `another zmgr holds ${file}`, {
          help: 'wait for the other zmgr to finish; if none is running, remove the lock file',
        })
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay))
      delay = Math.min(delay * 2, 100)
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(file).catch(() => {})
  }
}
