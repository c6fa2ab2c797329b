import {expect} from 'chai'
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {Ledger, Registry} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

const POOLS: Record<string, string> = {
  v4: 'pool "v4" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    range "192.0.2.100" "192.0.2.199"\n}\n',
  v6: 'pool "v6" {\n    network "2001:db8:1::/64"\n    gateway "2001:db8:1::1"\n    range "2001:db8:1::100" "2001:db8:1::1ff"\n}\n',
  back: 'pool "back" {\n    network "10.1.0.0/16"\n    gateway "10.1.0.1"\n    range "10.1.0.10" "10.1.0.200"\n}\n',
  tagged:
    'pool "tagged" {\n    network "198.51.100.0/24"\n    gateway "198.51.100.1"\n    range "198.51.100.10" "198.51.100.20"\n    vlan 12\n}\n',
}

const TEMPLATES: Record<string, string> = {
  // Dual stack on the first net; the second net's pool has a gateway too, but only the first carries the default routes.
  dual: 'template "dual" {\n    brand "lipkg"\n    net "public" pool="v4" pool6="v6" over="igb0"\n    net "back" pool="back" over="stub0"\n}\n',
  routed:
    'template "routed" {\n    brand "lipkg"\n    net "public" pool="v4" pool6="v6" over="igb0"\n    net "back" pool="back" over="stub0"\n    default-route "back"\n}\n',
  twice:
    'template "twice" {\n    brand "lipkg"\n    net "public" pool="v4" over="igb0"\n    net "back" pool="back" over="stub0"\n    default-route "public" "back"\n}\n',
  swapped: 'template "swapped" {\n    brand "lipkg"\n    net "public" pool="v6" pool6="v4" over="igb0"\n}\n',
  shared: 'template "shared" {\n    brand "lipkg"\n    ip-type "shared"\n    net "lan" pool="tagged" over="igb0"\n}\n',
}

interface Problem {
  code: string
  message: string
  help?: string
  location?: {file: string; line: number}
}

describe('zones create: dual stack, one default route, shared-IP VLANs', function () {
  this.timeout(300_000)
  let host: TestHost

  before(async () => {
    host = await createTestHost()
    for (const [folder, files] of [
      ['pools', POOLS],
      ['templates', TEMPLATES],
    ] as const) {
      await mkdir(join(host.root, folder), {recursive: true})
      for (const [name, text] of Object.entries(files)) await writeFile(join(host.root, folder, `${name}.kdl`), text)
    }
    await mkdir(join(host.root, 'zones'), {recursive: true})
    await writeFile(join(host.root, 'config.kdl'), 'default-template "dual"\n')
  })
  after(() => host?.cleanup())

  const simZone = (name: string) => host.state().zones.find((z) => z.name === name)
  const zoneFile = (name: string) => readFile(join(host.root, 'zones', `${name}.kdl`), 'utf8')

  it('gives a dual-stack net two net resources on one VNIC, and the default routes to the first net with a gateway only', async () => {
    const result = await host.zmgr(['zones', 'create', 'web01', '--no-boot'])
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(simZone('web01')!.nets).to.deep.equal([
      {'allowed-address': '192.0.2.100/24', physical: 'web01_0', defrouter: '192.0.2.1'},
      {'allowed-address': '2001:db8:1::100/64', physical: 'web01_0', defrouter: '2001:db8:1::1'},
      {'allowed-address': '10.1.0.10/16', physical: 'web01_1'},
    ])
    expect(
      host
        .state()
        .vnics.map((v) => v.name)
        .sort(),
    ).to.deep.equal(['web01_0', 'web01_1'])
    const text = await zoneFile('web01')
    expect(text).to.include(
      'net "public" vnic="web01_0" over="igb0" pool="v4" address="192.0.2.100/24" gateway="192.0.2.1" pool6="v6" address6="2001:db8:1::100/64" gateway6="2001:db8:1::1"',
    )
    expect(text).to.include('net "back" vnic="web01_1" over="stub0" pool="back" address="10.1.0.10/16"\n')
  })

  it('shows both addresses in zones show, zones list and the allocations of both pools', async () => {
    const show = await host.zmgr(['zones', 'show', 'web01'])
    expect(show.stdout).to.include(
      'public: 192.0.2.100/24, 2001:db8:1::100/64, vnic web01_0, over igb0, pool v4, pool6 v6, gateway 192.0.2.1, gateway6 2001:db8:1::1',
    )
    const list = await host.zmgr(['zones', 'list'])
    expect(list.stdout).to.match(
      /web01\s+installed\s+lipkg\s+dual\s+192\.0\.2\.100\/24,2001:db8:1::100\/64,10\.1\.0\.10\/16/,
    )
    const v6 = await host.zmgr(['pools', 'allocations', 'v6', '--json'])
    expect(
      v6
        .json<{result: Array<{address: string; zone: string; net: string}>}>()
        .result.map(({address, zone, net}) => [address, zone, net]),
    ).to.deep.equal([['2001:db8:1::100', 'web01', 'public']])
  })

  it('puts the default routes on the net default-route names', async () => {
    const result = await host.zmgr(['zones', 'create', 'web02', '--template', 'routed', '--no-boot'])
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(simZone('web02')!.nets).to.deep.equal([
      {'allowed-address': '192.0.2.101/24', physical: 'web02_0'},
      {'allowed-address': '2001:db8:1::101/64', physical: 'web02_0'},
      {'allowed-address': '10.1.0.11/16', physical: 'web02_1', defrouter: '10.1.0.1'},
    ])
  })

  it('takes an explicit address of either family on a dual-stack net, and refuses two of one family', async () => {
    const dry = await host.zmgr([
      'zones',
      'create',
      'web03',
      '-n',
      '--json',
      '--address',
      'public=2001:db8:1::150',
      '--address',
      'public=192.0.2.150',
    ])
    expect(dry.exitCode, dry.stderr).to.equal(0)
    expect(
      dry
        .json<{result: {details: {addresses: Array<{net: string; address: string; gateway: string | null}>}}}>()
        .result.details.addresses.map((a) => `${a.net} ${a.address} ${a.gateway}`),
    ).to.deep.equal(['public 192.0.2.150 192.0.2.1', 'public 2001:db8:1::150 2001:db8:1::1', 'back 10.1.0.12 null'])
    const twice = await host.zmgr([
      'zones',
      'create',
      'web03',
      '-n',
      '--json',
      '--address',
      'public=192.0.2.150',
      '--address',
      'public=192.0.2.151',
    ])
    expect(twice.exitCode).to.equal(2)
    expect(twice.json<{error: Problem}>().error).to.deep.include({
      code: 'zmgr::usage::address',
      message: '--address gives net "public" two IPv4 addresses',
    })
  })

  it('frees both addresses on destroy and on a rolled-back create', async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web04', action: 'fail'})
    const failed = await host.zmgr(['zones', 'create', 'web04', '--no-boot', '--rollback'])
    expect(failed.exitCode).to.equal(1)
    expect(await readdir(join(host.root, 'zones'))).to.not.include('web04.kdl')
    expect((await host.zmgr(['zones', 'destroy', 'web01', '--yes'])).exitCode).to.equal(0)
    const ledger = await Ledger.load(new Registry(host.root))
    for (const address of ['192.0.2.100', '2001:db8:1::100', '192.0.2.102', '2001:db8:1::102'])
      expect(ledger.holder(address), address).to.equal(undefined)
    expect(ledger.holder('2001:db8:1::101')).to.deep.equal({zone: 'web02', net: 'public'})
  })

  it('refuses two default routes of one family, swapped pool families and a shared-IP VLAN before anything runs', async () => {
    const before = host.state()
    for (const [template, code, message] of [
      [
        'twice',
        'zmgr::template::default-route',
        'default-route of template "twice" gives IPv4 default routes to two nets (public and back)',
      ],
      [
        'swapped',
        'zmgr::template::pool-family',
        'net "public" of template "swapped" is dual-stack, but its pool= "v6" is IPv6 (2001:db8:1::/64)',
      ],
      [
        'shared',
        'zmgr::template::shared-vlan',
        'net "lan" of the shared-IP template "shared" is on VLAN 12, which zmgr cannot give a shared-IP zone',
      ],
    ]) {
      const result = await host.zmgr(['zones', 'create', 'bad', '--template', template, '--json'])
      expect(result.exitCode, template).to.equal(2)
      const {error} = result.json<{error: Problem}>()
      expect(error).to.deep.include({code, message})
      expect(error.location?.file).to.equal(join(host.root, 'templates', `${template}.kdl`))
    }
    expect(host.state().zones).to.deep.equal(before.zones)
    expect(host.state().vnics).to.deep.equal(before.vnics)
    expect(await readdir(join(host.root, 'zones'))).to.not.include('bad.kdl')
  })

  it('validate reports the same template problems, and a zone file with two default routes of one family', async () => {
    await writeFile(
      join(host.root, 'zones', 'old.kdl'),
      'zone "old" {\n    brand "lipkg"\n    zonepath "/zones/old"\n    net "a" vnic="old0" pool="v4" address="192.0.2.180/24" gateway="192.0.2.1"\n    net "b" vnic="old1" pool="back" address="10.1.0.180/16" gateway="10.1.0.1"\n}\n',
    )
    const result = await host.zmgr(['validate', '--json'])
    expect(result.exitCode).to.equal(1)
    const problems = result
      .json<{result: {diagnostics: Problem[]}}>()
      .result.diagnostics.map((d) => [d.code, d.location?.file.replace(`${host.root}/`, ''), d.location?.line])
    expect(problems).to.deep.include.members([
      ['zmgr::template::default-route', 'templates/twice.kdl', 5],
      ['zmgr::template::pool-family', 'templates/swapped.kdl', 3],
      ['zmgr::template::pool-family', 'templates/swapped.kdl', 3],
      ['zmgr::template::shared-vlan', 'templates/shared.kdl', 4],
      ['zmgr::zone::default-routes', 'zones/old.kdl', 5],
    ])
    await rm(join(host.root, 'zones', 'old.kdl'))
  })

  it('templates create writes a dual-stack net from --net NAME=POOL,POOL6@LINK', async () => {
    const result = await host.zmgr(['templates', 'create', 'made', '--brand', 'lipkg', '--net', 'public=v4,v6@igb0'])
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(await readFile(join(host.root, 'templates', 'made.kdl'), 'utf8')).to.include(
      'net "public" pool="v4" pool6="v6" over="igb0"',
    )
    const show = await host.zmgr(['templates', 'show', 'made'])
    expect(show.stdout)
      .to.include('public: pool v4 pool6 v6 over igb0')
      .and.match(/default route: +first net with a gateway, per address family/)
    await rm(join(host.root, 'templates', 'made.kdl'))
  })

  it('reports a default-route that names no net of the template', async () => {
    await writeFile(
      join(host.root, 'templates', 'typo.kdl'),
      'template "typo" {\n    brand "lipkg"\n    net "public" pool="v4" over="igb0"\n    default-route "pubic"\n}\n',
    )
    const result = await host.zmgr(['zones', 'create', 'bad', '--template', 'typo', '--json'])
    expect(result.exitCode).to.equal(2)
    expect(result.json<{error: Problem}>().error).to.deep.include({
      code: 'zmgr::template::default-route',
      message: 'default-route names the net "pubic", which the template does not have',
    })
    await rm(join(host.root, 'templates', 'typo.kdl'))
  })
})
