import {expect} from 'chai'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {Ledger, parseHostAddress, Registry} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

interface Net {
  name: string
  vnic?: string
  over?: string
  pool?: string
  address?: string
  gateway?: string
  pool6?: string
  address6?: string
  gateway6?: string
}

interface ImportJson {
  imported: Array<{
    zone: string
    template: string | null
    nets: Net[]
    warnings: Array<{code: string; message: string}>
    content: string
  }>
  held: Array<{
    zone: string
    brand: string
    reason: string
    refreshed: boolean
    nets: Net[]
    warnings: Array<{code: string; message: string}>
  }>
  skipped: Array<{zone: string; reason: string}>
  failed: Array<{zone: string; error: {code: string; message: string}}>
}

interface Diagnostics {
  ok: boolean
  diagnostics: Array<{code: string; severity: string; message: string; help?: string}>
  held: Array<{zone: string; reason: string}>
}

const REGISTRY: Record<string, string> = {
  'pools/lab.kdl':
    'pool "lab" {\n    network "10.9.0.0/24"\n    gateway "10.9.0.1"\n    range "10.9.0.10" "10.9.0.15"\n}\n',
  'pools/lab6.kdl':
    'pool "lab6" {\n    network "fd00:9::/64"\n    gateway "fd00:9::1"\n    range "fd00:9::10" "fd00:9::15"\n}\n',
  'templates/dual.kdl': 'template "dual" {\n    brand "lipkg"\n    net "lan" pool="lab" pool6="lab6" over="igb0"\n}\n',
  'config.kdl': 'default-template "dual"\n',
}

/** Every address the tests expect zones of VM brands and lx to hold after the import. */
const FOREIGN = ['10.9.0.10', '10.9.0.11', 'fd00:9::10', '10.9.0.12', '10.9.0.13', 'fd00:9::11', 'fd00:9::12']

function key(address: string): string {
  const ip = parseHostAddress(address)!
  return `${ip.family}:${ip.value}`
}

describe('zmgr import: lx ips, dual stack, and the addresses of VM zones', function () {
  this.timeout(300_000)
  let host: TestHost

  before(async () => {
    host = await createTestHost({
      seed: {
        brands: ['ipkg', 'lipkg', 'lx', 'bhyve', 'kvm', 'emu'],
        zones: [
          // lx carrying its addresses only in the ips property (a list), with the lx gateway property.
          {
            name: 'lx1',
            brand: 'lx',
            state: 'installed',
            nets: [
              {
                physical: 'lx1_0',
                properties: [
                  {name: 'ips', value: '10.9.0.10/24,fd00:9::10/64,10.9.0.11/24'},
                  {name: 'gateway', value: '10.9.0.1'},
                ],
              },
            ],
          },
          {
            name: 'vm1',
            brand: 'bhyve',
            state: 'running',
            nets: [{physical: 'vm1_0', 'allowed-address': '10.9.0.12/24', defrouter: '10.9.0.1'}],
          },
          // Dual stack as illumos writes it: two nets on one link, one address each.
          {
            name: 'kvm1',
            brand: 'kvm',
            state: 'installed',
            nets: [
              {physical: 'kvm1_0', 'allowed-address': '10.9.0.13/24'},
              {physical: 'kvm1_0', 'allowed-address': 'fd00:9::11/64'},
            ],
          },
          // One net whose address only the guest knows, one with an IPv6 address.
          {
            name: 'emu1',
            brand: 'emu',
            nets: [{physical: 'emu1_0'}, {physical: 'emu1_1', 'allowed-address': 'fd00:9::12/64'}],
          },
          // A zmgr-style dual-stack zone, IPv6 resource first.
          {
            name: 'ds1',
            brand: 'lipkg',
            state: 'installed',
            nets: [
              {physical: 'ds1_0', 'allowed-address': 'fd00:9::13/64'},
              {physical: 'ds1_0', 'allowed-address': '10.9.0.14/24', defrouter: '10.9.0.1'},
            ],
          },
        ],
      },
    })
    for (const [file, text] of Object.entries(REGISTRY)) {
      await mkdir(join(host.root, file, '..'), {recursive: true})
      await writeFile(join(host.root, file), text)
    }
    await mkdir(join(host.root, 'zones'), {recursive: true})
  })
  after(() => host?.cleanup())

  it('warns before the import that VM zones use addresses no zone file holds', async () => {
    const result = await host.zmgr(['validate', '--system', '--json'])
    const report = result.json<{result: Diagnostics}>().result
    const unheld = report.diagnostics.filter((d) => d.code === 'zmgr::system::vm-unheld')
    expect(unheld.map((d) => d.message).sort()).to.deep.equal([
      'bhyve zone "vm1" (running) uses 10.9.0.12/24, which no zone file holds',
      'emu zone "emu1" (configured) uses fd00:9::12/64, which no zone file holds',
      'kvm zone "kvm1" (installed) uses 10.9.0.13/24, fd00:9::11/64, which no zone file holds',
    ])
    expect(unheld.find((d) => d.message.includes('emu1'))!.help).to.equal(
      'IPAM may hand it out to a new zone; hold it with `zmgr import emu1` (the VM is not adopted)',
    )
  })

  describe('after an import', () => {
    let report: ImportJson
    const held = (zone: string) => report.held.find((z) => z.zone === zone)!
    const imported = (zone: string) => report.imported.find((z) => z.zone === zone)!

    before(async () => {
      const result = await host.zmgr(['import', '--json'])
      expect(result.exitCode, result.stderr).to.equal(0)
      report = result.json<{result: ImportJson}>().result
    })

    it('imports lx and dual-stack zones, and holds the addresses of bhyve, kvm and emu zones without adopting them', () => {
      expect(report.imported.map((z) => z.zone).sort()).to.deep.equal(['ds1', 'lx1'])
      expect(report.held.map((z) => [z.zone, z.brand, z.refreshed]).sort()).to.deep.equal([
        ['emu1', 'emu', false],
        ['kvm1', 'kvm', false],
        ['vm1', 'bhyve', false],
      ])
      expect(held('vm1').reason).to.equal('bhyve virtual machine, managed by the VM manager')
      expect(report.failed).to.deep.equal([])
    })

    it("claims every address of the lx ips list, the IPv6 one as the net's dual-stack address", () => {
      expect(imported('lx1').nets).to.deep.equal([
        {
          name: 'net0',
          vnic: 'lx1_0',
          over: 'igb0',
          pool: 'lab',
          address: '10.9.0.10/24',
          gateway: '10.9.0.1',
          pool6: 'lab6',
          address6: 'fd00:9::10/64',
        },
        {name: 'net1', pool: 'lab', address: '10.9.0.11/24'},
      ])
      expect(imported('lx1').warnings.map((w) => w.message)).to.deep.equal([
        'lx1: net 0 (lx1_0) has no allowed-address, only the lx ips property (10.9.0.10/24,fd00:9::10/64,10.9.0.11/24): recorded, but the link does not pin the zone to it',
      ])
    })

    it('reads two net resources on one link as one dual-stack net, and matches the dual-stack template', () => {
      expect(imported('ds1').template).to.equal('dual')
      expect(imported('ds1').nets).to.deep.equal([
        {
          name: 'lan',
          vnic: 'ds1_0',
          over: 'igb0',
          pool: 'lab',
          address: '10.9.0.14/24',
          gateway: '10.9.0.1',
          pool6: 'lab6',
          address6: 'fd00:9::13/64',
        },
      ])
      expect(imported('ds1').content).to.include(
        'net "lan" vnic="ds1_0" over="igb0" pool="lab" address="10.9.0.14/24" gateway="10.9.0.1" pool6="lab6" address6="fd00:9::13/64"',
      )
    })

    it('records what VM zones carry (allowed-address), warns about a VM net without one', async () => {
      expect(held('kvm1').nets).to.deep.equal([
        {
          name: 'net0',
          vnic: 'kvm1_0',
          over: 'igb0',
          pool: 'lab',
          address: '10.9.0.13/24',
          pool6: 'lab6',
          address6: 'fd00:9::11/64',
        },
      ])
      expect(held('emu1').nets).to.deep.equal([
        {name: 'net0', vnic: 'emu1_0', over: 'igb0'},
        {name: 'net1', vnic: 'emu1_1', over: 'igb0', pool: 'lab6', address: 'fd00:9::12/64'},
      ])
      expect(held('emu1').warnings.map((w) => w.code)).to.deep.equal(['zmgr::import::no-allowed-address'])
      const text = await readFile(join(host.root, 'zones', 'vm1.kdl'), 'utf8')
      expect(text).to.include('held "bhyve virtual machine, managed by the VM manager"')
      expect(text).to.include(
        'net "net0" vnic="vm1_0" over="igb0" pool="lab" address="10.9.0.12/24" gateway="10.9.0.1"',
      )
      expect(text).not.to.include('template').and.not.to.include('zonecfg')
    })

    it('puts every foreign address in the ledger, which survives a restart (read from the files)', async () => {
      const ledger = await Ledger.load(new Registry(host.root))
      for (const address of FOREIGN) expect(ledger.holder(address), address).to.not.equal(undefined)
      expect(ledger.holder('fd00:9::11')).to.deep.equal({zone: 'kvm1', net: 'net0'})
    })

    it('shows held zones with the reason in zones list, zones show, pools allocations and validate --system', async () => {
      const list = await host.zmgr(['zones', 'list', '--state', 'held'])
      expect(list.exitCode).to.equal(0)
      expect(list.stdout).to.match(
        /vm1\s+running\s+bhyve\s+-\s+10\.9\.0\.12\/24\s+held: bhyve virtual machine, managed by the VM manager/,
      )
      expect(list.stdout).to.match(
        /kvm1\s+installed\s+kvm\s+-\s+10\.9\.0\.13\/24,fd00:9::11\/64\s+held: kvm virtual machine/,
      )
      expect(list.stdout).not.to.include('lx1')
      const show = await host.zmgr(['zones', 'show', 'kvm1'])
      expect(show.stdout).to.include('net0: 10.9.0.13/24, fd00:9::11/64, vnic kvm1_0, over igb0, pool lab, pool6 lab6')
      expect(show.stdout).to.match(/managed: +no, its addresses are held \(.*kvm1\.kdl\): kvm virtual machine/)
      const allocations = await host.zmgr(['pools', 'allocations', 'lab6', '-o', 'address,zone,net,held'])
      expect(allocations.stdout).to.match(/fd00:9::11\s+kvm1\s+net0\s+kvm virtual machine/)
      expect(allocations.stdout).to.match(/fd00:9::13\s+ds1\s+lan(\s+-)?\s*\n/)
      const validate = await host.zmgr(['validate', '--system', '--json'])
      const checked = validate.json<{result: Diagnostics}>().result
      expect(
        checked.diagnostics.filter((d) => d.severity === 'error'),
        JSON.stringify(checked.diagnostics),
      ).to.deep.equal([])
      expect(checked.diagnostics.map((d) => d.code)).not.to.include('zmgr::system::vm-unheld')
      expect(checked.held.map((h) => h.zone)).to.deep.equal(['emu1', 'kvm1', 'vm1'])
      const human = await host.zmgr(['validate', '--system'])
      expect(human.stdout).to.include('held, not managed (addresses kept out of IPAM):\n  emu1: emu virtual machine')
    })

    it('refuses to destroy a held zone the system still has', async () => {
      const result = await host.zmgr(['zones', 'destroy', 'vm1', '--yes', '--json'])
      expect(result.exitCode).to.equal(2)
      expect(result.json<{error: {code: string; help: string}}>().error).to.deep.include({code: 'zmgr::zone::held'})
      expect(host.state().zones.some((z) => z.name === 'vm1')).to.equal(true)
    })

    it("rewrites a hold when the VM's address changes, freeing the old one", async () => {
      const change = await host.run('zonecfg', [
        '-z',
        'vm1',
        'select net physical=vm1_0; set allowed-address=10.9.0.15/24; end',
      ])
      expect(change.exitCode, change.stderr).to.equal(0)
      const drift = (await host.zmgr(['validate', '--system', '--json']))
        .json<{result: Diagnostics}>()
        .result.diagnostics.find((d) => d.code === 'zmgr::system::address-differs')!
      expect(drift.help).to.include('run `zmgr import vm1` to record its current addresses')
      const again = (await host.zmgr(['import', '--json'])).json<{result: ImportJson}>().result
      expect(again.held.map((z) => [z.zone, z.refreshed, z.nets[0].address])).to.deep.equal([
        ['vm1', true, '10.9.0.15/24'],
      ])
      expect(again.skipped.map((z) => z.reason)).to.include(`already held (${join(host.root, 'zones', 'kvm1.kdl')})`)
      const ledger = await Ledger.load(new Registry(host.root))
      expect(ledger.holder('10.9.0.12')).to.equal(undefined)
      expect(ledger.holder('10.9.0.15')).to.deep.equal({zone: 'vm1', net: 'net0'})
    })

    it('never hands out a held address: new zones get what is left, then the pool is exhausted', async () => {
      const first = await host.zmgr(['zones', 'create', 'new1', '--no-boot', '--json'])
      expect(first.exitCode, first.stderr).to.equal(0)
      const zoneFile = await readFile(join(host.root, 'zones', 'new1.kdl'), 'utf8')
      expect(zoneFile).to.include(
        'address="10.9.0.12/24" gateway="10.9.0.1" pool6="lab6" address6="fd00:9::14/64" gateway6="fd00:9::1"',
      )
      const second = await host.zmgr(['zones', 'create', 'new2', '--no-boot', '--json'])
      expect(second.exitCode).to.equal(1)
      expect(second.json<{error: {code: string}}>().error.code).to.equal('zmgr::pool::exhausted')
      const zones = await new Registry(host.root).zones()
      const seen = new Map<string, string>()
      for (const zone of zones) {
        for (const net of zone.nets) {
          for (const address of [net.address, net.address6]) {
            if (address === undefined) continue
            expect(seen.get(key(address)), `${address} of ${zone.name}`).to.equal(undefined)
            seen.set(key(address), zone.name)
          }
        }
      }
      expect(seen.size).to.equal(FOREIGN.length + 2 + 2) // ds1's two, new1's two
    })
  })
})
