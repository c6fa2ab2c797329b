import {SystemRunner, type SystemRunnerOptions} from './runner.js'

/**
 * Where every command gets its system runner and its clock. Production uses
 * the defaults (a real SystemRunner, the wall clock); a test harness (or a
 * plugin's own tests) replaces them with setSystemProvider, so commands run in
 * process against a recorded or simulated runner and a fixed date.
 */
export interface SystemProvider {
  /** A fresh runner for one command run. */
  runner(options: SystemRunnerOptions): SystemRunner
  /** The current time (dates written into zone files: `created`, `imported`). */
  now(): Date
}

const DEFAULT_PROVIDER: SystemProvider = {
  runner: (options) => new SystemRunner(options),
  now: () => new Date(),
}

let current: SystemProvider = DEFAULT_PROVIDER

/** The provider in force. */
export function systemProvider(): SystemProvider {
  return current
}

/** A runner from the provider in force (what commands use instead of `new SystemRunner`). */
export function createSystemRunner(options: SystemRunnerOptions = {}): SystemRunner {
  return current.runner(options)
}

/** The provider's clock (what commands use instead of `new Date()`). */
export function now(): Date {
  return current.now()
}

/**
 * Replaces parts of the provider (the rest stay as they are); returns a
 * function that puts the previous provider back. Without an argument, restores the defaults.
 */
export function setSystemProvider(provider?: Partial<SystemProvider>): () => void {
  const previous = current
  current = provider ? {...current, ...provider} : DEFAULT_PROVIDER
  return () => {
    current = previous
  }
}
