#!/usr/bin/env node
// `npm run demo`: a short, realistic zmgr session on a simulated illumos host,
// in a temporary root. No illumos needed.
//   --flavour omnios|openindiana   the distribution the host simulates (default omnios)
//   --keep                         leave the host in place and print how to go on by hand
// The host already runs a bhyve VM (not zmgr's) using an address of the
// starter pool: `zmgr import` holds it, so no zone is ever given it.
import {createTestHost} from 'zmgr/testing'

const FLAVOURS = {omnios: 'OmniOS', openindiana: 'OpenIndiana'}

function option(name) {
  const args = process.argv.slice(2)
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))
  if (at === -1) return undefined
  return args[at].includes('=') ? args[at].slice(name.length + 3) : args[at + 1]
}

const keep = process.argv.includes('--keep')
const flavour = option('flavour') ?? 'omnios'
if (!(flavour in FLAVOURS)) {
  console.error(`demo: --flavour must be one of ${Object.keys(FLAVOURS).join(', ')}, not ${JSON.stringify(flavour)}`)
  process.exit(2)
}

// Each distribution's own zone brands, plus bhyve for the VM whose address zmgr must never hand out.
const brands = {omnios: ['ipkg', 'lipkg', 'bhyve'], openindiana: ['ipkg', 'nlipkg', 'bhyve']}[flavour]
const host = await createTestHost({
  flavour,
  seed: {
    brands,
    zones: [
      {
        name: 'vm01',
        brand: 'bhyve',
        state: 'running',
        nets: [{physical: 'vm01_0', 'allowed-address': '192.0.2.100/24', defrouter: '192.0.2.1'}],
      },
    ],
  },
})

/** Runs one step, prints it as a transcript; returns the result. */
async function step(command, ...args) {
  console.log(`$ ${[command, ...args].join(' ')}`)
  const result =
    command === 'zmgr' ? await host.zmgr(args, {env: {ZMGR_RENDERER: 'plain'}}) : await host.run(command, args)
  process.stdout.write(result.stdout)
  process.stdout.write(result.stderr)
  if (result.exitCode !== 0) console.log(`(exit ${result.exitCode})`)
  console.log('')
  return result
}

/** The templates `zmgr init` wrote for this host, the default first (they differ per distribution). */
async function starterTemplates() {
  const result = await host.zmgr(['templates', 'list', '--json'])
  if (result.exitCode !== 0) return []
  const templates = result.json().result // the {version, ok, result, warnings} document (docs/scripting.md)
  return templates.sort((a, b) => Number(b.default) - Number(a.default)).map((t) => t.name)
}

let failed = 0
const expectOk = (result) => void (result.exitCode === 0 || failed++)
try {
  console.log(`# simulated ${FLAVOURS[flavour]} host in ${host.dir}; zmgr root ${host.root}\n`)
  expectOk(await step('zmgr', 'init'))
  // What zmgr found on the host; exit 1 while the starter pool still awaits the admin's edit is expected.
  await step('zmgr', 'doctor')
  const [, second] = await starterTemplates()
  expectOk(await step('zmgr', 'templates', 'list'))
  expectOk(await step('zmgr', 'pools', 'list'))
  expectOk(await step('zoneadm', 'list', '-cv'))
  // The VM is not adopted; its address is held so IPAM never hands it out.
  expectOk(await step('zmgr', 'import'))
  expectOk(await step('zmgr', 'zones', 'create', 'web01', '--dry-run'))
  expectOk(await step('zmgr', 'zones', 'create', 'web01'))
  if (second) expectOk(await step('zmgr', 'zones', 'create', 'db-primary', '--template', second))
  expectOk(await step('zmgr', 'zones', 'list'))
  expectOk(await step('zmgr', 'pools', 'allocations', 'public'))
  // A failing install, undone by --rollback: no VNIC, configuration or address is left behind.
  await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'app01', action: 'fail'})
  console.log('# simulator: make `zoneadm install` fail for app01\n')
  if ((await step('zmgr', 'zones', 'create', 'app01', '--rollback')).exitCode !== 1) failed++
  expectOk(await step('zmgr', 'pools', 'show', 'public'))
  expectOk(await step('zoneadm', 'list', '-cv'))
  expectOk(await step('dladm', 'show-vnic'))
  expectOk(await step('zmgr', 'zones', 'show', 'web01'))
  expectOk(await step('zmgr', 'validate', '--system'))
  expectOk(await step('zmgr', 'zones', 'destroy', 'web01', '--yes'))
  expectOk(await step('zmgr', 'zones', 'list'))
  console.log(
    failed > 0
      ? `# ${failed} step${failed === 1 ? '' : 's'} did not go as expected`
      : `# every step went as expected on ${FLAVOURS[flavour]}`,
  )
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
