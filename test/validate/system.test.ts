import {expect} from 'chai'
import {cp} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {createTestHost, type SeedSpec, type TestHost, type ZoneSeed} from 'zmgr/testing'
import {FIXTURES, type JsonDiagnostic, type ValidateJson} from './helpers.js'

/** The zones of the clean fixture tree, configured on the simulated host exactly as registered. */
const MATCHING: ZoneSeed[] = [
  {
    name: 'web01',
    brand: 'ipkg',
    autoboot: true,
    nets: [
      {physical: 'web01_0', 'allowed-address': '192.0.2.100/24', over: 'igb0'},
      {physical: 'web01_1', 'allowed-address': '2001:db8:1::100/64', over: 'stub0'},
    ],
  },
  {
    name: 'web02',
    brand: 'ipkg',
    autoboot: true,
    nets: [
      {physical: 'web02_0', 'allowed-address': '192.0.2.101/24', over: 'igb0'},
      {physical: 'web02_1', 'allowed-address': '2001:db8:1::101/64', over: 'stub0'},
    ],
  },
  {name: 'lab01', brand: 'nlipkg', nets: [{physical: 'lab01_0', 'allowed-address': '198.51.100.7/24', over: 'igb1'}]},
  {
    name: 'legacy',
    brand: 'ipkg',
    autoboot: true,
    ipType: 'shared',
    nets: [{physical: 'e1000g0', address: '203.0.113.5/24'}],
  },
]

const HOST: SeedSpec = {
  brands: ['ipkg', 'nlipkg', 'lipkg', 'bhyve'],
  links: [{name: 'igb0'}, {name: 'igb1'}, {name: 'e1000g0'}, {name: 'stub0', class: 'etherstub'}],
}

async function hostWith(zones: ZoneSeed[]): Promise<TestHost> {
  const host = await createTestHost({seed: {...HOST, zones}})
  await cp(join(FIXTURES, 'clean'), host.root, {recursive: true})
  return host
}

function where(host: TestHost, d: JsonDiagnostic): string {
  return d.location
    ? `${d.code} ${relative(host.root, d.location.file)}:${d.location.line}:${d.location.column}`
    : `${d.code} -`
}

describe('zmgr validate --system', () => {
  let host: TestHost | undefined
  afterEach(async () => {
    await host?.cleanup()
    host = undefined
  })

  it('passes when the host has every registered zone as registered (bhyve zones are not ours)', async () => {
    host = await hostWith([...MATCHING, {name: 'vm1', brand: 'bhyve'}])
    const result = await host.zmgr(['validate', '--system', '--json'])
    const report = result.json<{result: ValidateJson}>().result
    expect(report.diagnostics).to.deep.equal([])
    expect(report).to.include({ok: true, system: true})
    expect(result.exitCode).to.equal(0)
  })

  it('reports zones missing or unregistered, VNICs missing, addresses and brands that differ', async () => {
    const [web01, web02, lab01] = MATCHING
    host = await hostWith([
      web01,
      // web02: another address on its first net (and its second VNIC deleted below).
      {...web02, nets: [{...web02.nets![0], 'allowed-address': '192.0.2.199/24'}, web02.nets![1]]},
      {...lab01, brand: 'ipkg'},
      // legacy is missing; stray was made outside zmgr.
      {name: 'stray', brand: 'ipkg', state: 'installed'},
    ])
    expect((await host.run('dladm', ['delete-vnic', 'web02_1'])).exitCode).to.equal(0)
    const result = await host.zmgr(['validate', '--system', '--json'])
    const report = result.json<{result: ValidateJson}>().result
    expect(report.diagnostics.map((d) => where(host!, d))).to.deep.equal([
      'zmgr::system::brand-differs zones/lab01.kdl:2:11',
      'zmgr::system::zone-missing zones/legacy.kdl:2:6',
      'zmgr::system::address-differs zones/web02.kdl:7:59',
      'zmgr::system::vnic-missing zones/web02.kdl:8:19',
      'zmgr::system::zone-unregistered -',
    ])
    const byCode = new Map(report.diagnostics.map((d) => [d.code, d]))
    expect(byCode.get('zmgr::system::address-differs')!.message).to.equal(
      'zone "web02" has 192.0.2.199/24 on "web02_0" in its zonecfg, but the registry says 192.0.2.101/24',
    )
    expect(byCode.get('zmgr::system::brand-differs')!.message).to.equal(
      'zone "lab01" is registered with the brand "nlipkg" but the host has it as "ipkg"',
    )
    expect(byCode.get('zmgr::system::zone-unregistered')).to.include({
      severity: 'warning',
      message: 'zone "stray" (ipkg, installed) exists on this host but not in the registry',
    })
    expect(byCode.get('zmgr::system::zone-unregistered')!.help).to.include('zmgr import stray')
    expect(report).to.include({errors: 4, warnings: 1})
    expect(result.exitCode).to.equal(1)
  })

  it('does not ask the host without --system', async () => {
    host = await hostWith([])
    const report = (await host.zmgr(['validate', '--json'])).json<{result: ValidateJson}>().result
    expect(report.diagnostics).to.deep.equal([])
    expect(report.system).to.equal(false)
  })

  it('fails with the system diagnostic when a host command fails', async () => {
    host = await hostWith(MATCHING)
    await host.injectFault({
      command: 'dladm',
      subcommand: 'show-vnic',
      action: 'fail',
      message: 'dladm: insufficient privileges',
    })
    const result = await host.zmgr(['validate', '--system', '--json'])
    expect(result.exitCode).to.equal(1)
    expect(result.json<{error: {code: string; message: string}}>().error.code).to.equal('zmgr::system::command-failed')
  })
})
