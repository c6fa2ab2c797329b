import {inputError} from '../errors.js'

/**
 * Whole seconds (0 or more) from the environment variable `name`: the
 * variables that override a config.kdl timeout for one run
 * (ZMGR_COMMAND_TIMEOUT, ZMGR_LOCK_TIMEOUT). Undefined when unset or empty;
 * anything else is bad input, reported with `code` and `help`.
 */
export function secondsFromEnv(name: string, code: string, help: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  if (!/^\d+$/.test(raw.trim()))
    throw inputError(code, `${name}=${JSON.stringify(raw)} is not a whole number of seconds`, {help})
  return Number(raw.trim())
}
