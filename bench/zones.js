// Zones: `zones list` joins every registry file with `zoneadm list -cp`; `create --dry-run` plans without changing anything.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const ZONES = 300

export default async function zones(bench) {
  const dir = bench.tempDir()
  const {root, env, sim} = bench.simulatedHost(dir)
  // A registry of ZONES zones, half of them also on the system: a realistic mix of registered, missing and unmanaged.
  writeFileSync(
    join(root, 'pools', 'big.kdl'),
    'pool "big" {\n    network "10.0.0.0/16"\n    gateway "10.0.0.1"\n    range "10.0.1.1" "10.0.250.250"\n}\n',
  )
  mkdirSync(join(root, 'zones'), {recursive: true})
  const seed = {zones: []}
  for (let i = 0; i < ZONES; i++) {
    const name = `zone${i}`
    writeFileSync(
      join(root, 'zones', `${name}.kdl`),
      `zone "${name}" {\n    brand "ipkg"\n    template "oi"\n    zonepath "/zones/${name}"\n    net "public" vnic="${name}_0" over="igb0" pool="big" address="10.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}/16"\n}\n`,
    )
    if (i % 2 === 0) seed.zones.push({name, state: i % 4 === 0 ? 'running' : 'installed', vnics: false})
  }
  const seedFile = join(dir, 'seed.json')
  writeFileSync(seedFile, JSON.stringify(seed))
  sim('seed', seedFile)
  bench.command(
    `zmgr zones list (${ZONES} registered)`,
    [process.execPath, bench.zmgr, 'zones', 'list', '--root', root],
    {env},
  )
  bench.command(
    `zmgr zones list --json (${ZONES} registered)`,
    [process.execPath, bench.zmgr, 'zones', 'list', '--json', '--root', root],
    {env},
  )
  bench.command(
    `zmgr zones create --dry-run (${ZONES} registered)`,
    [process.execPath, bench.zmgr, 'zones', 'create', 'newzone', '--dry-run', '--root', root],
    {env},
  )
}
