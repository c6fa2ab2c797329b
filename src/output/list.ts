/**
 * Lists the way illumos tools print them (zoneadm list -p, dladm show-* -p -o,
 * vmadm list -H -o -s): one helper for every list command, host and plugins alike.
 */
import {Flags} from '@oclif/core'
import {inputError} from '../errors.js'
import {formatTable, outputWidth} from './table.js'

export interface ListField<Row> {
  /** Lower-case name for `-o` and `-s`; the header is its upper-case form. */
  name: string
  /** One line for `-o help`. */
  description: string
  /** The value as text; '' when there is none (`-` in a table, nothing with -p). */
  get: (row: Row) => string
  /** What `-s` compares: numbers and bigints numerically, strings by locale. Default: `get`. */
  sortKey?: (row: Row) => number | bigint | string
  align?: 'right'
  /** May be cut to fit a narrow terminal (free text, lists of addresses). */
  shrink?: boolean
  /** Shown without -o (default true). */
  default?: boolean
}

/** -H, -p, -o and -s: spread into a list command's `flags`. */
export const listFlags = {
  'no-header': Flags.boolean({char: 'H', summary: 'Omit the header line (for scripts).', helpGroup: 'OUTPUT'}),
  parsable: Flags.boolean({
    char: 'p',
    summary: 'Parsable: no header, no padding, fields joined by ":" with ":" and "\\" escaped by "\\".',
    helpGroup: 'OUTPUT',
  }),
  output: Flags.string({
    char: 'o',
    summary: 'Fields to print, comma-separated, in this order (`-o help` lists them).',
    helpValue: 'FIELD,...',
    helpGroup: 'OUTPUT',
  }),
  sort: Flags.string({
    char: 's',
    summary: 'Sort by these fields, comma-separated; FIELD:desc sorts one descending (`-s used:desc`).',
    helpValue: 'FIELD,...',
    helpGroup: 'OUTPUT',
  }),
}

export interface ListOptions {
  'no-header'?: boolean
  parsable?: boolean
  output?: string
  sort?: string
  /** Fit the table to this many columns (default: `outputWidth()`). */
  width?: number
}

function fieldHelp<Row>(fields: readonly ListField<Row>[]): string {
  const width = Math.max(...fields.map((field) => field.name.length))
  return `fields: ${fields.map((field) => field.name).join(', ')}\n${fields.map((field) => `  ${field.name.padEnd(width)}  ${field.description}`).join('\n')}`
}

/**
 * Thrown for `-o help`: ZmgrCommand prints the fields (stdout, or the result
 * under --json) and exits 0, as `ps -o help` does.
 */
export class FieldListRequest extends Error {
  readonly oclif = {exit: 0}
  constructor(
    readonly fieldList: string,
    readonly fields: Array<{name: string; description: string; default: boolean}>,
  ) {
    super('the fields of this list')
  }
}

export function isFieldListRequest(error: unknown): error is FieldListRequest {
  return typeof error === 'object' && error !== null && typeof (error as {fieldList?: unknown}).fieldList === 'string'
}

function unknownFields<Row>(names: string[], fields: readonly ListField<Row>[]): never {
  if (names.length === 0) {
    throw new FieldListRequest(
      fieldHelp(fields),
      fields.map((field) => ({name: field.name, description: field.description, default: field.default !== false})),
    )
  }
  throw inputError('zmgr::usage::field', `unknown output field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`, {
    help: fieldHelp(fields),
    data: {fields: fields.map((field) => field.name)},
  })
}

/** Resolves a comma-separated list of field names (case-insensitive, as libofmt does). */
function pickFields<Row>(
  spec: string,
  fields: readonly ListField<Row>[],
  allowSign: boolean,
): Array<{field: ListField<Row>; descending: boolean}> {
  const names = spec
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const picked = names.map((name) => {
    // FIELD:desc; also -FIELD where oclif lets it through (`--sort=-name`, but not `--sort=-percent`: -p is a flag).
    const suffixed = allowSign && /:(desc|asc)$/i.test(name)
    const descending = allowSign && (/:desc$/i.test(name) || name.startsWith('-'))
    const bare = suffixed ? name.replace(/:(desc|asc)$/i, '') : descending ? name.slice(1) : name
    return {name: bare, descending, field: fields.find((field) => field.name === bare.toLowerCase())}
  })
  const unknown = picked
    .filter((entry) => !entry.field && entry.name.toLowerCase() !== 'help')
    .map((entry) => entry.name)
  if (unknown.length > 0 || picked.some((entry) => !entry.field) || names.length === 0) unknownFields(unknown, fields)
  return picked.map(({field, descending}) => ({field: field!, descending}))
}

function compareKeys(a: number | bigint | string, b: number | bigint | string): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b), 'en', {numeric: true})
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Checks -o and -s and sorts the rows; also run under --json, so a script
 * with a wrong field name fails the same way in either mode.
 */
export function selectList<Row>(
  rows: readonly Row[],
  fields: readonly ListField<Row>[],
  options: ListOptions,
): {rows: Row[]; fields: ListField<Row>[]} {
  const shown =
    options.output === undefined
      ? fields.filter((field) => field.default !== false)
      : pickFields(options.output, fields, false).map(({field}) => field)
  const sorted = [...rows]
  if (options.sort !== undefined) {
    const keys = pickFields(options.sort, fields, true)
    sorted.sort((a, b) => {
      for (const {field, descending} of keys) {
        const key = field.sortKey ?? field.get
        const order = compareKeys(key(a), key(b))
        if (order !== 0) return descending ? -order : order
      }
      return 0
    })
  }
  return {rows: sorted, fields: shown}
}

/** libofmt's parsable line: one field raw; several joined by ':' with ':' and '\' escaped (CONTRACT.md §5.5). */
export function parsableLine(values: readonly string[]): string {
  if (values.length === 1) return values[0]
  return values.map((value) => value.replaceAll(/[:\\]/g, (c) => `\\${c}`)).join(':')
}

/** The text of a list: a table, or parsable lines; '' when there are no rows (a script then reads nothing). */
export function formatList<Row>(
  rows: readonly Row[],
  fields: readonly ListField<Row>[],
  options: ListOptions = {},
): string {
  const selected = selectList(rows, fields, options)
  if (selected.rows.length === 0) return ''
  if (options.parsable)
    return selected.rows.map((row) => parsableLine(selected.fields.map((field) => field.get(row)))).join('\n')
  return formatTable(
    selected.rows,
    selected.fields.map((field) => ({
      header: field.name.toUpperCase(),
      get: (row: Row) => field.get(row) || '-',
      align: field.align,
      shrink: field.shrink,
    })),
    {header: !options['no-header'], width: options.width ?? outputWidth()},
  )
}
