// Process plumbing shared by every simulated command: synchronous output (so
// stdout/stderr ordering matches the unbuffered C tools), exit by exception,
// synchronous sleep and stdin access.
import {readFileSync, readSync, writeSync} from 'node:fs'
import {isatty} from 'node:tty'

/** Thrown to end a command with an exit status, like exit(3) in the C tools. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`)
  }
}

/** Where a command writes (and reads). Processes use the real descriptors; seeding and in-process runs use a buffer. */
export interface Console {
  out(text: string): void
  err(text: string): void
  /** Standard input held in memory (never a terminal); undefined: the process's own. */
  readonly stdin?: string
}

function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text)
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf)
      buf = buf.subarray(n)
    } catch (error) {
      // Pipes may be non-blocking: wait for the reader instead of failing.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      sleepMs(1)
    }
  }
}

export const processConsole: Console = {
  out: (text) => writeAll(1, text),
  err: (text) => writeAll(2, text),
}

/** Collects output in memory (in-process use: seeding, tests of the interpreter, zmgr/testing's in-process runs). */
export class BufferConsole implements Console {
  stdout = ''
  stderr = ''
  constructor(readonly stdin = '') {}
  out(text: string): void {
    this.stdout += text
  }
  err(text: string): void {
    this.stderr += text
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** Blocks the process; the simulated commands are synchronous programs. */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms)
}

export function stdinIsTty(console: Console): boolean {
  return console.stdin === undefined && isatty(0)
}

export function readAllStdin(console: Console): string {
  if (console.stdin !== undefined) return console.stdin
  try {
    return readFileSync(0, 'utf8')
  } catch {
    return ''
  }
}

/** Reads standard input a line at a time: the console's in-memory input, else the process's (readLineSync). */
export function lineReader(console: Console): () => string | null {
  if (console.stdin === undefined) return readLineSync
  const lines = console.stdin.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return () => lines.shift() ?? null
}

/** Reads one line from a terminal (interactive zonecfg, y/n questions); null at EOF. */
export function readLineSync(): string | null {
  const byte = Buffer.alloc(1)
  let line = ''
  for (;;) {
    let n: number
    try {
      n = readSync(0, byte, 0, 1, null)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        sleepMs(10)
        continue
      }
      return line === '' ? null : line
    }
    if (n === 0) return line === '' ? null : line
    const ch = byte.toString('latin1')
    if (ch === '\n') return line
    line += ch
  }
}

/** Calls a command's main function, turning Exit into the exit status. */
export function callCommand(main: (args: string[]) => number, args: string[]): number {
  try {
    return main(args)
  } catch (error) {
    if (!(error instanceof Exit)) throw error
    return error.code
  }
}

/** Runs a command's main function as the process. */
export function runProcess(main: (args: string[]) => number): void {
  process.exitCode = callCommand(main, process.argv.slice(2))
}
