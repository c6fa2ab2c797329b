import {
  findSystemZone,
  inputError,
  type PipelineStep,
  type Registry,
  type SystemRunner,
  type SystemZone,
  zoneKind,
} from 'zmgr'

export type LifecycleOperation = 'boot' | 'halt' | 'reboot' | 'shutdown'

/** `fast`: reboot by halt and boot (zoneadm reboot), skipping the zone's shutdown scripts. */
export interface LifecycleOptions {
  fast?: boolean
}

interface LifecycleSpec {
  title: string
  argv: (zone: string, options: LifecycleOptions) => string[]
  /** When the zone is already where the operation would take it: nothing to do. */
  already?: (state: SystemZone['state']) => string | undefined
  /** What to do about a state zoneadm refuses, added to zoneadm's own message. */
  hint: (zone: string, state: SystemZone['state']) => string
}

const notInstalled = (zone: string, state: string) =>
  state === 'configured'
    ? `zone ${zone} is configured but not installed: finish it or remove it (zmgr zones destroy ${zone})`
    : state === 'incomplete'
      ? `zone ${zone} is incomplete (an install or uninstall was interrupted): remove it (zmgr zones destroy ${zone})`
      : `zone ${zone} is ${state}`

export const LIFECYCLE: Record<LifecycleOperation, LifecycleSpec> = {
  boot: {
    title: 'Boot',
    argv: (zone) => ['zoneadm', '-z', zone, 'boot'],
    already: (state) => (state === 'running' ? 'is already running' : undefined),
    hint: notInstalled,
  },
  halt: {
    title: 'Halt',
    argv: (zone) => ['zoneadm', '-z', zone, 'halt'],
    already: (state) => (state === 'installed' ? 'is already halted' : undefined),
    hint: notInstalled,
  },
  // zoneadm reboot is a halt and boot that skips the zone's shutdown scripts (CONTRACT §2.3); the graceful
  // restart is shutdown -r, as zadm does.
  reboot: {
    title: 'Reboot',
    argv: (zone, options) =>
      options.fast ? ['zoneadm', '-z', zone, 'reboot'] : ['zoneadm', '-z', zone, 'shutdown', '-r'],
    hint: (zone, state) =>
      state === 'installed'
        ? `zone ${zone} is not running: boot it (zmgr zones boot ${zone})`
        : notInstalled(zone, state),
  },
  shutdown: {
    title: 'Shut down',
    argv: (zone) => ['zoneadm', '-z', zone, 'shutdown'],
    hint: (zone, state) => (state === 'installed' ? `zone ${zone} is not running` : notInstalled(zone, state)),
  },
}

/** The zone as the system sees it; a registered zone the system lacks and an unknown name are told apart. */
export async function requireSystemZone(zone: string, registry: Registry, runner: SystemRunner): Promise<SystemZone> {
  const system = await findSystemZone(runner, zone)
  if (system) return system
  if (await registry.has(zoneKind, zone)) {
    throw inputError(
      'zmgr::zone::missing',
      `zone ${JSON.stringify(zone)} is registered but the system has no such zone`,
      {help: `remove the stale entry with \`zmgr zones destroy ${zone}\`, or create the zone again`},
    )
  }
  throw inputError('zmgr::zone::unknown', `no zone named ${JSON.stringify(zone)} on this system`, {
    help: 'see `zmgr zones list` for the zones there are',
  })
}

export function lifecycleStep(
  operation: LifecycleOperation,
  zone: string,
  options: LifecycleOptions = {},
): PipelineStep {
  const spec = LIFECYCLE[operation]
  const argv = spec.argv(zone, options)
  return {
    id: operation,
    title: `${spec.title} zone ${zone}${options.fast ? ' (halt and boot, without its shutdown scripts)' : ''}`,
    commands: [argv],
    async run(ctx) {
      await ctx.runner.run(argv)
    },
  }
}
