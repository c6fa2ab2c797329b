#!/usr/bin/env node
// `npm run demo`: a short, realistic zmgr session on a simulated OmniOS host,
// in a temporary root. No illumos needed. `--keep` leaves the host in place
// and prints how to go on by hand.
import {createTestHost} from 'zmgr/testing'

const keep = process.argv.includes('--keep')
// An OpenIndiana host: init finds it and writes ipkg and nlipkg templates; doctor shows what it found.
const host = await createTestHost({flavour: 'openindiana'})
const session = [
  ['zmgr', 'init'],
  ['zmgr', 'doctor'],
  ['zmgr', 'templates', 'list'],
  ['zmgr', 'pools', 'list'],
  ['zmgr', 'zones', 'create', 'web01', '--dry-run'],
  ['zmgr', 'zones', 'create', 'web01'],
  ['zmgr', 'zones', 'create', 'db-primary', '--template', 'ofl'],
  ['zmgr', 'zones', 'list'],
  ['zmgr', 'pools', 'allocations', 'public'],
  // A failing install, undone by --rollback: no VNIC, configuration or address is left behind.
  ['fault', {command: 'zoneadm', subcommand: 'install', target: 'app01', action: 'fail'}],
  ['zmgr', 'zones', 'create', 'app01', '--rollback'],
  ['zmgr', 'pools', 'show', 'public'],
  ['zoneadm', 'list', '-cv'],
  ['dladm', 'show-vnic'],
  ['zmgr', 'validate', '--system'],
  ['zmgr', 'zones', 'destroy', 'web01', '--yes'],
  ['zmgr', 'zones', 'list'],
]

let failed = 0
try {
  console.log(`# simulated OpenIndiana host in ${host.dir}; zmgr root ${host.root}\n`)
  for (const [command, ...args] of session) {
    if (command === 'fault') {
      await host.injectFault(args[0])
      console.log(`# simulator: make \`zoneadm install\` fail for ${args[0].target}\n`)
      continue
    }
    console.log(`$ ${[command, ...args].join(' ')}`)
    const result = command === 'zmgr' ? await host.zmgr(args, {env: {ZMGR_RENDERER: 'plain'}}) : await host.run(command, args)
    process.stdout.write(result.stdout)
    process.stdout.write(result.stderr)
    if (result.exitCode !== 0 && args[2] !== 'app01') {
      failed++
      console.log(`(exit ${result.exitCode})`)
    }
    console.log('')
  }
} finally {
  if (keep) {
    console.log('# the host is still there; to go on by hand:')
    console.log(`export PATH="${host.binDir}:$PATH" ZMGR_SIM_STATE="${host.simState}" ZMGR_ROOT="${host.root}"`)
    console.log(`alias zmgr="${process.execPath} ${new URL('../bin/run.js', import.meta.url).pathname}"`)
  } else {
    await host.cleanup()
  }
}
process.exitCode = failed > 0 ? 1 : 0
