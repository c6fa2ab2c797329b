// Naming rules of libzonecfg (zone names) and libdladm (datalink names).

/** zonecfg_validate_zonename: 1-63 chars, [A-Za-z0-9][A-Za-z0-9_.-]*, not "global". */
export function validZoneName(name: string): boolean {
  return name.length <= 63 && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) && name !== 'global'
}

export const MAX_LINK_NAME = 31

/**
 * dladm_valid_linkname (current OmniOS and illumos-gate/OI): at most 31 characters
 * of [A-Za-z0-9_.], not starting with a digit, ending in a number without a
 * leading zero. Builds before illumos 7667 (2016) only wanted a trailing digit
 * (`web01` passed); no simulated flavour is that old.
 */
export function validLinkName(name: string): boolean {
  const match = /^[A-Za-z_.][A-Za-z0-9_.]*?([0-9]+)$/.exec(name)
  if (!match || name.length > MAX_LINK_NAME) return false
  const number = match[1]!
  return number === '0' || !number.startsWith('0')
}

/** The MAC address format of libdladm: lower-case hex, no leading zeros. */
export function formatMac(bytes: number[]): string {
  return bytes.map((b) => b.toString(16)).join(':')
}

/** Parses `2:8:20:1:39:4e` (or zero-padded) into six bytes, or undefined. */
export function parseMac(text: string): number[] | undefined {
  const parts = text.split(':')
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined
  return parts.map((p) => Number.parseInt(p, 16))
}
