import {commandFailed, type SystemRunner} from '../system/runner.js'
import type {IpType} from './zonecfg.js'

/** illumos zone states (CONTRACT §2.1); `unavailable` is Solaris-only and never appears. */
export type SystemZoneState =
  | 'configured'
  | 'incomplete'
  | 'installed'
  | 'ready'
  | 'mounted'
  | 'running'
  | 'shutting_down'
  | 'down'

/** One line of `zoneadm list -cp`. */
export interface SystemZone {
  /** Kernel zone id while the zone has a kernel instance, otherwise undefined (`-`). */
  id?: number
  name: string
  state: SystemZoneState
  zonepath: string
  /** Empty while the zone is configured. */
  uuid: string
  brand: string
  ipType: IpType
  /** Field 8 on newer builds; undefined when absent or empty. */
  debugId?: number
}

const STATES = new Set<string>([
  'configured',
  'incomplete',
  'installed',
  'ready',
  'mounted',
  'running',
  'shutting_down',
  'down',
])

/**
 * A zone that is up in its own right: ready, running, shutting down (CONTRACT §2.2). A `mounted` zone is not: it
 * is an installed zone mounted for administration, which accepts only `zoneadm unmount` (§2.3.1).
 */
export function zoneIsUp(state: SystemZoneState): boolean {
  return state === 'ready' || state === 'running' || state === 'shutting_down' || state === 'down'
}

/**
 * Split one `zoneadm list -p` line at unescaped colons. Only the zonepath
 * escapes `:` (as `\:`); other backslashes are printed as they are.
 */
function splitZoneLine(line: string): string[] {
  const fields: string[] = []
  let current = ''
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '\\' && line[i + 1] === ':') {
      current += ':'
      i++
    } else if (ch === ':') {
      fields.push(current)
      current = ''
    } else current += ch
  }
  fields.push(current)
  return fields
}

/** Parse `zoneadm list -cp` (7 or 8 fields per line, CONTRACT §1.3); lines that do not fit are skipped. */
export function parseZoneList(text: string): SystemZone[] {
  const zones: SystemZone[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const fields = splitZoneLine(line)
    if (fields.length < 7 || fields.length > 8 || !STATES.has(fields[2])) continue
    const [id, name, state, zonepath, uuid, brand, iptype, debugid] = fields
    zones.push({
      id: /^\d+$/.test(id) ? Number(id) : undefined,
      name,
      state: state as SystemZoneState,
      zonepath,
      uuid,
      brand,
      ipType: iptype === 'excl' ? 'exclusive' : 'shared',
      debugId: debugid !== undefined && /^\d+$/.test(debugid) ? Number(debugid) : undefined,
    })
  }
  return zones
}

/** Every zone configured on the system except the global zone. */
export async function listSystemZones(runner: SystemRunner): Promise<SystemZone[]> {
  const {stdout} = await runner.run(['zoneadm', 'list', '-cp'])
  return parseZoneList(stdout).filter((zone) => zone.name !== 'global')
}

/** One zone's live state, or undefined when the system has no such zone. */
export async function findSystemZone(runner: SystemRunner, name: string): Promise<SystemZone | undefined> {
  const result = await runner.run(['zoneadm', '-z', name, 'list', '-p'], {allowFailure: true})
  if (result.exitCode !== 0) {
    if (/No such zone configured/.test(result.stderr)) return undefined
    throw commandFailed(result)
  }
  return parseZoneList(result.stdout).find((zone) => zone.name === name)
}
