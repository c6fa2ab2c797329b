import type {OclifConfig as Config} from 'zmgr'
import {
  formatPlan,
  formatReport,
  operationError,
  pickRenderer,
  pipelineError,
  type Registry,
  runPipeline,
  createSystemRunner,
  withZoneLock,
} from 'zmgr'
import {
  LIFECYCLE,
  type LifecycleOperation,
  type LifecycleOptions,
  lifecycleStep,
  requireSystemZone,
} from './lifecycle.js'

export interface StateCommand {
  config: Config
  registry: Registry
  json: boolean
  dryRun: boolean
  log(message: string): void
}

/**
 * boot, halt, reboot, shutdown: one zoneadm call, run as a pipeline so the
 * `zmgr:<operation>:before|after` and step hooks fire. When zoneadm refuses
 * (the zone's state forbids it), its own message is passed on, with a hint.
 */
export async function changeState(
  command: StateCommand,
  operation: LifecycleOperation,
  zone: string,
  options: LifecycleOptions = {},
) {
  return withZoneLock(command.registry, zone, operation, () => changeStateLocked(command, operation, zone, options), {
    dryRun: command.dryRun,
  })
}

async function changeStateLocked(
  command: StateCommand,
  operation: LifecycleOperation,
  zone: string,
  options: LifecycleOptions,
) {
  const runner = createSystemRunner({registry: command.registry})
  const system = await requireSystemZone(zone, command.registry, runner)
  const already = LIFECYCLE[operation].already?.(system.state)
  if (already) {
    command.log(`zone ${zone} ${already}`)
    return {name: zone, operation, state: system.state, changed: false}
  }
  const {plan, report} = await runPipeline({
    config: command.config,
    operation,
    zone,
    root: command.registry.root,
    steps: [lifecycleStep(operation, zone, options)],
    runner,
    dryRun: command.dryRun,
    details: {state: system.state},
    renderer: pickRenderer(command.json),
  })
  if (command.dryRun) {
    command.log(formatPlan(plan))
    return plan
  }
  if (!report.ok) {
    if (!command.json) process.stderr.write(`${formatReport(report)}\n\n`)
    const error = pipelineError(report)
    throw operationError(error.code, error.message, {
      help: LIFECYCLE[operation].hint(zone, system.state),
      data: error.data,
    })
  }
  const after = (await requireSystemZone(zone, command.registry, runner)).state
  command.log(`zone ${zone}: ${system.state} -> ${after}`)
  return {name: zone, operation, state: after, changed: true, report}
}
