import {inputError} from '../errors.js'

/** ZONENAME_MAX is 64 including the NUL (libzonecfg `zonecfg_validate_zonename`). */
export const ZONE_NAME_MAX = 63
/** MAXLINKNAMELEN is 32 including the NUL on current OmniOS (libdladm `dladm_valid_linkname`). */
export const LINK_NAME_MAX = 31

/** Why a zone name is refused by illumos, or undefined when it is valid. */
export function zoneNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a zone name cannot be empty'
  if (name.length > ZONE_NAME_MAX)
    return `a zone name has at most ${ZONE_NAME_MAX} characters (this one has ${name.length})`
  if (!/^[A-Za-z0-9]/.test(name)) return 'a zone name must start with a letter or a digit'
  const bad = name.match(/[^A-Za-z0-9_.-]/)
  if (bad) return `a zone name may contain only letters, digits, "_", "." and "-" (found ${JSON.stringify(bad[0])})`
  if (name === 'global') return '"global" is the global zone'
  if (name.startsWith('SUNW')) return 'names starting with SUNW are reserved by the system'
  return undefined
}

export function assertZoneName(name: string): void {
  const problem = zoneNameProblem(name)
  if (problem)
    throw inputError('zmgr::zone::bad-name', `invalid zone name ${JSON.stringify(name)}: ${problem}`, {
      help: 'choose a name of up to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
    })
}

/** Why a datalink (VNIC) name is refused by dladm, or undefined when it is valid. */
export function linkNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a link name cannot be empty'
  if (name.length > LINK_NAME_MAX)
    return `a link name has at most ${LINK_NAME_MAX} characters (this one has ${name.length})`
  const bad = name.match(/[^A-Za-z0-9_.]/)
  if (bad) return `a link name may contain only letters, digits, "_" and "." (found ${JSON.stringify(bad[0])})`
  if (/^[0-9]/.test(name)) return 'a link name cannot start with a digit'
  const number = name.match(/[0-9]+$/)
  if (!number) return 'a link name must end in a number (e.g. web_0)'
  if (number[0].length > 1 && number[0].startsWith('0'))
    return `a link name must end in a number without a leading zero ("${number[0]}")`
  return undefined
}

export interface VnicNameInput {
  zone: string
  index: number
  net: string
}

/** Fill a `vnic-name` pattern: {zone}, {index} and {net} are replaced. */
export function expandVnicPattern(pattern: string, input: VnicNameInput): string {
  return pattern
    .replaceAll('{zone}', input.zone)
    .replaceAll('{index}', String(input.index))
    .replaceAll('{net}', input.net)
}

/**
 * Turn any string into a valid datalink name, keeping it recognisable:
 * characters dladm refuses become "_", a leading digit gets a "z" in front,
 * a trailing number with a leading zero is split off ("web010" -> "web01_0"),
 * a name without a trailing number gets the net index, and the stem is cut
 * so the whole fits in 31 characters.
 */
export function adaptLinkName(raw: string, index: number): string {
  let name = raw.replace(/[^A-Za-z0-9_.]/g, '_')
  if (name === '' || /^[0-9]/.test(name)) name = `z${name}`
  let number = name.match(/[0-9]+$/)?.[0]
  if (number === undefined) {
    number = String(index)
    if (/[0-9]$/.test(name)) name += '_'
    name += number
  } else if (number.length > 1 && number.startsWith('0')) {
    name = `${name.slice(0, -1)}_${number.slice(-1)}`
    number = number.slice(-1)
  }
  const stem = name.slice(0, name.length - number.length)
  return stem.slice(0, LINK_NAME_MAX - number.length) + number
}

/**
 * A valid VNIC name from the pattern that is not in `taken`: on a clash the
 * trailing number counts up (web01_0, web01_1, ...) while the result stays
 * within 31 characters.
 */
export function makeVnicName(pattern: string, input: VnicNameInput, taken: ReadonlySet<string>): string {
  const first = adaptLinkName(expandVnicPattern(pattern, input), input.index)
  if (!taken.has(first)) return first
  const number = Number(first.match(/[0-9]+$/)![0])
  const stem = first.slice(0, first.length - String(number).length)
  for (let n = number + 1; ; n++) {
    const digits = String(n)
    const candidate = stem.slice(0, LINK_NAME_MAX - digits.length) + digits
    if (!taken.has(candidate)) return candidate
  }
}
