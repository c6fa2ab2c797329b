// IPAM at scale: the ledger is the zones folder, so allocation cost grows
// with the number of zone files. Targets: allocation in a /16 with 50,000
// held addresses stays well under a second; `pools list` over 10,000 zones
// stays within a few times start-up.
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

/** A registry with `zones` zone files, each holding the next address of 10.0.0.0/16 (from 10.0.0.1). */
function registryWithZones(bench, zones, pools) {
  const root = bench.tempDir('zmgr-bench-ipam-')
  mkdirSync(join(root, 'pools'))
  mkdirSync(join(root, 'zones'))
  for (const [name, text] of Object.entries(pools)) writeFileSync(join(root, 'pools', `${name}.kdl`), text)
  for (let i = 1; i <= zones; i++) {
    const address = `10.0.${i >> 8}.${i & 255}/16`
    writeFileSync(
      join(root, 'zones', `z${i}.kdl`),
      `zone "z${i}" {\n    brand "ipkg"\n    zonepath "/zones/z${i}"\n    autoboot #true\n    net "public" vnic="z${i}_0" over="igb0" pool="big" address="${address}" gateway="10.0.0.1"\n}\n`,
    )
  }
  return root
}

const BIG = 'pool "big" {\n    network "10.0.0.0/16"\n    gateway "10.0.0.1"\n    range "10.0.0.1" "10.0.255.254"\n}\n'

export default async function ipam(bench) {
  const zmgr = await import(pathToFileURL(join(bench.root, 'dist', 'index.js')).href)
  const big = registryWithZones(bench, 50_000, {big: BIG})
  const registry = new zmgr.Registry(big)
  const request = [{net: 'public', pool: 'big'}]
  const record = (allocations) => ({
    name: 'bench',
    brand: 'ipkg',
    zonepath: '/zones/bench',
    autoboot: false,
    ipType: 'exclusive',
    nets: allocations.map((a) => ({name: a.net, pool: a.pool, address: a.cidr})),
  })
  // A real allocation writes a zone file; removing it after each run keeps the ledger at 50,000.
  const allocate = async () => {
    await zmgr.allocateAndRecord(registry, request, record)
    rmSync(join(big, 'zones', 'bench.kdl'))
  }
  await bench.fn(
    'allocate in-process in a /16 with 50,000 held (cold: no ledger cache)',
    async () => {
      rmSync(join(big, '.cache'), {recursive: true, force: true})
      await allocate()
    },
    {runs: 3},
  )
  await bench.fn('allocate in-process in a /16 with 50,000 held (cached ledger)', allocate, {runs: 7})
  bench.command(
    'zmgr pools show big (50,000 held, next free)',
    [process.execPath, bench.zmgr, 'pools', 'show', 'big', '--root', big],
    {runs: 5},
  )

  const pools = Object.fromEntries(
    Array.from({length: 10}, (_, i) => [
      `p${i}`,
      `pool "p${i}" {\n    network "10.0.0.0/16"\n    range "10.0.${i * 25}.1" "10.0.${i * 25 + 24}.254"\n}\n`,
    ]),
  )
  const wide = registryWithZones(bench, 10_000, pools)
  bench.command(
    'zmgr pools list (10 pools, 10,000 zones)',
    [process.execPath, bench.zmgr, 'pools', 'list', '--root', wide],
    {runs: 7},
  )
}
