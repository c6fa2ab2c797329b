// Command arguments: getopt over words, a leading -F, and `prop=value` pairs.
import type {SessionContext} from './context.js'
import {Z} from './errors.js'
import type {CommandName} from './help.js'
import {tokenText, type Token, type Value} from './lexer.js'
import type {ResourceSpec} from './resources.js'

/** getopt over plain words; undefined after printing the usage on a bad option or operand. */
export function getopt(
  ctx: SessionContext,
  command: CommandName,
  args: Token[],
  flags: string,
  withValue = '',
): Record<string, string> | undefined {
  const result: Record<string, string> = {}
  const words = args.map(tokenText)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (word === undefined || !word.startsWith('-') || word.length !== 2) {
      ctx.shortUsage(command)
      return undefined
    }
    const flag = word[1]!
    if (flag === '?') {
      ctx.longUsage(command, false)
      return undefined
    }
    if (withValue.includes(flag)) {
      const value = words[++i]
      if (value === undefined) {
        ctx.shortUsage(command)
        return undefined
      }
      result[flag] = value
    } else if (flags.includes(flag)) {
      result[flag] = ''
    } else {
      ctx.shortUsage(command)
      return undefined
    }
  }
  return result
}

/** `set` and `remove` take `-F` only as their first word. */
export function leadingForce(args: Token[]): {force: boolean; rest: Token[]} {
  return tokenText(args[0]) === '-F' ? {force: true, rest: args.slice(1)} : {force: false, rest: args}
}

/** Splits `prop=value` qualifier pairs; undefined on malformed input. */
export function pairs(tokens: Token[]): Array<[string, Value]> | undefined {
  const result: Array<[string, Value]> = []
  for (let i = 0; i < tokens.length; i += 3) {
    const name = tokens[i]
    const eq = tokens[i + 1]
    const value = tokens[i + 2]
    if (name?.kind !== 'word' || eq?.kind !== 'eq' || value?.kind !== 'value') return undefined
    result.push([name.text, value.value])
  }
  return result
}

function simplePairs(ctx: SessionContext, tokens: Token[], command: CommandName): Record<string, string> | undefined {
  const found = pairs(tokens)
  if (!found) {
    ctx.shortUsage(command)
    return undefined
  }
  const result: Record<string, string> = {}
  for (const [name, value] of found) {
    if (value.kind !== 'simple') {
      ctx.fail('A simple value was expected here.')
      return undefined
    }
    result[name] = value.text
  }
  return result
}

/** Qualifiers of remove/select/info: `prop=value` pairs naming properties of the resource. */
export function qualifiers(
  ctx: SessionContext,
  command: CommandName,
  spec: ResourceSpec,
  tokens: Token[],
): Record<string, string> | undefined {
  const result = simplePairs(ctx, tokens, command)
  if (!result) return undefined
  for (const prop of Object.keys(result)) {
    if (!spec.props.includes(prop)) {
      ctx.zonePerror(prop, Z.NO_PROPERTY_TYPE)
      ctx.cmdResPerror(command, spec.type, Z.INSUFFICIENT_SPEC)
      return undefined
    }
  }
  return result
}
