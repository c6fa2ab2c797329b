import {readFileSync} from 'node:fs'
import {hostname} from 'node:os'

/**
 * Who holds a lock or is creating a zone: enough to tell a live process from
 * a dead one even after its pid has been reused by another process.
 */
export interface ProcessIdentity {
  pid: number
  host: string
  /** When the process started (ms since the epoch), when the platform tells; else when it recorded itself. */
  started: number
}

/** How far two readings of one process's start time may differ (clock ticks, rounding). */
const START_TOLERANCE_MS = 2000

let bootTimeMs: number | undefined

/** Linux: /proc/PID/stat field 22 counts clock ticks (100 Hz on every Linux port) since boot. */
function linuxStartTime(pid: number): number | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[19])
  bootTimeMs ??= Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]) * 1000
  return Number.isFinite(ticks) && Number.isFinite(bootTimeMs) ? bootTimeMs + ticks * 10 : undefined
}

/**
 * illumos: /proc/PID/psinfo is a psinfo_t (sys/procfs.h); in the 64-bit
 * layout pr_pid is at byte 8 and pr_start (timestruc_t) at byte 88. The pid
 * is checked so that a different layout yields "unknown", never a wrong time.
 */
function illumosStartTime(pid: number): number | undefined {
  const info = readFileSync(`/proc/${pid}/psinfo`)
  if (info.length < 104 || info.readInt32LE(8) !== pid) return undefined
  return Number(info.readBigInt64LE(88)) * 1000 + Math.floor(Number(info.readBigInt64LE(96)) / 1e6)
}

/** When a process started, in ms since the epoch; undefined where the platform does not say (or it is gone). */
export function processStartTime(pid: number): number | undefined {
  try {
    if (process.platform === 'linux') return linuxStartTime(pid)
    if (process.platform === 'sunos') return illumosStartTime(pid)
  } catch {
    // gone, or /proc not mounted
  }
  return undefined
}

/** This process, as it records itself in lock files and `status "creating"` entries. */
export function currentProcess(): ProcessIdentity {
  return {
    pid: process.pid,
    host: hostname(),
    started: processStartTime(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000),
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether the recorded process still runs: true or false on this host,
 * undefined for another host's process (zmgr cannot look there). A pid that
 * exists but belongs to a process started at another time was reused: the
 * recorded process is dead.
 */
export function processAlive(owner: Pick<ProcessIdentity, 'pid' | 'host'> & {started?: number}): boolean | undefined {
  if (owner.host !== hostname()) return undefined
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !pidExists(owner.pid)) return false
  if (owner.started === undefined) return true
  const started = processStartTime(owner.pid)
  return started === undefined || Math.abs(started - owner.started) <= START_TOLERANCE_MS
}
