import {parse, type Node} from '@bgotink/kdl'
import {expect} from 'chai'
import {mkdir, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Ledger, parseZonecfgInfo, Registry, type ZonecfgResource} from 'zmgr'
import {createTestHost, DEFAULT_DATASETS, type SeedSpec, type TestHost} from 'zmgr/testing'

interface ImportJson {
  dryRun: boolean
  imported: Array<{
    zone: string
    state: string
    brand: string
    ipType: string
    template: string | null
    templateReason: string
    file: string
    nets: Array<Record<string, unknown>>
    unmodelled: string[]
    warnings: Array<{code: string; message: string}>
    content: string
  }>
  skipped: Array<{zone: string; reason: string}>
  failed: Array<{zone: string; error: {code: string; message: string}}>
  held: Array<{
    zone: string
    state: string
    brand: string
    reason: string
    file: string
    refreshed: boolean
    nets: Array<Record<string, unknown>>
    warnings: Array<{code: string}>
    content: string
  }>
}

const POOLS = {
  'public.kdl':
    'pool "public" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    range "192.0.2.100" "192.0.2.199"\n}\n',
  'backend.kdl': 'pool "backend" {\n    network "10.1.0.0/16"\n    range "10.1.0.10" "10.1.0.200"\n}\n',
  'lan.kdl':
    'pool "lan" {\n    network "198.51.100.0/24"\n    gateway "198.51.100.1"\n    addresses "198.51.100.7" "198.51.100.9"\n}\n',
}

const TEMPLATES = {
  'web.kdl':
    'template "web" {\n    brand "lipkg"\n    net "front" pool="public" over="igb0"\n    net "back" pool="backend" over="stub0"\n}\n',
  'web-small.kdl': 'template "web-small" {\n    brand "lipkg"\n    net "front" pool="public" over="igb0"\n}\n',
  'web-other.kdl': 'template "web-other" {\n    brand "lipkg"\n    net "front" pool="public" over="igb1"\n}\n',
  'oi.kdl': 'template "oi" {\n    brand "ipkg"\n    net "public" pool="public" over="igb0"\n}\n',
  'sparse.kdl': 'template "sparse" {\n    brand "sparse"\n    net "public" pool="public" over="igb0"\n}\n',
  'lx.kdl': 'template "lx" {\n    brand "lx"\n    ip-type "shared"\n    net "lan" pool="lan" over="e1000g0"\n}\n',
}

/** The zone configurations the tests seed, as zonecfg command files. */
const ZONES: Record<string, string> = {
  // Two nets over existing VNICs, and one of every resource zmgr does not model.
  web1: `create -b
set zonepath=/zones/web1
set brand=lipkg
set autoboot=true
set bootargs="-m verbose"
set limitpriv=default,dtrace_proc
set scheduling-class=FSS
set ip-type=exclusive
set hostid=1234abcd
set fs-allowed=ufs,pcfs
set max-lwps=3000
add fs
set dir=/data
set special="/export/web data"
set type=lofs
add options [ro,nodevices]
end
add fs
set dir=/logs
set special=tank/logs
set type=zfs
end
add net
set physical=web1_0
set allowed-address=192.0.2.20/24
set defrouter=192.0.2.1
end
add net
set physical=web1_1
set allowed-address=10.1.0.20/16
end
add device
set match=/dev/zvol/rdsk/tank/web1-disk
end
add dedicated-cpu
set ncpus=1-2
set importance=10
end
add capped-memory
set physical=1G
set swap=2G
end
add attr
set name=resolvers
set type=string
set value=1.1.1.1,9.9.9.9
end
add dataset
set name=tank/web1
end
add rctl
set name=zone.max-msg-ids
add value (priv=privileged,limit=512,action=deny)
end
add admin
set user=alice
set auths=login,manage
end
add security-flags
set default=aslr
end
`,
  // On-demand VNIC (OmniOS global-nic), one net.
  small: `create -b
set zonepath=/zones/small
set brand=lipkg
set ip-type=exclusive
add net
set physical=small0
set global-nic=igb0
set allowed-address=192.0.2.21/24
set mac-addr=2:8:20:ab:cd:ef
set vlan-id=12
end
set cpu-shares=20
add capped-cpu
set ncpus=1.5
end
`,
  oi1: `create -b
set zonepath=/zones/oi1
set brand=ipkg
set ip-type=exclusive
add net
set physical=oi1_0
set allowed-address=192.0.2.22/24
end
`,
  sp1: `create -b
set zonepath=/zones/sp1
set brand=sparse
set ip-type=exclusive
add net
set physical=sp1_0
set allowed-address=192.0.2.23/24
end
`,
  // DHCP inside the zone: a net with no address.
  pk1: `create -b
set zonepath=/zones/pk1
set brand=pkgsrc
set ip-type=exclusive
add net
set physical=pk1_0
end
`,
  // Shared IP, lx net properties.
  lx1: `create -b
set zonepath=/zones/lx1
set brand=lx
set ip-type=shared
add net
set physical=e1000g0
set address=198.51.100.7/24
set defrouter=198.51.100.1
add property (name=gateway,value="198.51.100.1")
add property (name=primary,value="true")
end
add attr
set name=kernel-version
set type=string
set value=4.4
end
`,
  vm1: `create -b
set zonepath=/zones/vm1
set brand=bhyve
set ip-type=exclusive
add net
set physical=vm1_0
set allowed-address=192.0.2.40/24
end
`,
  // A zonepath with a colon: zoneadm list -p prints it as /zones/a\\:b.
  odd: `create -b
set zonepath=/zones/a:b
set brand=lipkg
set ip-type=shared
add net
set physical=igb0
set address=192.0.2.24/24
end
`,
  // An address no pool's network holds.
  nopool: `create -b
set zonepath=/zones/nopool
set brand=lipkg
set ip-type=exclusive
add net
set physical=nopool0
set allowed-address=203.0.113.5/24
end
`,
  // Installed, then marked incomplete (as a failed install leaves it).
  inc1: `create -b
set zonepath=/zones/inc1
set brand=ipkg
set ip-type=exclusive
add net
set physical=inc1_0
set allowed-address=192.0.2.25/24
end
`,
  // Holds the address of the hand-written zones/taken.kdl.
  clash: `create -b
set zonepath=/zones/clash
set brand=lipkg
set ip-type=exclusive
add net
set physical=clash0
set allowed-address=192.0.2.30/24
end
`,
}

/**
 * What the zones below need on the host to install: brands a fresh OmniOS lacks (it has ipkg and lipkg), web1's
 * fs specials (a directory, a legacy-mounted dataset) and its delegated dataset with a mountpoint of its own.
 */
const HOST: SeedSpec = {
  brands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'lx', 'bhyve'],
  paths: ['/export/web data'],
  datasets: [
    ...DEFAULT_DATASETS,
    {name: 'tank/logs', mountpoint: 'legacy'},
    {name: 'tank/web1', mountpoint: '/tank/web1'},
  ],
}

const TAKEN =
  'zone "taken" {\n    brand "lipkg"\n    zonepath "/zones/taken"\n    net "front" vnic="taken0" pool="public" address="192.0.2.30/24"\n}\n'

/** The UTC day, as zone files record it. */
function today(): string {
  return new Date().toISOString().slice(0, 10)
}

async function sh(host: TestHost, command: string, args: string[]): Promise<string> {
  const result = await host.run(command, args)
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

async function configure(host: TestHost, zone: string): Promise<void> {
  const file = join(host.dir, `${zone}.zonecfg`)
  await writeFile(file, ZONES[zone])
  await sh(host, 'zonecfg', ['-z', zone, '-f', file])
}

async function writeRegistry(host: TestHost): Promise<void> {
  for (const [folder, files] of [
    ['pools', POOLS],
    ['templates', TEMPLATES],
  ] as const) {
    await mkdir(join(host.root, folder), {recursive: true})
    for (const [name, text] of Object.entries(files)) await writeFile(join(host.root, folder, name), text)
  }
  await mkdir(join(host.root, 'zones'), {recursive: true})
  await writeFile(join(host.root, 'config.kdl'), 'default-template "web"\n')
}

/** A zone file's `zonecfg` resources turned back into what `zonecfg info` shows (the inverse of the documented mapping). */
function resourcesFromKdl(zonecfg: Node): ZonecfgResource[] {
  return zonecfg
    .children!.nodes.filter((node) => node.children !== null || node.getArguments().length === 0)
    .filter((node) => node.getName() !== 'net')
    .map((node) => {
      const properties: ZonecfgResource['properties'] = []
      for (const [name, value] of node.getProperties()) properties.push({name, value: String(value)})
      for (const child of node.children?.nodes ?? []) {
        const props = child.getProperties()
        properties.push({
          name: child.getName(),
          value:
            props.size > 0
              ? Object.fromEntries([...props].map(([k, v]) => [k, String(v)]))
              : child.getArguments().map(String),
        })
      }
      return {type: node.getName(), properties}
    })
}

/** Properties compared without their order inside a resource, and without the derived mark. */
function normalise(resources: ZonecfgResource[]): unknown {
  return resources.map((r) => ({
    type: r.type,
    properties: r.properties.map((p) => JSON.stringify([p.name, p.value])).sort(),
  }))
}

describe('zmgr import (end to end, simulator)', function () {
  this.timeout(120_000)
  let host: TestHost

  before(async () => {
    host = await createTestHost({seed: HOST})
    await writeRegistry(host)
    await writeFile(join(host.root, 'zones', 'taken.kdl'), TAKEN)
    await sh(host, 'dladm', ['create-vnic', '-l', 'igb0', 'web1_0'])
    await sh(host, 'dladm', ['create-vnic', '-l', 'stub0', 'web1_1'])
    for (const zone of Object.keys(ZONES)) await configure(host, zone)
    // States: web1 running; small, sp1 installed; inc1 incomplete; the rest configured.
    for (const zone of ['web1', 'small', 'sp1', 'inc1']) await sh(host, 'zoneadm', ['-z', zone, 'install'])
    await sh(host, 'zoneadm', ['-z', 'web1', 'boot'])
    await sh(host, 'zoneadm', ['-z', 'inc1', 'mark', 'incomplete'])
  })
  after(() => host?.cleanup())

  it('lists what a dry run would write, and writes nothing', async () => {
    const result = await host.zmgr(['import', '--dry-run', '--json'])
    expect(result.exitCode).to.equal(1) // clash fails
    const report = result.json<{result: ImportJson}>().result
    expect(report.dryRun).to.equal(true)
    expect(report.imported.map((z) => z.zone).sort()).to.deep.equal([
      'inc1',
      'lx1',
      'nopool',
      'odd',
      'oi1',
      'pk1',
      'small',
      'sp1',
      'web1',
    ])
    expect(await readdir(join(host.root, 'zones'))).to.deep.equal(['taken.kdl'])
    const web1 = report.imported.find((z) => z.zone === 'web1')!
    expect(web1.content).to.include('zone "web1" {').and.include(`imported "${today()}"`)

    const human = await host.zmgr(['import', 'web1', '-n'])
    expect(human.exitCode).to.equal(0)
    expect(human.stdout).to.match(
      /web1\s+would import\s+web\s+front 192\.0\.2\.20\/24 \(public\), back 10\.1\.0\.20\/16 \(backend\)/,
    )
    expect(human.stdout)
      .to.include(`would write ${join(host.root, 'zones', 'web1.kdl')}:`)
      .and.include('        zonecfg {')
    expect(human.stdout).to.include('1 would import, 0 skipped, 0 failed')
    expect(await readdir(join(host.root, 'zones'))).to.deep.equal(['taken.kdl'])
  })

  it('records the UTC day, whatever the time zone', async () => {
    // 26 hours apart: at any moment at least one of these has a local date other than the UTC one.
    for (const TZ of ['Etc/GMT-14', 'Etc/GMT+12']) {
      const result = await host.zmgr(['import', 'small', '--dry-run', '--json'], {env: {TZ}})
      expect(result.json<{result: ImportJson}>().result.imported[0].content).to.include(`imported "${today()}"`)
    }
  })

  describe('a real run', () => {
    let first: ImportJson
    let firstExit: number | null
    let dryContent: Map<string, string>

    before(async () => {
      dryContent = new Map(
        (await host.zmgr(['import', '-n', '--json']))
          .json<{result: ImportJson}>()
          .result.imported.map((z) => [z.zone, z.content]),
      )
      const result = await host.zmgr(['import', '--json'])
      firstExit = result.exitCode
      first = result.json<{result: ImportJson}>().result
    })

    const imported = (zone: string) => first.imported.find((z) => z.zone === zone)!
    const zoneFile = (zone: string) => readFile(join(host.root, 'zones', `${zone}.kdl`), 'utf8')

    it("imports every zone of every brand and state but bhyve, holds the bhyve zone's addresses, and reports the rest", async () => {
      expect(firstExit).to.equal(1)
      expect(first.imported.map((z) => [z.zone, z.brand, z.state])).to.deep.equal([
        ['web1', 'lipkg', 'running'],
        ['small', 'lipkg', 'installed'],
        ['oi1', 'ipkg', 'configured'],
        ['sp1', 'sparse', 'installed'],
        ['pk1', 'pkgsrc', 'configured'],
        ['lx1', 'lx', 'configured'],
        ['odd', 'lipkg', 'configured'],
        ['nopool', 'lipkg', 'configured'],
        ['inc1', 'ipkg', 'incomplete'],
      ])
      expect(imported('inc1').warnings.map((w) => w.code)).to.deep.equal(['zmgr::import::incomplete'])
      expect(first.skipped).to.deep.equal([])
      expect(first.held.map((z) => [z.zone, z.brand, z.refreshed, z.nets])).to.deep.equal([
        ['vm1', 'bhyve', false, [{name: 'net0', vnic: 'vm1_0', pool: 'public', address: '192.0.2.40/24'}]],
      ])
      expect(first.failed.map((z) => [z.zone, z.error.code])).to.deep.equal([['clash', 'zmgr::ipam::address-taken']])
      expect(first.failed[0].error.message).to.include('192.0.2.30').and.include('"taken"')
      expect((await readdir(join(host.root, 'zones'))).sort()).to.deep.equal([
        'inc1.kdl',
        'lx1.kdl',
        'nopool.kdl',
        'odd.kdl',
        'oi1.kdl',
        'pk1.kdl',
        'small.kdl',
        'sp1.kdl',
        'taken.kdl',
        'vm1.kdl',
        'web1.kdl',
      ])
    })

    it('writes what the dry run showed', async () => {
      for (const zone of first.imported) expect(await zoneFile(zone.zone)).to.equal(dryContent.get(zone.zone))
    })

    it('reads every net, with pools, links from dladm, and template net names', async () => {
      expect(imported('web1').nets).to.deep.equal([
        {name: 'front', vnic: 'web1_0', over: 'igb0', pool: 'public', address: '192.0.2.20/24', gateway: '192.0.2.1'},
        {name: 'back', vnic: 'web1_1', over: 'stub0', pool: 'backend', address: '10.1.0.20/16'},
      ])
      expect(imported('small').nets).to.deep.equal([
        {
          name: 'front',
          vnic: 'small0',
          over: 'igb0',
          pool: 'public',
          address: '192.0.2.21/24',
          vlan: 12,
          globalNic: 'igb0',
          macAddr: '2:8:20:ab:cd:ef',
        },
      ])
      expect(imported('lx1').nets).to.deep.equal([
        {name: 'lan', over: 'e1000g0', pool: 'lan', address: '198.51.100.7/24', gateway: '198.51.100.1'},
      ])
      expect(imported('pk1').nets).to.deep.equal([{name: 'net0', vnic: 'pk1_0'}])
      expect(imported('pk1').warnings.map((w) => w.code)).to.deep.equal(['zmgr::import::no-allowed-address'])
      expect(imported('pk1').warnings[0].message).to.equal(
        'pk1: net 0 (pk1_0) has no allowed-address: the address is set inside the zone, invisible to zmgr and not protected',
      )
      const text = await zoneFile('web1')
      expect(text).to.include(
        'net "front" vnic="web1_0" over="igb0" pool="public" address="192.0.2.20/24" gateway="192.0.2.1"',
      )
    })

    it('chooses templates by brand and nets, and says why, or why none fit', () => {
      expect(imported('web1')).to.include({template: 'web'})
      expect(imported('web1').templateReason).to.equal('brand lipkg, 2/2 nets by pool, 2/2 by link')
      expect(imported('small')).to.include({template: 'web-small'})
      expect(imported('small').templateReason).to.include('also fit: web, web-other')
      expect(imported('oi1')).to.include({template: 'oi', templateReason: 'brand ipkg, 1/1 net by pool, 0/1 by link'})
      expect(imported('sp1')).to.include({template: 'sparse'})
      expect(imported('lx1')).to.include({template: 'lx'})
      expect(imported('pk1')).to.include({template: null, templateReason: 'no template has brand pkgsrc'})
      expect(imported('odd')).to.include({template: null})
      expect(imported('odd').templateReason).to.include('web: ip-type exclusive, the zone is shared')
      expect(imported('nopool').templateReason).to.match(/^brand lipkg, 0\/1 net by pool, 0\/1 by link; also fit: /)
    })

    it('keeps an escaped zonepath as the path it is', async () => {
      expect(await zoneFile('odd'))
        .to.include('zonepath "/zones/a:b"')
        .and.include('ip-type "shared"')
    })

    it('records an address in no pool without a pool, with a warning', async () => {
      expect(imported('nopool').nets).to.deep.equal([{name: 'net0', vnic: 'nopool0', address: '203.0.113.5/24'}])
      expect(imported('nopool').warnings.map((w) => w.code)).to.deep.equal(['zmgr::import::no-pool'])
    })

    it('writes nothing for a zone whose address another zone file holds', async () => {
      expect(await stat(join(host.root, 'zones', 'clash.kdl')).catch(() => undefined)).to.equal(undefined)
      expect(await readFile(join(host.root, 'zones', 'taken.kdl'), 'utf8')).to.equal(TAKEN)
    })

    it('keeps every resource zmgr does not model, in meaning', async () => {
      const info = parseZonecfgInfo(await sh(host, 'zonecfg', ['-z', 'web1', 'info']))
      const doc = parse(await zoneFile('web1'))
      const zonecfg = doc.findNodeByName('zone')!.children!.findNodeByName('zonecfg')!
      expect(normalise(resourcesFromKdl(zonecfg))).to.deep.equal(
        normalise(
          info.resources.map((r) => ({
            ...r,
            properties: r.properties.filter((p) => !(Array.isArray(p.value) && p.value.length === 0)),
          })),
        ),
      )
      const scalars = Object.fromEntries(
        zonecfg
          .children!.nodes.filter((n) => n.children === null && n.getArguments().length === 1)
          .map((n) => [n.getName(), n.getArgument(0)]),
      )
      expect(scalars).to.deep.equal({
        bootargs: '-m verbose',
        limitpriv: 'default,dtrace_proc',
        'scheduling-class': 'FSS',
        hostid: '1234abcd',
        'fs-allowed': 'ufs,pcfs',
        'max-lwps': '3000',
        'max-msg-ids': '512',
      })
      expect(info.resources.map((r) => r.type)).to.include.members([
        'fs',
        'device',
        'dedicated-cpu',
        'capped-memory',
        'attr',
        'dataset',
        'rctl',
        'admin',
        'security-flags',
      ])
    })

    it('keeps net properties it cannot put on the net node', async () => {
      expect(await zoneFile('lx1')).to.include(
        'net "lan" {\n            property name="gateway" value="198.51.100.1"\n            property name="primary" value="true"\n        }',
      )
    })

    it('writes zone files that zmgr reads back and validates against the ledger', async () => {
      const registry = new Registry(host.root)
      const zones = await registry.zones()
      expect(zones.find((z) => z.name === 'web1')).to.deep.include({
        brand: 'lipkg',
        template: 'web',
        zonepath: '/zones/web1',
        autoboot: true,
        ipType: 'exclusive',
        imported: today(),
      })
      expect(zones.find((z) => z.name === 'lx1')).to.deep.include({ipType: 'shared'})
      const ledger = await Ledger.load(registry)
      expect(ledger.holder('192.0.2.20')).to.deep.equal({zone: 'web1', net: 'front'})
      expect(ledger.holder('10.1.0.20')).to.deep.equal({zone: 'web1', net: 'back'})
      expect(ledger.holder('203.0.113.5')).to.deep.equal({zone: 'nopool', net: 'net0'})
      expect(ledger.holder('192.0.2.30')).to.deep.equal({zone: 'taken', net: 'front'})
    })

    it('changes nothing when run again', async () => {
      const before = new Map<string, string>()
      for (const file of await readdir(join(host.root, 'zones')))
        before.set(file, await readFile(join(host.root, 'zones', file), 'utf8'))
      const again = await host.zmgr(['import', '--json'])
      const report = again.json<{result: ImportJson}>().result
      expect(report.imported).to.deep.equal([])
      expect(report.skipped.map((z) => z.zone).sort()).to.deep.equal([
        'inc1',
        'lx1',
        'nopool',
        'odd',
        'oi1',
        'pk1',
        'small',
        'sp1',
        'vm1',
        'web1',
      ])
      expect(report.skipped.find((z) => z.zone === 'web1')!.reason).to.equal(
        `already registered (${join(host.root, 'zones', 'web1.kdl')})`,
      )
      expect(report.skipped.find((z) => z.zone === 'vm1')!.reason).to.equal(
        `already held (${join(host.root, 'zones', 'vm1.kdl')})`,
      )
      for (const [file, text] of before) expect(await readFile(join(host.root, 'zones', file), 'utf8')).to.equal(text)
      expect((await readdir(join(host.root, 'zones'))).length).to.equal(before.size)
    })
  })

  it('reports named zones that do not exist as failed', async () => {
    const result = await host.zmgr(['import', 'ghost', 'vm1', '-n'])
    expect(result.exitCode).to.equal(1)
    expect(result.stdout).to.match(/ghost\s+failed\s+-\s+-\s+ghost: no such zone on this system/)
    expect(result.stdout).to.match(
      /vm1\s+would hold\s+-\s+net0 192\.0\.2\.40\/24 \(public\)\s+bhyve, configured: addresses held, zone not managed/,
    )
    expect(result.stderr + result.stdout).to.include('error[zmgr::import::no-such-zone]')
  })
})

describe('zmgr import hooks', function () {
  this.timeout(120_000)
  let host: TestHost
  before(async () => {
    host = await createTestHost({seed: HOST})
    await writeRegistry(host)
    for (const zone of ['oi1', 'sp1']) await configure(host, zone)
    const plugin = fileURLToPath(new URL('../../test/fixtures/import/plugin-audit', import.meta.url))
    const linked = await host.zmgr(['plugins', 'link', plugin, '--no-install'])
    expect(linked.exitCode, linked.stderr).to.equal(0)
  })
  after(() => host?.cleanup())

  type AuditEvent = {
    event: string
    zone: string
    dryRun: boolean
    writes?: string[]
    template?: string
    ok?: boolean
    steps?: string[]
    step?: string
  }
  const audited = async (file: string) =>
    (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent)

  it('lets a plugin observe each zone (dry run too) and veto one', async () => {
    const audit = join(host.dir, 'audit.jsonl')
    const dry = await host.zmgr(['import', '-n', '--json'], {env: {IMPORT_AUDIT: audit}})
    expect(dry.exitCode).to.equal(0)
    const result = await host.zmgr(['import', '--json'], {env: {IMPORT_AUDIT: audit, IMPORT_VETO: 'sp1'}})
    expect(result.exitCode).to.equal(1)
    const report = result.json<{result: ImportJson}>().result
    expect(report.imported.map((z) => z.zone)).to.deep.equal(['oi1'])
    expect(report.failed.map((z) => [z.zone, z.error.code])).to.deep.equal([['sp1', 'zmgr::hook::veto']])
    expect(report.failed[0].error.message).to.include('sp1 is frozen by policy')
    expect(await readdir(join(host.root, 'zones'))).to.deep.equal(['oi1.kdl'])
    const events = await audited(audit)
    expect(events.map((e) => [e.event, e.zone, e.dryRun])).to.deep.equal([
      ['before', 'oi1', true],
      ['after', 'oi1', true],
      ['before', 'sp1', true],
      ['after', 'sp1', true],
      ['before', 'oi1', false],
      ['step', 'oi1', false],
      ['after', 'oi1', false],
      ['before', 'sp1', false],
    ])
    expect(events[4]).to.deep.include({writes: [join(host.root, 'zones', 'oi1.kdl')], template: 'oi'})
    expect(events[5].step).to.equal('record')
    expect(events[6]).to.deep.include({ok: true, steps: ['record done']})
  })

  it('runs the steps a plugin adds, shows them in the dry-run plan, and fires their step hooks', async () => {
    await rm(join(host.root, 'zones', 'oi1.kdl'))
    const audit = join(host.dir, 'audit-steps.jsonl')
    const inventory = join(host.dir, 'inventory')
    const env = {IMPORT_AUDIT: audit, IMPORT_INVENTORY: inventory}

    const dry = await host.zmgr(['import', 'oi1', '-n'], {env})
    expect(dry.exitCode, dry.stderr).to.equal(0)
    expect(dry.stdout).to.include(`would write ${join(host.root, 'zones', 'oi1.kdl')}:`)
    expect(dry.stdout)
      .to.include('  would run step: Add oi1 to the site inventory\n')
      .and.include(`  would write ${inventory}\n`)
    const dryJson = await host.zmgr(['import', 'oi1', '-n', '--json'], {env})
    expect(
      dryJson
        .json<{result: {imported: Array<{plan: {steps: Array<{id: string}>}}>}}>()
        .result.imported[0].plan.steps.map((s) => s.id),
    ).to.deep.equal(['record', 'inventory'])
    expect(await readFile(inventory, 'utf8').catch(() => undefined)).to.equal(undefined)

    const result = await host.zmgr(['import', 'oi1', '--json'], {env})
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(await readFile(inventory, 'utf8')).to.equal('oi1\n')
    const events = (await audited(audit)).filter((e) => !e.dryRun)
    expect(events.map((e) => [e.event, e.step ?? null])).to.deep.equal([
      ['before', null],
      ['step', 'record'],
      ['step', 'inventory'],
      ['after', null],
    ])
    expect(events[3].steps).to.deep.equal(['record done', 'inventory done'])
  })
})
