// Value checks of resource properties (set_func and the validate_* helpers of
// zonecfg.c); each prints its own error.
import {isIPv4, isIPv6} from 'node:net'
import {validLinkName} from '../names.js'
import {getAliased} from './config.js'
import type {SessionContext} from './context.js'
import {Z} from './errors.js'
import {NET_ADDRESS_USAGE} from './help.js'
import {bytesToUnits, MCAP_ALIASES, strToBytes} from './resources.js'

/** Per-property checks of set_func; returns the value to store or undefined after an error. */
export function validateResourceProperty(
  ctx: SessionContext,
  type: string,
  prop: string,
  text: string,
): string | undefined {
  switch (`${type}.${prop}`) {
    case 'net.address':
    case 'net.allowed-address':
      return validAddress(ctx, text, false) ? text.slice(0, ADDRESS_MAX) : undefined
    case 'net.defrouter':
      return validAddress(ctx, text, true) ? text.slice(0, ADDRESS_MAX) : undefined
    case 'net.physical':
      return validPhysical(ctx, text) ? text : undefined
    case 'net.vlan-id':
      // 0 means no VLAN (CONTRACT §3.6).
      if (!/^[0-9]+$/.test(text) || Number(text) > 4094) return void ctx.fail(`${text}: invalid vlan-id`)
      return text
    case 'fs.type':
      if (text === '' || text.includes('/') || text === '.' || text === '..')
        return void ctx.fail(`"${text}" is not a valid type.`)
      return text
    case 'rctl.name':
      if (!text.startsWith('zone.')) return void ctx.zerr(`'${text}' is not a valid zone rctl name.`)
      return text
    case 'dedicated-cpu.ncpus': {
      const [low, high = low] = text.split('-')
      if (!/^[0-9]+$/.test(low ?? '') || !/^[0-9]+$/.test(high) || Number(low) < 1 || Number(low) > Number(high))
        return void ctx.fail('ncpus property is out of range.')
      return text
    }
    case 'dedicated-cpu.importance':
      if (!/^[0-9]+$/.test(text)) return void ctx.fail('importance property is out of range.')
      return text
    case 'capped-cpu.ncpus': {
      const cap = Number(text)
      if (!/^[0-9]*\.?[0-9]+$/.test(text) || !(cap > 0) || Math.trunc(cap * 100) < 1)
        return void ctx.fail('ncpus property is out of range.')
      return text
    }
    case 'capped-memory.physical':
    case 'capped-memory.swap':
    case 'capped-memory.locked':
      return validMemoryCap(ctx, prop, text)
    default:
      return text
  }
}

/** struct zone_nwiftab keeps addresses in INET6_ADDRSTRLEN buffers: longer text is cut at `set`, silently (§3.6.1). */
const ADDRESS_MAX = 45

const POSITIVE_SIZE = 'A positive number with a required scale suffix (K, M, G or T) was expected here.'
const NON_NEGATIVE_SIZE = 'A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.'

/** A capped-memory size as a byte count, or undefined after an error. */
function validMemoryCap(ctx: SessionContext, prop: string, text: string): string | undefined {
  const alias = MCAP_ALIASES[prop]!
  if (prop !== 'physical' && getAliased(ctx.config, alias).status === 'incompatible') {
    ctx.zonePerror(prop === 'swap' ? 'max-swap' : prop, Z.ALIAS_DISALLOW)
    return undefined
  }
  const bytes = strToBytes(text)
  // swap and the gate's physical cap have a minimum and say "positive"; OmniOS's physical and locked have none.
  const minimum = prop === 'swap' ? 50 * 1024 * 1024 : prop === 'physical' ? ctx.flavour.physicalCapMinimum : 0
  if (bytes === undefined) return void ctx.fail(minimum > 0 ? POSITIVE_SIZE : NON_NEGATIVE_SIZE)
  if (bytes < minimum)
    return void ctx.fail(`${prop} value is too small.  It must be at least ${bytesToUnits(minimum)}.`)
  return String(bytes)
}

/** C atoi(): the leading decimal number, 0 when there is none. */
function atoi(text: string): number {
  return Number.parseInt(/^\s*[-+]?[0-9]+/.exec(text)?.[0] ?? '0', 10)
}

/**
 * validate_net_address_syntax(): only the text before the first `/` and the
 * number after it are looked at, so `a/24,b/64` passes and `a,b/24` does not (§3.6.1).
 */
function validAddress(ctx: SessionContext, address: string, isHost: boolean): boolean {
  const slash = address.indexOf('/')
  const host = slash >= 0 ? address.slice(0, slash) : address
  const prefix = slash >= 0 ? atoi(address.slice(slash + 1)) : undefined
  if (isHost && slash >= 0)
    ctx.zerr(
      `Warning: prefix length in ${address} is not required and will be ignored. The default host-prefix length will be used`,
    )
  if (isIPv6(host)) {
    if (isHost) return true
    if (prefix === undefined) ctx.fail(`${address}: IPv6 addresses require /prefix-length suffix.`)
    else if (!(prefix >= 0 && prefix <= 128)) ctx.fail(`${address}: IPv6 address prefix lengths must be 0 - 128.`)
    else return true
    return false
  }
  if (!isHost && prefix !== undefined && !(prefix >= 0 && prefix <= 32)) {
    ctx.fail(`${address}: IPv4 address prefix lengths must be 0 - 32.`)
    return false
  }
  if (isIPv4(host) || /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host)) return true
  ctx.fail(`${host}: bogus host name or network address syntax`)
  ctx.console.err(NET_ADDRESS_USAGE)
  return false
}

/** validate_net_physical_syntax(): exclusive IP needs a datalink name. */
export function validPhysical(ctx: SessionContext, name: string): boolean {
  if (ctx.config.props['ip-type'] === 'exclusive') {
    if (validLinkName(name)) return true
    ctx.fail(
      name.includes(':')
        ? `${name}: physical interface name required; logical interface name not allowed`
        : `${name}: invalid physical interface name`,
    )
    return false
  }
  const [base = '', lun] = name.split(':')
  if (!/^[A-Za-z][A-Za-z0-9_.]*[0-9]$/.test(base)) {
    ctx.fail(`${name}: invalid physical interface name`)
    return false
  }
  if (lun !== undefined) {
    ctx.fail(`${name}: LUNs not allowed in physical interface names`)
    return false
  }
  return true
}
