/**
 * The one shape of every `--json` document (docs/scripting.md):
 *
 *     {"version": 1, "ok": true,  "result": ..., "warnings": [...]}
 *     {"version": 1, "ok": false, "error": {...}, "warnings": [...]}
 *
 * `error` is a diagnostic (code, severity, message, help, location, data) with
 * `related` diagnostics when several problems were found at once. A command
 * that fails after producing a report (validate, a failed pipeline) also keeps
 * it under `result`. Schemas: schemas/ (one per command).
 */
import type {Diagnostic} from '../errors.js'
import {diagnosticToJson} from './diagnostics.js'

/** Bumped only for incompatible changes; additions (new keys) keep it. */
export const JSON_DOCUMENT_VERSION = 1

export interface JsonSuccess<T = unknown> {
  version: typeof JSON_DOCUMENT_VERSION
  ok: true
  result: T
  warnings: Array<Record<string, unknown>>
}

export interface JsonFailure {
  version: typeof JSON_DOCUMENT_VERSION
  ok: false
  error: Record<string, unknown>
  result?: unknown
  warnings: Array<Record<string, unknown>>
}

export type JsonDocument<T = unknown> = JsonSuccess<T> | JsonFailure

export function successDocument<T>(result: T, warnings: readonly Diagnostic[] = []): JsonSuccess<T> {
  return {version: JSON_DOCUMENT_VERSION, ok: true, result, warnings: warnings.map(diagnosticToJson)}
}

export function failureDocument(
  error: Diagnostic,
  options: {related?: readonly Diagnostic[]; warnings?: readonly Diagnostic[]; result?: unknown} = {},
): JsonFailure {
  const related = options.related ?? []
  const document: JsonFailure = {
    version: JSON_DOCUMENT_VERSION,
    ok: false,
    error: {...diagnosticToJson(error), ...(related.length > 0 ? {related: related.map(diagnosticToJson)} : {})},
    warnings: (options.warnings ?? []).map(diagnosticToJson),
  }
  if (options.result !== undefined) document.result = options.result
  return document
}
