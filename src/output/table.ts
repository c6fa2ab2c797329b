/** Plain text tables and detail views; --json output never goes through here. */

export interface Column<Row> {
  header: string
  get: (row: Row) => string
  align?: 'left' | 'right'
}

/** Columns sized to their widest cell, two spaces apart, no trailing blanks. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.get(row)))
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i].length)))
  const render = (line: string[]) =>
    line.map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : i === line.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n')
}

/** `key: value` lines with the keys aligned; nested lists are indented below their key. */
export function formatDetails(pairs: ReadonlyArray<readonly [string, string | readonly string[] | undefined]>): string {
  const shown = pairs.filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
  const width = Math.max(0, ...shown.map(([key]) => key.length))
  return shown
    .map(([key, value]) => (Array.isArray(value) ? `${`${key}:`}\n${value.map((item) => `  ${item}`).join('\n')}` : `${`${key}:`.padEnd(width + 2)}${value as string}`))
    .join('\n')
}
