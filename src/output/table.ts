/** Plain text tables and detail views; --json output never goes through here. */

export interface Column<Row> {
  header: string
  get: (row: Row) => string
  align?: 'left' | 'right'
  /** The column may be cut (ending in `…`) to fit a narrow terminal; headers never are. */
  shrink?: boolean
}

/** Shrinkable columns keep at least this many characters (or their header's width). */
const MIN_SHRUNK_WIDTH = 8

/**
 * The width tables must fit: `$COLUMNS` when set (as ls and ps honour it),
 * else the terminal's width, else none (a pipe gets whole values).
 */
export function outputWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout): number | undefined {
  const fromEnv = Number.parseInt(process.env.COLUMNS ?? '', 10)
  if (fromEnv > 0) return fromEnv
  return stream.isTTY && stream.columns ? stream.columns : undefined
}

/** Narrow the shrinkable columns, widest first, until the table fits `limit` (or they are at their minimum). */
function fitWidths(widths: number[], minimums: number[], shrinkable: boolean[], limit: number): number[] {
  const fitted = [...widths]
  const total = () => fitted.reduce((sum, width) => sum + width, 0) + 2 * (fitted.length - 1)
  while (total() > limit) {
    let widest = -1
    for (let i = 0; i < fitted.length; i++)
      if (shrinkable[i] && fitted[i] > minimums[i] && (widest < 0 || fitted[i] > fitted[widest])) widest = i
    if (widest < 0) break
    fitted[widest] = Math.max(minimums[widest], fitted[widest] - (total() - limit))
  }
  return fitted
}

function cut(cell: string, width: number): string {
  return cell.length <= width ? cell : `${cell.slice(0, Math.max(0, width - 1))}…`
}

/**
 * Columns sized to their widest cell, two spaces apart, no trailing blanks.
 * With `width`, shrinkable columns are cut to fit it; the header row is never cut.
 */
export function formatTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  options: {header?: boolean; width?: number} = {},
): string {
  const cells = rows.map((row) => columns.map((column) => column.get(row)))
  const natural = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index].length)),
  )
  const widths =
    options.width === undefined
      ? natural
      : fitWidths(
          natural,
          columns.map((column) => Math.max(column.header.length, MIN_SHRUNK_WIDTH)),
          columns.map((column) => Boolean(column.shrink)),
          options.width,
        )
  const render = (line: string[]) =>
    line
      .map((text, index) => {
        const cell = cut(text, widths[index])
        if (columns[index].align === 'right') return cell.padStart(widths[index])
        return index === line.length - 1 ? cell : cell.padEnd(widths[index])
      })
      .join('  ')
      .trimEnd()
  const lines = cells.map(render)
  if (options.header !== false) lines.unshift(render(columns.map((column) => column.header)))
  return lines.join('\n')
}

/** `key: value` lines with the keys aligned; nested lists are indented below their key. */
export function formatDetails(pairs: ReadonlyArray<readonly [string, string | readonly string[] | undefined]>): string {
  const shown = pairs.filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
  const width = Math.max(0, ...shown.map(([key]) => key.length))
  return shown
    .map(([key, value]) =>
      Array.isArray(value)
        ? `${`${key}:`}\n${value.map((item) => `  ${item}`).join('\n')}`
        : `${`${key}:`.padEnd(width + 2)}${value as string}`,
    )
    .join('\n')
}
