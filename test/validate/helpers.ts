import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative, resolve} from 'node:path'

/** Mocha runs from the repository root; fixtures are read from the sources, not dist-test. */
export const FIXTURES = resolve('test/fixtures/validate')
const ZMGR = resolve('bin/run.js')

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

/** Run the built CLI with its own (empty unless linked) plugin data folder, so the developer's plugins never leak in. */
export function zmgr(args: string[], env: NodeJS.ProcessEnv = {}): ZmgrRun {
  const result = spawnSync(process.execPath, [ZMGR, ...args], {
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', OCLIF_DISABLE_LINKED_ESM_WARNING: '1', ...env},
  })
  return {stdout: result.stdout, stderr: result.stderr, exitCode: result.status ?? -1}
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
export function validateJson(root: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): ValidateJson & {exitCode: number} {
  const run = zmgr(['validate', '--json', '--root', root, ...extra], env)
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
  return d.location ? `${d.code} ${relative(root, d.location.file)}:${d.location.line}:${d.location.column}` : `${d.code} -`
}
