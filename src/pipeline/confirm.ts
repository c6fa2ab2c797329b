import {CANCELLED_EXIT, inputError, operationError, ZmgrError} from '../errors.js'

export interface ConfirmOptions {
  /** `--yes` was given: no question. */
  yes?: boolean
  /** What is about to happen, e.g. "destroy zone web01 and free its addresses". */
  action: string
  input?: NodeJS.ReadableStream & {isTTY?: boolean}
  output?: NodeJS.WritableStream
}

/**
 * Ask the user to type `expected` (a zone name) before something that cannot
 * be undone. Without a terminal to ask on and without `--yes` it refuses
 * (exit 2): a script must say --yes.
 */
export async function confirmByTyping(expected: string, options: ConfirmOptions): Promise<void> {
  if (options.yes) return
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  if (!input.isTTY) {
    throw inputError(
      'zmgr::confirm::no-terminal',
      `refusing to ${options.action} without confirmation: there is no terminal to ask on`,
      {
        help: 'pass --yes (-y) to confirm from a script',
      },
    )
  }
  const {createInterface} = await import('node:readline/promises')
  const rl = createInterface({input, output, terminal: true})
  // Ctrl-C and Ctrl-D (end of input) cancel, as they do at a shell prompt: exit 130, nothing changed.
  const cancelled = new AbortController()
  rl.on('SIGINT', () => cancelled.abort()).on('close', () => cancelled.abort())
  let answer: string
  try {
    answer = await rl.question(`This will ${options.action}.\nType the zone name (${expected}) to confirm: `, {
      signal: cancelled.signal,
    })
  } catch (error) {
    if (!cancelled.signal.aborted) throw error
    output.write('\n')
    throw new ZmgrError('zmgr::confirm::cancelled', 'cancelled', {exit: CANCELLED_EXIT, help: 'nothing was changed'})
  } finally {
    rl.close()
  }
  if (answer.trim() !== expected) {
    throw operationError(
      'zmgr::confirm::declined',
      `not confirmed: expected ${JSON.stringify(expected)}, got ${JSON.stringify(answer.trim())}`,
      {help: 'nothing was changed; run the command again and type the name exactly'},
    )
  }
}
