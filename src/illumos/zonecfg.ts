import {inputError} from '../errors.js'
import type {SystemRunner} from '../system/runner.js'

/**
 * A property value as `zonecfg info` prints it: a plain string, a list
 * (`[ro,nodevices]`, fs options) or a complex value (`(priv=privileged,limit=10,action=none)`,
 * `(name=gateway,value="10.0.0.1")`).
 */
export type ZonecfgValue = string | string[] | Record<string, string>

export interface ZonecfgProperty {
  name: string
  value: ZonecfgValue
  /** Printed in brackets: a summary derived from an rctl (`[cpu-shares: 10]`, `⇥[physical: 1G]`). */
  derived?: boolean
}

/** One resource (fs, device, rctl, attr, dataset, capped-memory, ...) with its properties in printed order. */
export interface ZonecfgResource {
  type: string
  properties: ZonecfgProperty[]
}

/** One `net` resource (CONTRACT §3.6); unset properties are undefined. */
export interface ZonecfgNet {
  /** Shared IP: the zone's address (maybe with /prefix, maybe a host name). */
  address?: string
  /** Exclusive IP: the address the zone is pinned to, with /prefix. */
  allowedAddress?: string
  /** Shared IP: the global-zone interface; exclusive IP: the link the zone owns. */
  physical?: string
  defrouter?: string
  /** OmniOS on-demand VNIC: the global-zone link it is built over (`auto` or a link name). */
  globalNic?: string
  macAddr?: string
  vlanId?: string
  /** `property: (name=…,value="…")` lines (OmniOS/SmartOS, e.g. lx `gateway`, `ips`). */
  properties: Array<{name: string; value: string}>
  /** Any further net property a newer zonecfg prints. */
  other: ZonecfgProperty[]
}

/** zonecfg's `ip-type` values: a zone has its own IP stack (VNICs) or shares the global zone's. */
export const IP_TYPES = ['exclusive', 'shared'] as const
export type IpType = (typeof IP_TYPES)[number]

export function isIpType(value: unknown): value is IpType {
  return (IP_TYPES as readonly unknown[]).includes(value)
}

/** A zone's configuration as `zonecfg -z NAME info` prints it, nothing left out. */
export interface ZoneConfig {
  zonename: string
  zonepath: string
  brand: string
  autoboot: boolean
  ipType: IpType
  bootargs?: string
  pool?: string
  limitpriv?: string
  schedulingClass?: string
  hostid?: string
  fsAllowed?: string
  /** Every zone-wide `key: value` line with a value, in printed order (the ones above included). */
  globals: Array<{name: string; value: string}>
  /** Alias rctls shown as `[max-lwps: 2000]` (their rctl blocks are in `resources` too). */
  aliases: Array<{name: string; value: string}>
  nets: ZonecfgNet[]
  /** Every resource that is not a net, in printed order. */
  resources: ZonecfgResource[]
}

const NET_FIELDS: Record<string, keyof Omit<ZonecfgNet, 'properties' | 'other'>> = {
  address: 'address',
  'allowed-address': 'allowedAddress',
  physical: 'physical',
  defrouter: 'defrouter',
  'global-nic': 'globalNic',
  'mac-addr': 'macAddr',
  'vlan-id': 'vlanId',
}

const GLOBAL_FIELDS: Record<string, 'bootargs' | 'pool' | 'limitpriv' | 'schedulingClass' | 'hostid' | 'fsAllowed'> = {
  bootargs: 'bootargs',
  pool: 'pool',
  limitpriv: 'limitpriv',
  'scheduling-class': 'schedulingClass',
  hostid: 'hostid',
  'fs-allowed': 'fsAllowed',
}

/** Zone-wide property names, so a `zonepath:` line whose trailing blank got lost is not read as a resource header. */
const GLOBAL_NAMES = new Set(['zonename', 'zonepath', 'brand', 'autoboot', 'ip-type', ...Object.keys(GLOBAL_FIELDS)])

/** zonecfg quotes a value with a blank in it; the quotes are not part of the value. */
function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text
}

/** Split at commas that are outside double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    if (ch === ',' && !quoted) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts
}

/** `[a,"b=c"]` → list; `(k=v,k="v")` → record; anything else → the string, unquoted. */
export function parseZonecfgValue(text: string): ZonecfgValue {
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1)
    return inner === '' ? [] : splitOutsideQuotes(inner).map(unquote)
  }
  if (text.startsWith('(') && text.endsWith(')')) {
    const record: Record<string, string> = {}
    for (const part of splitOutsideQuotes(text.slice(1, -1))) {
      const eq = part.indexOf('=')
      if (eq <= 0) return unquote(text)
      record[part.slice(0, eq)] = unquote(part.slice(eq + 1))
    }
    return record
  }
  return unquote(text)
}

/** `key: value`, `[key: value]` or `key not specified`; undefined for a line of neither shape. */
function parsePropertyLine(line: string): {name: string; text?: string; derived: boolean} | undefined {
  const bracketed = line.startsWith('[') && line.endsWith(']')
  const body = bracketed ? line.slice(1, -1) : line
  const notSpecified = /^([A-Za-z][\w-]*) not specified$/.exec(body)
  if (notSpecified) return {name: notSpecified[1], derived: bracketed}
  const match = /^([A-Za-z][\w-]*):(?: (.*))?$/.exec(body)
  if (!match) return undefined
  return {name: match[1], text: match[2] ?? '', derived: bracketed}
}

function newNet(): ZonecfgNet {
  return {properties: [], other: []}
}

/**
 * Parse `zonecfg -z NAME info` exactly as CONTRACT §3.8 prints it: zone-wide
 * `key: value` lines, bracketed alias lines, then `type:` headers followed by
 * TAB-indented properties. `… not specified` lines mean unset and are dropped;
 * nothing else is.
 */
export function parseZonecfgInfo(text: string): ZoneConfig {
  const config: ZoneConfig = {
    zonename: '',
    zonepath: '',
    brand: '',
    autoboot: false,
    ipType: 'shared',
    globals: [],
    aliases: [],
    nets: [],
    resources: [],
  }
  let net: ZonecfgNet | undefined
  let resource: ZonecfgResource | undefined
  const lines = text.split('\n')
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') continue
    const indented = line.startsWith('\t')
    const parsed = parsePropertyLine(indented ? line.slice(1) : line)
    const unreadable = () =>
      inputError('zmgr::zonecfg::parse', `cannot read line ${index + 1} of zonecfg info: ${JSON.stringify(line)}`, {
        help: 'zmgr reads the layout of OmniOS/illumos `zonecfg info`; run it by hand and report the output',
      })
    if (!parsed) throw unreadable()
    if (indented) {
      if (!net && !resource) throw unreadable()
      if (parsed.text === undefined) continue
      const value = parseZonecfgValue(parsed.text)
      if (net) {
        const field = NET_FIELDS[parsed.name]
        if (field && typeof value === 'string') net[field] = value
        else if (parsed.name === 'property' && typeof value === 'object' && !Array.isArray(value))
          net.properties.push({name: value.name ?? '', value: value.value ?? ''})
        else net.other.push({name: parsed.name, value, ...(parsed.derived ? {derived: true} : {})})
      } else if (resource) {
        resource.properties.push({name: parsed.name, value, ...(parsed.derived ? {derived: true} : {})})
      }
      continue
    }
    net = undefined
    resource = undefined
    if (parsed.derived) {
      if (parsed.text !== undefined) config.aliases.push({name: parsed.name, value: parsed.text})
      continue
    }
    // A resource header is `type:` with nothing after it, followed by indented lines.
    const nextIsIndented = (lines[index + 1] ?? '').startsWith('\t')
    if (parsed.text === '' && !line.endsWith(' ') && (nextIsIndented || !GLOBAL_NAMES.has(parsed.name))) {
      if (parsed.name === 'net') {
        net = newNet()
        config.nets.push(net)
      } else {
        resource = {type: parsed.name, properties: []}
        config.resources.push(resource)
      }
      continue
    }
    const value = unquote(parsed.text ?? '')
    if (value === '') continue
    config.globals.push({name: parsed.name, value})
    if (parsed.name === 'zonename') config.zonename = value
    else if (parsed.name === 'zonepath') config.zonepath = value
    else if (parsed.name === 'brand') config.brand = value
    else if (parsed.name === 'autoboot') config.autoboot = value === 'true'
    else if (parsed.name === 'ip-type') config.ipType = value === 'exclusive' ? 'exclusive' : 'shared'
    else if (parsed.name in GLOBAL_FIELDS) config[GLOBAL_FIELDS[parsed.name]] = value
  }
  return config
}

/** Run `zonecfg -z ZONE info` and parse it. */
export async function readZoneConfig(runner: SystemRunner, zone: string): Promise<ZoneConfig> {
  const {stdout} = await runner.run(['zonecfg', '-z', zone, 'info'])
  return parseZonecfgInfo(stdout)
}
