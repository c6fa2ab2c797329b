import {createRequire} from 'node:module'

type IpAddressModule = typeof import('ip-address')
let ipAddress: IpAddressModule | undefined
/** ip-address is loaded on first use: most commands never parse an address, and every command pays for its imports at start-up. */
function lib(): IpAddressModule {
  ipAddress ??= createRequire(import.meta.url)('ip-address') as IpAddressModule
  return ipAddress
}

export type Family = 4 | 6

/** One IP address as a number, so ranges and sets are cheap arithmetic. */
export interface IpAddress {
  family: Family
  value: bigint
}

export interface IpNetwork {
  family: Family
  prefix: number
  /** First and last address of the network (network and broadcast address for IPv4). */
  first: bigint
  last: bigint
}

const BITS: Record<Family, number> = {4: 32, 6: 128}

export function familyOf(text: string): Family | undefined {
  const {Address4, Address6} = lib()
  if (Address4.isValid(text)) return 4
  if (Address6.isValid(text)) return 6
  return undefined
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`)

/** A plain address (no prefix length), or undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes('/')) return undefined
  // Fast path for the common case: the ledger parses every held address, and
  // ip-address's general parser is several times slower for dotted quads.
  const quad = DOTTED_QUAD.exec(text)
  if (quad)
    return {
      family: 4,
      value: BigInt(((Number(quad[1]) * 256 + Number(quad[2])) * 256 + Number(quad[3])) * 256 + Number(quad[4])),
    }
  const {Address4, Address6} = lib()
  if (Address4.isValid(text)) return {family: 4, value: new Address4(text).bigInt()}
  if (Address6.isValid(text)) return {family: 6, value: new Address6(text).bigInt()}
  return undefined
}

/** "192.0.2.0/24" -> the network; host bits set ("192.0.2.5/24") are refused. */
export function parseNetwork(text: string): IpNetwork | undefined {
  const match = /^(.+)\/(\d{1,3})$/.exec(text)
  if (!match) return undefined
  const ip = parseIp(match[1])
  const prefix = Number(match[2])
  if (!ip || prefix > BITS[ip.family]) return undefined
  const size = 1n << BigInt(BITS[ip.family] - prefix)
  if (ip.value % size !== 0n) return undefined
  return {family: ip.family, prefix, first: ip.value, last: ip.value + size - 1n}
}

/** "192.0.2.100/24" (an interface address with its prefix length). */
export function parseInterfaceAddress(text: string): (IpAddress & {prefix: number}) | undefined {
  const match = /^(.+)\/(\d{1,3})$/.exec(text)
  if (!match) return undefined
  const ip = parseIp(match[1])
  const prefix = Number(match[2])
  if (!ip || prefix > BITS[ip.family]) return undefined
  return {...ip, prefix}
}

export function formatIp(address: IpAddress): string {
  const {Address4, Address6} = lib()
  return address.family === 4
    ? Address4.fromBigInt(address.value).correctForm()
    : Address6.fromBigInt(address.value).correctForm()
}

export function formatNetwork(network: IpNetwork): string {
  return `${formatIp({family: network.family, value: network.first})}/${network.prefix}`
}

export function contains(network: IpNetwork, address: IpAddress): boolean {
  return network.family === address.family && address.value >= network.first && address.value <= network.last
}

/** The address with its network's prefix length, as zonecfg's allowed-address wants it. */
export function withPrefix(address: IpAddress, network: IpNetwork): string {
  return `${formatIp(address)}/${network.prefix}`
}

export function familyName(family: Family): 'IPv4' | 'IPv6' {
  return family === 4 ? 'IPv4' : 'IPv6'
}

/** An address written with or without its prefix length ("192.0.2.100" or "192.0.2.100/24"). */
export function parseHostAddress(text: string): (IpAddress & {prefix?: number}) | undefined {
  return parseIp(text) ?? parseInterfaceAddress(text)
}

/** Ascending order for bigint sorts (Array.prototype.sort compares strings by default). */
export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}
