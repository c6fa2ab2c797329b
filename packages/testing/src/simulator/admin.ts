// illumos-sim: administration of the simulated host for people (tests use the
// harness). Every command works on $ZMGR_SIM_STATE.
import {readFileSync} from 'node:fs'
import {addFault, clearFaults} from './faults.js'
import {processConsole, runProcess} from './io.js'
import {
  applySeed,
  DEFAULT_DATASETS,
  DEFAULT_LINKS,
  type DatasetSeed,
  type LinkSeed,
  type NetSeed,
  type ZoneSeed,
} from './seed.js'
import {snapshot} from './snapshot.js'
import {FLAVOUR_ENV, Store} from './store.js'
import type {FaultAction, FaultCommand, FaultSpec, ZoneState} from './types.js'

const USAGE = `usage: illumos-sim <command> [options]    (state in $ZMGR_SIM_STATE)

  init [--flavour omnios|openindiana] [--default-links] [--default-datasets]
        create the state folder with the root pool (rpool, rpool/ROOT/<be> on /, rpool/export/home);
        --default-links adds igb0, igb1, stub0; --default-datasets adds rpool/zones on /zones
  seed-link NAME [--class phys|etherstub|vnic] [--speed MBPS] [--over LINK] [--vid N]
  seed-dataset NAME [--mountpoint PATH|legacy|none] [--unmounted] [--volsize SIZE] [--property NAME=VALUE]...
  seed-zone NAME [--state STATE] [--brand BRAND] [--zonepath PATH] [--ip-type shared|exclusive]
        [--autoboot] [--net physical=web0,allowed-address=192.0.2.5/24,...]... [--zonecfg FILE]
  seed FILE.json                     apply a SeedSpec (links, zones, brands, publishers)
  fault add --command CMD --action fail|hang|slow [--subcommand SUB] [--target NAME]
        [--exit-code N] [--message TEXT] [--delay-ms N] [--nth N] [--count N] [--after]
  fault list | fault clear [ID]
  state                              print the whole host as JSON
`

/** `--key value` and bare `--flag` options after the positional arguments. */
function parseArgs(args: string[]): {positional: string[]; options: Map<string, string[]>} {
  const positional: string[] = []
  const options = new Map<string, string[]>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const next = args[i + 1]
    const value = next !== undefined && !next.startsWith('--') ? args[++i]! : ''
    options.set(arg.slice(2), [...(options.get(arg.slice(2)) ?? []), value])
  }
  return {positional, options}
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value)
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export function admin(args: string[]): number {
  const [command, ...rest] = args
  const {positional, options} = parseArgs(rest)
  const one = (name: string): string | undefined => options.get(name)?.at(-1)
  const out = processConsole.out

  if (command === undefined || command === 'help' || command === '--help') {
    out(USAGE)
    return command === undefined ? 2 : 0
  }
  const dir = process.env.ZMGR_SIM_STATE
  if (!dir) {
    processConsole.err('illumos-sim: ZMGR_SIM_STATE is not set (export ZMGR_SIM_STATE=$(mktemp -d))\n')
    return 1
  }
  const store = new Store(dir)
  try {
    store.ensureInitialised(one('flavour') ?? process.env[FLAVOUR_ENV])
    switch (command) {
      case 'init':
        if (options.has('default-links')) applySeed(store, {links: DEFAULT_LINKS})
        if (options.has('default-datasets')) applySeed(store, {datasets: DEFAULT_DATASETS})
        return 0
      case 'seed-dataset': {
        const properties = (options.get('property') ?? []).map((kv) => [
          kv.slice(0, kv.indexOf('=')),
          kv.slice(kv.indexOf('=') + 1),
        ])
        const dataset: DatasetSeed = withoutUndefined({
          name: positional[0] ?? '',
          mountpoint: one('mountpoint'),
          mounted: options.has('unmounted') ? false : undefined,
          volsize: one('volsize'),
          properties: properties.length > 0 ? Object.fromEntries(properties) : undefined,
        })
        applySeed(store, {datasets: [dataset]})
        return 0
      }
      case 'seed-link': {
        const link: LinkSeed = withoutUndefined({
          name: positional[0] ?? '',
          class: one('class') as LinkSeed['class'],
          speed: optionalNumber(one('speed')),
          over: one('over'),
          vid: optionalNumber(one('vid')),
        })
        applySeed(store, {links: [link]})
        return 0
      }
      case 'seed-zone': {
        const nets = (options.get('net') ?? []).map(
          (spec) =>
            Object.fromEntries(spec.split(',').map((kv) => kv.split('=') as [string, string])) as unknown as NetSeed,
        )
        const file = one('zonecfg')
        const zone: ZoneSeed = withoutUndefined({
          name: positional[0] ?? '',
          state: one('state') as ZoneState | undefined,
          brand: one('brand'),
          zonepath: one('zonepath'),
          ipType: one('ip-type') as ZoneSeed['ipType'],
          autoboot: options.has('autoboot') ? true : undefined,
          nets: nets.length > 0 ? nets : undefined,
          zonecfg: file === undefined ? undefined : readFileSync(file, 'utf8'),
        })
        applySeed(store, {zones: [zone]})
        return 0
      }
      case 'seed':
        applySeed(store, JSON.parse(readFileSync(positional[0] ?? '', 'utf8')))
        return 0
      case 'fault':
        return fault(store, positional, options, one)
      case 'state':
        out(`${JSON.stringify(snapshot(store), null, 2)}\n`)
        return 0
      default:
        processConsole.err(`illumos-sim: unknown command '${command}'\n${USAGE}`)
        return 2
    }
  } catch (error) {
    processConsole.err(`illumos-sim: ${(error as Error).message}\n`)
    return 1
  }
}

function fault(
  store: Store,
  positional: string[],
  options: Map<string, string[]>,
  one: (name: string) => string | undefined,
): number {
  switch (positional[0]) {
    case 'add': {
      const spec: FaultSpec = withoutUndefined({
        command: one('command') as FaultCommand,
        action: one('action') as FaultAction,
        subcommand: one('subcommand'),
        target: one('target'),
        exitCode: optionalNumber(one('exit-code')),
        message: one('message'),
        delayMs: optionalNumber(one('delay-ms')),
        nth: optionalNumber(one('nth')),
        count: optionalNumber(one('count')),
        after: options.has('after') || undefined,
      })
      if (!spec.command || !spec.action) throw new Error('fault add needs --command and --action')
      processConsole.out(`${addFault(store, spec).id}\n`)
      return 0
    }
    case 'list':
      processConsole.out(`${JSON.stringify(store.faults(), null, 2)}\n`)
      return 0
    case 'clear':
      clearFaults(store, optionalNumber(positional[1]))
      return 0
    default:
      throw new Error('fault: add, list or clear')
  }
}

export function main(): void {
  runProcess(admin)
}
