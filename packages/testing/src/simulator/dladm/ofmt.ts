// libofmt: field selection and printing for every `dladm show-*` command.
import type {Console} from '../io.js'

export interface Field<Row> {
  /** Header text; `-o` names match it case-insensitively. */
  name: string
  /** Human column width. */
  width: number
  value(row: Row): string
}

export type Selection<Row> = {fields: Field<Row>[]; warning?: string} | {error: string}

/** ofmt_open(): resolves `-o` (comma-separated, case-insensitive, `all`). */
export function selectFields<Row>(
  all: Field<Row>[],
  defaults: string[],
  spec: string | undefined,
  parsable: boolean,
): Selection<Row> {
  if (spec === undefined && parsable) return {error: 'output fields must be specified in parsable mode'}
  if (spec === undefined || spec.toLowerCase() === 'all') {
    if (spec !== undefined && parsable) return {error: "output field 'all' invalid in parsable mode"}
    const names = spec === undefined ? defaults : all.map((f) => f.name)
    return {fields: names.map((n) => all.find((f) => f.name === n.toUpperCase())!)}
  }
  const fields: Field<Row>[] = []
  const unknown: string[] = []
  for (const name of spec.split(',')) {
    const field = all.find((f) => f.name === name.toUpperCase())
    if (field) fields.push(field)
    else unknown.push(name)
  }
  if (unknown.length === 0) return {fields}
  const plural = unknown.length > 1 ? 's' : ''
  if (parsable) return {error: `unknown output field${plural}: ${unknown.join(' ')}`}
  return {fields, warning: `ignoring unknown output field${plural}: ${unknown.join(' ')}`}
}

/** Parsable: `:`-joined, `:` and `\` escaped, except that a single field is printed raw. */
function parsableLine(values: string[]): string {
  if (values.length === 1) return `${values[0]}\n`
  return `${values.map((v) => v.replace(/[:\\]/g, (c) => `\\${c}`)).join(':')}\n`
}

/**
 * Human: every column but the last padded to its width; a value that does not
 * fit is followed by one space and the overflow is taken out of the padding of
 * the following columns (ofmt_print_field).
 */
function humanLine(values: string[], widths: number[]): string {
  let line = ''
  let overflow = 0
  values.forEach((value, i) => {
    if (i === values.length - 1) {
      line += value
      return
    }
    let width = widths[i]!
    if (value.length + overflow >= width) {
      overflow += value.length - width + 1
      line += `${value} `
      return
    }
    width -= overflow
    overflow = 0
    line += value.padEnd(width)
  })
  return `${line}\n`
}

export function printRows<Row>(console: Console, fields: Field<Row>[], rows: Row[], parsable: boolean): void {
  if (rows.length === 0) return
  const widths = fields.map((f) => f.width)
  if (!parsable)
    console.out(
      humanLine(
        fields.map((f) => f.name),
        widths,
      ),
    )
  for (const row of rows) {
    const values = fields.map((f) => f.value(row))
    console.out(
      parsable
        ? parsableLine(values)
        : humanLine(
            values.map((v) => (v === '' ? '--' : v)),
            widths,
          ),
    )
  }
}
