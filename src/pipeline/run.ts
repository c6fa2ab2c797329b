import type {Config} from '@oclif/core'
import {type Diagnostic, ZmgrError} from '../errors.js'
import {toDiagnostic} from '../command.js'
import {runZmgrHook, type OperationEvent, type ZmgrEvent, type ZmgrHooks} from '../hooks.js'
import {formatCommand, type SystemRunner} from '../system/runner.js'
import {type RendererName, renderTasks, type RenderTask, showCursor} from './render.js'
import type {
  ContributedStep,
  PipelineReport,
  PipelineStep,
  PlanView,
  StepContext,
  StepStatus,
  UndoAction,
} from './types.js'

export interface PipelineOptions {
  /** The oclif config: hooks of every plugin are fired through it. */
  config: Config
  /** create, destroy, boot, ...: names the `zmgr:<operation>:before|after` events. */
  operation: string
  zone: string
  root: string
  steps: PipelineStep[]
  /** Facts shown with the plan (allocations, template, brand, ...). */
  details?: Record<string, unknown>
  runner: SystemRunner
  dryRun?: boolean
  /** On failure, run the undo commands instead of only reporting them. */
  rollback?: boolean
  /** How progress is shown; see pickRenderer. */
  renderer?: RendererName
  /** Shared state between steps (seeded by the caller). */
  state?: Map<string, unknown>
}

export interface PipelineOutcome {
  plan: PlanView
  report: PipelineReport
}

/** The plan as data; each step's skip reason is asked now, so the plan says what will be skipped. */
export async function planView(
  operation: string,
  zone: string,
  ctx: StepContext,
  steps: PipelineStep[],
  details: Record<string, unknown> = {},
): Promise<PlanView> {
  const viewed = await Promise.all(
    steps.map(async ({id, title, commands, writes, skip}) => {
      const reason = skip ? await skip(ctx) : false
      return {id, title, commands, writes: writes ?? [], ...(reason ? {skip: reason} : {})}
    }),
  )
  return {operation, zone, dryRun: ctx.dryRun, steps: viewed, details}
}

/** Place steps contributed by hooks after (or before) the step they name; unknown or no anchor: at the end. */
export function insertSteps(steps: PipelineStep[], added: ContributedStep[]): PipelineStep[] {
  const out = [...steps]
  for (const step of added) {
    const anchor = step.after ?? step.before
    const at = anchor === undefined ? -1 : out.findIndex((s) => s.id === anchor)
    if (at === -1) out.push(step)
    else out.splice(step.after === undefined ? at : at + 1, 0, step)
  }
  return out
}

function operationEvent(operation: string, phase: 'before' | 'after'): ZmgrEvent {
  return `zmgr:${operation}:${phase}` as ZmgrEvent
}

async function fireOperation(
  options: PipelineOptions,
  phase: 'before' | 'after',
  payload: OperationEvent,
): Promise<ContributedStep[]> {
  const event = operationEvent(options.operation, phase)
  const {successes} = await runZmgrHook(options.config, event, payload as ZmgrHooks[typeof event]['options'], {
    failuresAre: phase === 'before' ? 'veto' : 'warnings',
  })
  if (phase === 'after') return []
  return successes.flatMap(({result}) => (result as {steps?: ContributedStep[]} | undefined)?.steps ?? [])
}

/** The failing command and its stderr, from the SystemRunner's diagnostic. */
function failureOf(step: PipelineStep, error: Diagnostic): NonNullable<PipelineReport['failure']> {
  const data = error.data ?? {}
  const argv = Array.isArray(data.argv) ? (data.argv as string[]) : undefined
  return {step: step.id, command: argv, stderr: typeof data.stderr === 'string' ? data.stderr : undefined}
}

/**
 * Run a pipeline: the `zmgr:<operation>:before` hooks see the plan (also in
 * dry-run) and may veto it or add steps; every step runs between
 * `zmgr:step:before` (may veto) and `zmgr:step:after`; the first failure
 * stops the run. The report says which steps ran, what failed (the command
 * and its stderr) and the exact commands that undo what was done, newest
 * first; with `rollback` they are run and their outcome reported.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineOutcome> {
  const dryRun = options.dryRun ?? false
  const ctx: StepContext = {
    operation: options.operation,
    zone: options.zone,
    runner: options.runner,
    dryRun,
    log: () => {},
    state: options.state ?? new Map(),
  }
  const event = (plan: PlanView, report?: PipelineReport): OperationEvent => ({
    operation: options.operation,
    zone: options.zone,
    dryRun,
    root: options.root,
    plan,
    report,
  })
  const initialPlan = await planView(options.operation, options.zone, ctx, options.steps, options.details)
  const added = await fireOperation(options, 'before', event(initialPlan))
  const steps = insertSteps(options.steps, added)
  const plan =
    added.length > 0 ? await planView(options.operation, options.zone, ctx, steps, options.details) : initialPlan
  const statuses: PipelineReport['steps'] = plan.steps.map((step) => ({
    id: step.id,
    title: step.title,
    status: (dryRun ? (step.skip ? 'skipped' : 'planned') : 'pending') as StepStatus,
    ...(dryRun && step.skip ? {note: step.skip} : {}),
  }))
  const report: PipelineReport = {
    operation: options.operation,
    zone: options.zone,
    ok: true,
    dryRun,
    steps: statuses,
    undo: [],
  }
  if (dryRun) {
    await fireOperation(options, 'after', event(plan, report))
    return {plan, report}
  }

  const undo: UndoAction[] = []
  const stepEvent = (step: PipelineStep, error?: Diagnostic) => ({
    operation: options.operation,
    zone: options.zone,
    dryRun,
    root: options.root,
    step: {id: step.id, title: step.title, commands: step.commands},
    error,
  })
  // What undoes a step; when working that out fails (a check command fails too), the report says so instead of guessing.
  const collectUndo = async (step: PipelineStep, index: number, outcome: 'done' | 'failed') => {
    if (!step.undo) return
    try {
      const actions = await step.undo(ctx, outcome)
      undo.push(...actions)
      if (actions.length > 0) statuses[index].undo = actions.map((action) => action.argv)
    } catch (error) {
      report.undoUnknown = [...(report.undoUnknown ?? []), {step: step.id, error: toDiagnostic(error).diagnostic}]
    }
  }
  const signals = interruptions(options.runner)

  const tasks: RenderTask[] = steps.map((step, index) => ({
    title: step.title,
    run: async (progress) => {
      const status = statuses[index]
      if (signals.received) {
        status.note = `not started: ${signals.received}`
        progress.skip(status.note)
        return
      }
      const started = Date.now()
      const stepCtx: StepContext = {...ctx, log: progress.log}
      const reason = step.skip ? await step.skip(stepCtx) : false
      if (reason) {
        status.status = 'skipped'
        status.note = reason
        progress.skip(reason)
        return
      }
      try {
        await runZmgrHook(options.config, 'zmgr:step:before', stepEvent(step), {failuresAre: 'veto'})
        await step.run(stepCtx)
      } catch (error) {
        const diagnostic = toDiagnostic(error).diagnostic
        status.status = 'failed'
        status.durationMs = Date.now() - started
        report.ok = false
        report.error = diagnostic
        report.failure = failureOf(step, diagnostic)
        // The stopped command is over; the checks that decide the undo commands may run.
        options.runner.resume()
        await collectUndo(step, index, 'failed')
        await runZmgrHook(options.config, 'zmgr:step:after', stepEvent(step, diagnostic), {failuresAre: 'warnings'})
        throw error
      }
      status.status = 'done'
      status.durationMs = Date.now() - started
      options.runner.resume()
      await collectUndo(step, index, 'done')
      await runZmgrHook(options.config, 'zmgr:step:after', stepEvent(step), {failuresAre: 'warnings'})
    },
  }))

  try {
    await renderTasks(tasks, options.renderer ?? pickRenderer()).catch((error: unknown) => {
      // A failure outside a step (the renderer, a hook) still ends the run as failed.
      if (report.ok) {
        report.ok = false
        report.error = toDiagnostic(error).diagnostic
      }
    })
  } finally {
    signals.release()
  }
  if (signals.received) {
    report.interrupted = signals.received
    if (report.ok) {
      const last = [...statuses].reverse().find((status) => status.status === 'done')
      report.ok = false
      report.error = {
        code: 'zmgr::pipeline::interrupted',
        severity: 'error',
        message: `stopped by ${signals.received}${last ? ` after step "${last.title}"` : ' before the first step'}`,
        help: 'the report above says what was done and how to finish or undo it',
      }
    }
  }

  const ordered = undo.reverse()
  report.undo = ordered.map((action) => action.argv)
  // Interrupted: the user wants zmgr to stop, not to run more commands; the undo commands are printed instead.
  if (!report.ok && options.rollback && !report.interrupted)
    report.rollback = await rollBack(ordered, options.renderer ?? pickRenderer(), options.runner)
  await fireOperation(options, 'after', event(plan, report))
  return {plan, report}
}

/**
 * SIGINT and SIGTERM while a pipeline runs: the first stops the running
 * command (its whole process group, through the runner) and lets no further
 * step start, so the pipeline ends with a report; zmgr then exits 130 or 143.
 * Until the command has reported, a second signal is only acknowledged; a
 * third ends zmgr at once (restoring the cursor).
 */
function interruptions(runner: SystemRunner): {readonly received?: 'SIGINT' | 'SIGTERM'; release(): void} {
  let received: 'SIGINT' | 'SIGTERM' | undefined
  let repeats = 0
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received === undefined) {
      received = signal
      runner.interrupt(signal)
      return
    }
    repeats++
    if (repeats === 1)
      process.stderr.write(
        `\nzmgr: stopping after ${received}; writing the report (${signal} once more quits at once)\n`,
      )
    else {
      showCursor()
      process.exit(signal === 'SIGINT' ? 130 : 143)
    }
  }
  const onInt = () => onSignal('SIGINT')
  const onTerm = () => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    get received() {
      return received
    },
    release() {
      // After an interrupt the handlers stay: the command still settles the registry and prints the report.
      if (received !== undefined) return
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    },
  }
}

/**
 * Run the undo actions in order, stopping at the first that fails: what comes
 * after it (the registry entry last of all) must stay until the earlier parts
 * are gone, so the ones not run are reported as such.
 */
async function rollBack(
  actions: UndoAction[],
  renderer: RendererName,
  runner: SystemRunner,
): Promise<NonNullable<PipelineReport['rollback']>> {
  const results: NonNullable<PipelineReport['rollback']>['results'] = []
  const tasks: RenderTask[] = actions.map((action) => ({
    title: `Undo: ${formatCommand(action.argv)}`,
    run: async () => {
      try {
        if (action.run) await action.run()
        else await runner.run(action.argv)
        results.push({command: action.argv, ok: true})
      } catch (error) {
        results.push({command: action.argv, ok: false, error: toDiagnostic(error).diagnostic.message})
        throw error
      }
    },
  }))
  await renderTasks(tasks, renderer).catch(() => {})
  for (const action of actions.slice(results.length))
    results.push({command: action.argv, ok: false, error: 'not run: an earlier undo command failed'})
  return {ran: true, ok: results.every((result) => result.ok), results}
}

/**
 * Which renderer to use: ZMGR_RENDERER (tree, plain, silent) wins; otherwise
 * a live tree on a terminal and timestamped plain lines elsewhere. Commands
 * pass 'silent' under --json.
 */
export function pickRenderer(json = false): RendererName {
  const forced = process.env.ZMGR_RENDERER
  if (forced === 'tree' || forced === 'plain' || forced === 'silent') return forced
  if (json) return 'silent'
  return process.stdout.isTTY && process.env.TERM !== 'dumb' ? 'tree' : 'plain'
}

/** The error a command throws for a failed pipeline: the step's own diagnostic, with the report as data. */
export function pipelineError(report: PipelineReport): ZmgrError {
  const step = report.steps.find((s) => s.status === 'failed')
  const cause = report.error ?? {
    code: 'zmgr::pipeline::failed',
    message: 'the pipeline failed',
    severity: 'error' as const,
  }
  const undone = report.rollback
    ? report.rollback.ok
      ? 'rolled back'
      : 'rollback incomplete'
    : report.interrupted
      ? `stopped by ${report.interrupted}`
      : undefined
  const help = report.rollback
    ? report.rollback.ok
      ? 'everything done so far was undone; fix the cause above and run the command again'
      : 'some undo commands failed (listed above); run them by hand once the cause is fixed'
    : report.undo.length > 0
      ? report.interrupted
        ? 'run the undo commands listed above to remove what was made'
        : 'run the undo commands listed above, or run again with --rollback to have zmgr do it'
      : report.interrupted
        ? 'nothing was changed; run the command again when you are ready'
        : 'nothing was changed; fix the cause above and run the command again'
  return new ZmgrError(
    cause.code,
    `${report.operation} ${report.zone} failed${step ? ` at step "${step.title}"` : ''}${undone ? ` (${undone})` : ''}: ${cause.message}`,
    {
      help: cause.help ? `${cause.help}; ${help}` : help,
      data: {...cause.data, report},
      exit: report.interrupted === 'SIGINT' ? 130 : report.interrupted === 'SIGTERM' ? 143 : 1,
    },
  )
}
