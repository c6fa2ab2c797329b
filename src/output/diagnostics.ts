import type {Diagnostic} from '../errors.js'

const useColor = (stream: NodeJS.WriteStream): boolean =>
  Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'

function paint(enabled: boolean, code: string, text: string): string {
  return enabled ? `\u001B[${code}m${text}\u001B[0m` : text
}

/**
 * Render a diagnostic the way compilers do:
 *
 *     error[zmgr::pool::exhausted]: pool "public" has no free address
 *       --> /etc/zmgr/pools/public.kdl:4:5
 *        |
 *      4 |     range "192.0.2.100" "192.0.2.101"
 *        |     ^^^^^
 *       help: widen the range or add another range
 */
export function formatDiagnostic(diagnostic: Diagnostic, options: {color?: boolean} = {}): string {
  const color = options.color ?? useColor(process.stderr)
  const label = diagnostic.severity === 'warning' ? paint(color, '33;1', 'warning') : paint(color, '31;1', 'error')
  const lines = [`${label}[${diagnostic.code}]: ${diagnostic.message}`]
  const loc = diagnostic.location
  if (loc) {
    const number = String(loc.line)
    const gutter = ' '.repeat(number.length)
    lines.push(`${gutter}--> ${loc.file}:${loc.line}:${loc.column}`)
    if (loc.lineText !== undefined) {
      const text = loc.lineText.replaceAll('\t', '    ')
      const tabsBefore = (loc.lineText.slice(0, loc.column - 1).match(/\t/g) ?? []).length
      const caretAt = loc.column - 1 + tabsBefore * 3
      const width = Math.max(1, Math.min(loc.length ?? 1, Math.max(1, text.length - caretAt)))
      lines.push(
        `${gutter} |`,
        `${number} | ${text}`,
        `${gutter} | ${' '.repeat(caretAt)}${paint(color, '31;1', '^'.repeat(width))}`,
      )
    }
  }
  if (diagnostic.help)
    lines.push(
      `${loc ? `${' '.repeat(String(loc.line).length)} ` : ''} ${paint(color, '36', 'help')}: ${diagnostic.help}`,
    )
  return lines.join('\n')
}

/** The JSON shape of a diagnostic: stable keys, no undefined members. */
export function diagnosticToJson(diagnostic: Diagnostic): Record<string, unknown> {
  const json: Record<string, unknown> = {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
  }
  if (diagnostic.help) json.help = diagnostic.help
  if (diagnostic.location) {
    const {file, line, column} = diagnostic.location
    json.location = {file, line, column}
  }
  if (diagnostic.data) json.data = diagnostic.data
  return json
}
