// POSIX getopt(3) as the illumos tools use it: options before operands,
// clustered flags (-cp), values attached or separate (-zweb, -z web), `--` ends
// options. Parsing stops at the first operand (no GNU permutation).

export interface ParsedOptions {
  /** Options in command-line order; flags without a value map to ''. */
  options: Array<[flag: string, value: string]>
  operands: string[]
  /** The first bad option: unknown (`?`) or missing its value (`:`). */
  error?: {flag: string; kind: '?' | ':'}
}

export function getopt(args: string[], optstring: string): ParsedOptions {
  const options: Array<[string, string]> = []
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      i++
      break
    }
    if (!arg.startsWith('-') || arg === '-') break
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!
      const at = optstring.indexOf(flag)
      if (at < 0 || flag === ':') return {options, operands: args.slice(i + 1), error: {flag, kind: '?'}}
      if (optstring[at + 1] !== ':') {
        options.push([flag, ''])
        continue
      }
      const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i]
      if (value === undefined) return {options, operands: [], error: {flag, kind: ':'}}
      options.push([flag, value])
      break
    }
  }
  return {options, operands: args.slice(i)}
}

/** The last value given for a flag, or undefined. */
export function optionValue(parsed: ParsedOptions, flag: string): string | undefined {
  return parsed.options.filter(([f]) => f === flag).at(-1)?.[1]
}

export function hasOption(parsed: ParsedOptions, flag: string): boolean {
  return parsed.options.some(([f]) => f === flag)
}
