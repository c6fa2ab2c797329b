import type {Config} from '@oclif/core'
import type {Diagnostic} from '../errors.js'
import {runZmgrHook} from '../hooks.js'
import type {RegistrySnapshot, ValidationRule} from './types.js'

export type ContributedRule = ValidationRule & {plugin: string}

/**
 * Every validation rule of every loaded plugin (the built-in checks included),
 * in plugin-name order. A rule id defined twice keeps the first and says so.
 */
export async function collectRules(config: Config): Promise<{rules: ContributedRule[]; diagnostics: Diagnostic[]}> {
  const {successes} = await runZmgrHook(config, 'zmgr:validation-rules', {}, {failuresAre: 'warnings'})
  const rules = new Map<string, ContributedRule>()
  const diagnostics: Diagnostic[] = []
  for (const {plugin, result} of successes) {
    for (const rule of result ?? []) {
      const existing = rules.get(rule.id)
      if (existing) {
        diagnostics.push({
          code: 'zmgr::validate::duplicate-rule',
          severity: 'warning',
          message: `the validation rule ${JSON.stringify(rule.id)} is defined by both ${existing.plugin} and ${plugin}; ${plugin}'s is not run`,
          help: `rule ids are unique; rename one of them or uninstall a plugin (zmgr plugins uninstall ${plugin})`,
          data: {rule: rule.id, plugins: [existing.plugin, plugin]},
        })
        continue
      }
      rules.set(rule.id, {...rule, plugin})
    }
  }
  return {rules: [...rules.values()], diagnostics}
}

/**
 * Run every rule over the snapshot and return all diagnostics (those found
 * while reading, passed in `found`, and the rules'), sorted by file, line and
 * column. A rule that throws is reported and the others still run.
 */
export async function runValidation(
  snapshot: RegistrySnapshot,
  rules: ContributedRule[],
  found: Diagnostic[] = [],
): Promise<Diagnostic[]> {
  const results = await Promise.all(
    rules.map(async (rule): Promise<Diagnostic[]> => {
      try {
        return await rule.check(snapshot)
      } catch (error) {
        return [
          {
            code: 'zmgr::validate::rule-failed',
            severity: 'error',
            message: `the validation rule ${JSON.stringify(rule.id)} (${rule.plugin}) failed: ${error instanceof Error ? error.message : String(error)}`,
            help: `this is a bug in ${rule.plugin}; report it, or uninstall the plugin (zmgr plugins uninstall ${rule.plugin})`,
            data: {rule: rule.id, plugin: rule.plugin},
          },
        ]
      }
    }),
  )
  return sortDiagnostics([...found, ...results.flat()])
}

/** By file, line, column, then code; diagnostics without a place come last. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const la = a.location
    const lb = b.location
    if (!la || !lb) return la ? -1 : lb ? 1 : a.code.localeCompare(b.code) || a.message.localeCompare(b.message)
    return (
      (la.file < lb.file ? -1 : la.file > lb.file ? 1 : 0) ||
      la.line - lb.line ||
      la.column - lb.column ||
      a.code.localeCompare(b.code)
    )
  })
}

export interface DiagnosticCounts {
  errors: number
  warnings: number
}

export function countDiagnostics(diagnostics: Diagnostic[]): DiagnosticCounts {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return {errors, warnings: diagnostics.length - errors}
}

/** "2 errors, 1 warning in 14 files" */
export function validationSummary(counts: DiagnosticCounts, files: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in ${plural(files, 'file')}`
}
