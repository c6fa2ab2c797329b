// The ledger on the create path: `zones create --dry-run` plans a zone in a
// registry of 1,000 and 10,000 zones. The plan reads the ledger through its
// cache (a stat per zone file, no parse), so the cost grows linearly and
// slowly with the registry; the first (warm-up) run builds the cache.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

function registry(bench, zones) {
  const {root, env} = bench.simulatedHost(bench.tempDir('zmgr-bench-ledger-'))
  // The starter template takes its address from "public": make it a /16 with room for every zone.
  writeFileSync(
    join(root, 'pools', 'public.kdl'),
    'pool "public" {\n    network "10.0.0.0/16"\n    gateway "10.0.0.1"\n    range "10.0.0.2" "10.0.255.254"\n}\n',
  )
  mkdirSync(join(root, 'zones'), {recursive: true})
  for (let i = 0; i < zones; i++) {
    const name = `zone${i}`
    const address = `10.0.${(i + 2) >> 8}.${(i + 2) & 255}/16`
    writeFileSync(
      join(root, 'zones', `${name}.kdl`),
      `zone "${name}" {\n    brand "ipkg"\n    template "oi"\n    zonepath "/zones/${name}"\n    autoboot #true\n    net "public" vnic="${name}_0" over="igb0" pool="public" address="${address}" gateway="10.0.0.1"\n}\n`,
    )
  }
  return {root, env}
}

export default async function ledger(bench) {
  for (const zones of [1_000, 10_000]) {
    const {root, env} = registry(bench, zones)
    bench.command(
      `zmgr zones create --dry-run (${zones.toLocaleString('en')} registered, cached ledger)`,
      [process.execPath, bench.zmgr, 'zones', 'create', 'newzone', '--dry-run', '--root', root],
      {env, runs: 9},
    )
  }
}
