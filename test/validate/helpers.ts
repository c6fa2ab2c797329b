import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative, resolve} from 'node:path'
import {createTestHost} from 'zmgr/testing'

/** Mocha runs from the repository root; fixtures are read from the sources, not dist-test. */
export const FIXTURES = resolve('test/fixtures/validate')

export interface Scratch {
  dir: string
  cleanup(): void
}

export function scratch(prefix = 'zmgr-validate-'): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

/** The clean fixture tree with one case's files laid over it (a case replaces or adds files). */
export function caseTree(into: string, name?: string): string {
  const root = join(into, name ?? 'clean')
  cpSync(join(FIXTURES, 'clean'), root, {recursive: true})
  if (name) cpSync(join(FIXTURES, 'cases', name), root, {recursive: true})
  return root
}

export interface ZmgrRun {
  stdout: string
  stderr: string
  exitCode: number
}

/** Runs zmgr (in process) on a throw-away test host: its own oclif folders and plugin data folder unless `env` names one, so the developer's plugins never leak in. */
export async function zmgr(args: string[], env: Record<string, string> = {}): Promise<ZmgrRun> {
  const host = await createTestHost()
  try {
    const run = await host.zmgr(args, {env: {OCLIF_DISABLE_LINKED_ESM_WARNING: '1', ...env}})
    return {stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode ?? -1}
  } finally {
    await host.cleanup()
  }
}

export interface JsonDiagnostic {
  code: string
  severity: 'error' | 'warning'
  message: string
  help?: string
  location?: {file: string; line: number; column: number}
  data?: Record<string, unknown>
}

export interface ValidateJson {
  ok: boolean
  errors: number
  warnings: number
  files: number
  system: boolean
  rules: Array<{id: string; summary: string; plugin: string}>
  diagnostics: JsonDiagnostic[]
}

/** `zmgr validate --json` on a root: the report and the exit code. */
export async function validateJson(
  root: string,
  env: Record<string, string> = {},
  extra: string[] = [],
): Promise<ValidateJson & {exitCode: number}> {
  const run = await zmgr(['validate', '--json', '--root', root, ...extra], env)
  let report: ValidateJson
  try {
    // The report is the document's result, whether validation passed (ok) or failed (zmgr::validate::failed).
    report = (JSON.parse(run.stdout) as {result: ValidateJson}).result
  } catch {
    throw new Error(`validate --json printed no JSON (exit ${run.exitCode}): ${run.stdout}\n${run.stderr}`)
  }
  return {...report, exitCode: run.exitCode}
}

/** A diagnostic as `code file:line:column`, relative to the root, for compact assertions. */
export function where(root: string, d: JsonDiagnostic): string {
  return d.location
    ? `${d.code} ${relative(root, d.location.file)}:${d.location.line}:${d.location.column}`
    : `${d.code} -`
}
