import type {Config, Hook, Interfaces} from '@oclif/core'
import type {Brand} from './brands.js'
import type {Diagnostic} from './errors.js'
import {inputError, isZmgrError, ZmgrError} from './errors.js'
import type {ContributedStep, PipelineReport, PlanView} from './pipeline/types.js'
import type {ValidationRule} from './validation/types.js'

/** Payload of `zmgr:<operation>:before` and `:after` (create, destroy, import, boot, halt, reboot, shutdown). */
export interface OperationEvent {
  operation: string
  zone: string
  dryRun: boolean
  root: string
  plan: PlanView
  /** Set on `:after`: how it went. */
  report?: PipelineReport
}

/** What a `:before` hook may return: steps to add to the plan. */
export interface OperationContribution {
  steps?: ContributedStep[]
}

/** Payload of `zmgr:step:before` and `zmgr:step:after`. */
export interface StepEvent {
  operation: string
  zone: string
  dryRun: boolean
  root: string
  step: {id: string; title: string; commands: string[][]}
  /** Set on `zmgr:step:after` when the step failed. */
  error?: Diagnostic
}

type OperationHooks<O extends string> = {
  // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a hook function, in the shape of oclif's Hooks map; `void` lets a hook end without `return`
  [K in `zmgr:${O}:before`]: {options: OperationEvent; return: OperationContribution | void}
} & {
  // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a hook function, in the shape of oclif's Hooks map; `void` lets a hook end without `return`
  [K in `zmgr:${O}:after`]: {options: OperationEvent; return: void}
}

/** Every zmgr hook event with its payload and return types (docs/hooks.md). */
export type ZmgrEventMap = OperationHooks<'create' | 'destroy' | 'import' | 'boot' | 'halt' | 'reboot' | 'shutdown'> & {
  'zmgr:brands': {options: Record<string, never>; return: Brand[]}
  'zmgr:validation-rules': {options: Record<string, never>; return: ValidationRule[]}
  // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a hook function, in the shape of oclif's Hooks map; `void` lets a hook end without `return`
  'zmgr:step:before': {options: StepEvent; return: void}
  // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a hook function, in the shape of oclif's Hooks map; `void` lets a hook end without `return`
  'zmgr:step:after': {options: StepEvent; return: void}
}

export type ZmgrHooks = Interfaces.Hooks & ZmgrEventMap

export type ZmgrEvent = keyof ZmgrEventMap & string

/** The type of a hook function for one zmgr event: `const hook: ZmgrHook<'zmgr:brands'> = async () => [...]`. */
export type ZmgrHook<E extends ZmgrEvent> = Hook<E, ZmgrHooks>

export interface HookOutcome<E extends ZmgrEvent> {
  successes: Array<{plugin: string; result: ZmgrHooks[E]['return']}>
  failures: Array<{plugin: string; error: Error}>
}

/**
 * Fire a zmgr event on every plugin. Results are sorted by plugin name, because
 * oclif collects them in completion order. With `failuresAre: 'veto'` the first
 * failure aborts with the hook's own diagnostic (or zmgr::hook::veto); with
 * 'warnings' failures are printed and the rest goes on.
 */
export async function runZmgrHook<E extends ZmgrEvent>(
  config: Config,
  event: E,
  options: ZmgrHooks[E]['options'],
  policy: {failuresAre: 'veto' | 'warnings'},
): Promise<HookOutcome<E>> {
  const outcome = await config.runHook<E, ZmgrHooks>(event, options, undefined, true)
  const byName = (a: {plugin: {name: string}}, b: {plugin: {name: string}}) =>
    a.plugin.name.localeCompare(b.plugin.name)
  const successes = [...outcome.successes].sort(byName).map(({plugin, result}) => ({plugin: plugin.name, result}))
  const failures = [...outcome.failures].sort(byName).map(({plugin, error}) => ({plugin: plugin.name, error}))
  if (failures.length > 0 && policy.failuresAre === 'veto') {
    const {plugin, error} = failures[0]
    if (isZmgrError(error)) throw error
    throw new ZmgrError(
      'zmgr::hook::veto',
      `${plugin} stopped ${String(event).replace(/^zmgr:/, '')}: ${error.message}`,
      {
        help: `the ${plugin} plugin refused; fix what it says, or uninstall it (zmgr plugins uninstall ${plugin})`,
        data: {plugin, event},
      },
    )
  }
  for (const {plugin, error} of failures)
    process.stderr.write(`warning[zmgr::hook::failed]: ${plugin} failed on ${event}: ${error.message}\n`)
  return {successes, failures}
}

/** Brands of every loaded plugin, by name. Two plugins defining one name is an error. */
export async function loadBrands(config: Config): Promise<Map<string, Brand & {plugin: string}>> {
  const {successes} = await runZmgrHook(config, 'zmgr:brands', {}, {failuresAre: 'warnings'})
  const brands = new Map<string, Brand & {plugin: string}>()
  for (const {plugin, result} of successes) {
    for (const brand of result ?? []) {
      const existing = brands.get(brand.name)
      if (existing)
        throw inputError(
          'zmgr::brand::duplicate',
          `brand ${JSON.stringify(brand.name)} is defined by both ${existing.plugin} and ${plugin}`,
          {help: `uninstall one of the plugins (zmgr plugins uninstall ${plugin})`},
        )
      brands.set(brand.name, {...brand, plugin})
    }
  }
  return brands
}
