// `zmgr validate` over a large registry: 10,000 zones and 200 pools (one net each).
// Every check is linear (addresses and VNIC names are indexed in maps), so this
// measures reading and parsing 10,000 files more than the rules.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const ZONES = 10_000
const POOLS = 200

function writeTree(root) {
  for (const folder of ['templates', 'pools', 'zones', 'publishers']) mkdirSync(join(root, folder), {recursive: true})
  writeFileSync(join(root, 'config.kdl'), 'default-template "web"\n')
  writeFileSync(
    join(root, 'templates', 'web.kdl'),
    'template "web" {\n    brand "ipkg"\n    net "public" pool="p0" over="igb0"\n    publisher "openindiana.org"\n}\n',
  )
  writeFileSync(
    join(root, 'publishers', 'openindiana.org.kdl'),
    'publisher "openindiana.org" {\n    origin "https://pkg.openindiana.org/hipster"\n}\n',
  )
  // Pool i is 10.(i / 256).(i % 256).0/24 handing out .10 - .250; 50 zones each: about 21 % used.
  const octets = (i) => `10.${Math.floor(i / 256)}.${i % 256}`
  for (let i = 0; i < POOLS; i++) {
    writeFileSync(
      join(root, 'pools', `p${i}.kdl`),
      `pool "p${i}" {\n    network "${octets(i)}.0/24"\n    gateway "${octets(i)}.1"\n    range "${octets(i)}.10" "${octets(i)}.250"\n}\n`,
    )
  }
  for (let z = 0; z < ZONES; z++) {
    const pool = z % POOLS
    const host = 10 + Math.floor(z / POOLS)
    const name = `z${z}`
    writeFileSync(
      join(root, 'zones', `${name}.kdl`),
      `zone "${name}" {\n    brand "ipkg"\n    template "web"\n    zonepath "/zones/${name}"\n    autoboot #true\n    created "2026-03-22"\n    net "public" vnic="${name}_0" over="igb0" pool="p${pool}" address="${octets(pool)}.${host}/24" gateway="${octets(pool)}.1"\n}\n`,
    )
  }
}

export default async function validate(bench) {
  const starter = bench.tempDir()
  bench.setup([process.execPath, bench.zmgr, 'init', '--root', starter, '--distribution', 'omnios'])
  bench.command('zmgr validate (starter set)', [process.execPath, bench.zmgr, 'validate', '--root', starter])
  const root = bench.tempDir()
  writeTree(root)
  bench.command(
    `zmgr validate (${ZONES} zones, ${POOLS} pools)`,
    [process.execPath, bench.zmgr, 'validate', '--root', root],
    {runs: 5},
  )
}
