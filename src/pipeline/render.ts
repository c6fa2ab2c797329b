import {formatCommand} from '../system/runner.js'
import type {PipelineReport, PlanView} from './types.js'

/** tree: live listr2 tree with elapsed times (terminals); plain: timestamped lines (logs, CI, pipes); silent: nothing (--json). */
export type RendererName = 'tree' | 'plain' | 'silent'

export interface TaskProgress {
  /** A line of progress (install output) shown under the running task. */
  log(line: string): void
  skip(reason: string): void
}

export interface RenderTask {
  title: string
  run(progress: TaskProgress): Promise<void>
}

/**
 * Run tasks one after the other under a listr2 renderer. listr2 is imported
 * here, not at module load, so commands that never run a pipeline do not pay
 * for it. Stops at, and rejects with, the first task's error.
 */
export async function renderTasks(tasks: RenderTask[], renderer: RendererName): Promise<void> {
  const {Listr, PRESET_TIMER, PRESET_TIMESTAMP} = await import('listr2')
  const list = new Listr(
    tasks.map((task) => ({
      title: task.title,
      task: async (_ctx: unknown, wrapper: {output: string; skip(message?: string): void}) => {
        await task.run({
          log(line) {
            wrapper.output = line
          },
          skip(reason) {
            wrapper.skip(`${task.title} (skipped: ${reason})`)
          },
        })
      },
      rendererOptions: {outputBar: 3, persistentOutput: false},
    })),
    {
      concurrent: false,
      exitOnError: true,
      registerSignalListeners: false,
      renderer: renderer === 'tree' ? 'default' : renderer === 'plain' ? 'verbose' : 'silent',
      rendererOptions:
        renderer === 'tree'
          ? {timer: PRESET_TIMER, collapseErrors: false, showErrorMessage: true}
          : renderer === 'plain'
            ? {timer: PRESET_TIMER, timestamp: PRESET_TIMESTAMP}
            : {},
      fallbackRenderer: 'verbose',
      fallbackRendererOptions: {timer: PRESET_TIMER, timestamp: PRESET_TIMESTAMP},
    },
  )
  try {
    await list.run()
  } finally {
    // The live tree hides the cursor; whatever ended the run, the terminal gets it back.
    if (renderer === 'tree') showCursor()
  }
}

/** Show the terminal's cursor again (a no-op when stdout is not a terminal). */
export function showCursor(): void {
  if (process.stdout.isTTY) process.stdout.write('\u001B[?25h')
}

/** The plan as a person reads it: numbered steps, each command, each file written. */
export function formatPlan(plan: PlanView): string {
  const lines: string[] = [`plan: ${plan.operation} ${plan.zone}${plan.dryRun ? ' (dry run: nothing is changed)' : ''}`]
  plan.steps.forEach((step, index) => {
    lines.push(`${index + 1}. ${step.title}${step.skip ? ` (skipped: ${step.skip})` : ''}`)
    if (step.skip) return
    for (const command of step.commands) lines.push(`   $ ${formatCommand(command)}`)
    for (const write of step.writes) {
      lines.push(`   ${write.action === 'write' ? 'write' : 'remove'} ${write.file}`)
      if (write.content !== undefined)
        lines.push(
          ...write.content
            .trimEnd()
            .split('\n')
            .map((line) => `   | ${line}`),
        )
    }
  })
  return lines.join('\n')
}

const MARK: Record<string, string> = {
  done: 'done',
  failed: 'FAILED',
  skipped: 'skipped',
  pending: 'not run',
  planned: 'planned',
}

/** What happened: the step list with statuses, the failing command and its stderr, the undo commands or the rollback outcome. */
export function formatReport(report: PipelineReport): string {
  const lines: string[] = [
    `${report.operation} ${report.zone}: ${report.ok ? 'done' : report.interrupted ? `stopped by ${report.interrupted}` : 'failed'}`,
  ]
  for (const step of report.steps)
    lines.push(`  ${MARK[step.status].padEnd(8)} ${step.title}${step.note ? ` (${step.note})` : ''}`)
  if (report.failure?.command) {
    lines.push('', `failed command: ${formatCommand(report.failure.command)}`)
    const stderr = report.failure.stderr?.trimEnd()
    if (stderr) lines.push(...stderr.split('\n').map((line) => `  ${line}`))
  }
  if (report.rollback) {
    lines.push('', `rollback ${report.rollback.ok ? 'completed' : 'incomplete'}:`)
    for (const result of report.rollback.results)
      lines.push(
        `  ${result.ok ? 'ok    ' : 'FAILED'} ${formatCommand(result.command)}${result.error ? `: ${result.error}` : ''}`,
      )
  } else if (!report.ok && report.undo.length > 0) {
    lines.push('', 'to undo what was done, run in this order:')
    for (const command of report.undo) lines.push(`  ${formatCommand(command)}`)
  }
  for (const {step, error} of report.undoUnknown ?? []) {
    lines.push(
      '',
      `could not tell what step "${step}" left behind (${error.message}): check the zone (zoneadm list -cv) and its VNICs (dladm show-vnic) by hand`,
    )
  }
  return lines.join('\n')
}
