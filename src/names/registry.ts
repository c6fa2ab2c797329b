import {inputError, type ZmgrError} from '../errors.js'
import {ZONE_NAME_MAX} from './illumos.js'

/**
 * Names of registry items become file names (`templates/NAME.kdl`), so they
 * are checked before any path is built from them: a name never reaches
 * outside its folder, never hides as a dotfile, never carries a control
 * character, and stays well under NAME_MAX (255 bytes) with the `.kdl`
 * suffix and the atomic writer's temp-file decoration added.
 */
export const ITEM_NAME_MAX = 64

/** What a kind of item is called in messages and which rule its names follow. */
export interface NamedKind {
  /** template, pool, zone, publisher, or a plugin's own kind. */
  kind: string
  /** The kind's own rule (zones: the illumos rules); the generic rule when absent. */
  nameProblem?(name: string): string | undefined
}

// C0 controls, DEL and C1 controls: they garble terminals and logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

/** Hazards of any name that becomes a file name; checked first so the message says exactly what is wrong. */
function pathHazard(name: string, max: number): string | undefined {
  if (name.length === 0) return 'a name cannot be empty'
  const control = name.match(CONTROL)
  if (control)
    return `a name cannot contain control characters (found U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`
  if (name.includes('/')) return 'a name cannot contain "/" (it would become a path)'
  if (name === '.' || name === '..') return `${JSON.stringify(name)} is a directory reference, not a name`
  if (name.startsWith('.')) return 'a name cannot start with "." (it would become a hidden file)'
  if (name.length > max) return `a name has at most ${max} characters (this one has ${name.length})`
  return undefined
}

/**
 * The file-name rule every kind shares: letters, digits, "_", "." and "-",
 * starting with a letter or digit, at most ITEM_NAME_MAX characters (zones:
 * ZONE_NAME_MAX). Zones' further illumos rules (not "global", not SUNW...)
 * are checked where a zone is made (`zones create`) and by `validate`, so a
 * hand-written entry that breaks them can still be shown and destroyed.
 */
export function itemNameProblem(name: string, max = ITEM_NAME_MAX): string | undefined {
  const hazard = pathHazard(name, max)
  if (hazard) return hazard
  if (!/^[A-Za-z0-9]/.test(name)) return 'a name must start with a letter or a digit'
  const bad = name.match(/[^A-Za-z0-9_.-]/)
  if (bad) return `a name may contain only letters, digits, "_", "." and "-" (found ${JSON.stringify(bad[0])})`
  return undefined
}

const maxLength = (kind: NamedKind) => (kind.kind === 'zone' ? ZONE_NAME_MAX : ITEM_NAME_MAX)

/** Why `name` cannot name an item of this kind (the kind's own rule, after the path hazards), or undefined. */
export function nameProblemOf(kind: NamedKind, name: string): string | undefined {
  return kind.nameProblem
    ? (pathHazard(name, maxLength(kind)) ?? kind.nameProblem(name))
    : itemNameProblem(name, maxLength(kind))
}

/** The input error (exit 2) for a name that breaks its kind's rules. */
export function badNameError(kind: NamedKind, name: string, problem: string): ZmgrError {
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name)
  return inputError(`zmgr::${kind.kind}::bad-name`, `invalid ${kind.kind} name ${shown}: ${problem}`, {
    help: `a ${kind.kind} name has up to ${maxLength(kind)} letters, digits, "_", "." or "-", starting with a letter or digit`,
  })
}

/** Throw exit 2 unless `name` is a valid name of this kind. */
export function assertItemName(kind: NamedKind, name: string): void {
  const problem = nameProblemOf(kind, name)
  if (problem) throw badNameError(kind, name, problem)
}
