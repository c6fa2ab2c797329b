import {expect} from 'chai'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'
import {zoneText} from './helpers.js'

const PUBLIC = `// Addresses for the web tier.
pool "public" {
    network "192.0.2.0/24" // the DMZ
    gateway "192.0.2.1"
    range "192.0.2.100" "192.0.2.109" // first block
    reserve "192.0.2.102"
}
`
const BUSY = 'pool "busy" {\n    network "198.51.100.0/24"\n    range "198.51.100.10" "198.51.100.29"\n}\n'
const LAB = 'pool "lab" {\n    network "203.0.113.0/24"\n    addresses "203.0.113.7" "203.0.113.9"\n}\n'
const V6 = 'pool "public6" {\n    network "2001:db8:1::/64"\n    range "2001:db8:1::100" "2001:db8:1::1ff"\n}\n'

describe('ipam: pools commands', function () {
  this.timeout(60_000)
  let host: TestHost
  const file = (path: string) => readFile(join(host.root, path), 'utf8')

  beforeEach(async () => {
    host = await createTestHost()
    for (const folder of ['pools', 'zones', 'templates']) await mkdir(join(host.root, folder), {recursive: true})
    const files: Record<string, string> = {
      'pools/public.kdl': PUBLIC,
      'pools/busy.kdl': BUSY,
      'pools/lab.kdl': LAB,
      'pools/public6.kdl': V6,
    }
    files['zones/web01.kdl'] = zoneText(
      'web01',
      {public: '192.0.2.100/24', v6: '2001:db8:1::100/64'},
      {public: 'public'},
    )
    files['zones/web02.kdl'] = zoneText('web02', {public: '192.0.2.101/24'})
    files['zones/lab.kdl'] = zoneText('lab', {a: '203.0.113.7/24', b: '203.0.113.9/24'})
    for (let i = 0; i < 19; i++) files[`zones/b${i}.kdl`] = zoneText(`b${i}`, {n: `198.51.100.${10 + i}/24`})
    files['templates/web.kdl'] = 'template "web" {\n    brand "ipkg"\n    net "public" pool="public" over="igb0"\n}\n'
    for (const [path, text] of Object.entries(files)) await writeFile(join(host.root, path), text)
  })
  afterEach(() => host.cleanup())

  describe('list', () => {
    it('shows every pool with its usage and marks full and nearly full ones', async () => {
      const result = await host.zmgr(['pools', 'list'])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout).to.equal(
        [
          'NAME     FAMILY  NETWORK          MODE   USED  SIZE  PERCENT  NOTE',
          'busy     IPv4    198.51.100.0/24  range    19    20    95.0%  over 90% used',
          'lab      IPv4    203.0.113.0/24   list      2     2   100.0%  full',
          'public   IPv4    192.0.2.0/24     range     2     9    22.2%  -',
          'public6  IPv6    2001:db8:1::/64  range     1   256     0.4%  -',
          '',
        ].join('\n'),
      )
    })

    it('prints JSON with exact sizes as strings', async () => {
      const pools = (await host.zmgr(['pools', 'list', '--json'])).result<Array<{name: string; usage: object}>>()
      expect(pools.map((p) => p.name)).to.deep.equal(['busy', 'lab', 'public', 'public6'])
      expect(pools[0].usage).to.deep.equal({used: '19', size: '20', free: '1', percent: 95, nearlyFull: true})
    })
  })

  describe('show and allocations', () => {
    it('shows settings, usage and the next free address', async () => {
      const result = await host.zmgr(['pools', 'show', 'public'])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout)
        .to.include('network:   192.0.2.0/24\n')
        .and.include('ranges:\n  192.0.2.100 - 192.0.2.109\n')
        .and.include('used:      2 of 9 (22.2%)\n')
        .and.include('next free: 192.0.2.103\n')
      const json = (await host.zmgr(['pools', 'show', 'lab', '--json'])).result<{
        next: null
        usage: {free: string}
        mode: string
      }>()
      expect([json.next, json.usage.free, json.mode]).to.deep.equal([null, '0', 'list'])
    })

    it('lists who holds which address', async () => {
      const result = await host.zmgr(['pools', 'allocations', 'public'])
      expect(result.stdout).to.equal(
        'ADDRESS      ZONE   NET\n192.0.2.100  web01  public\n192.0.2.101  web02  public\n',
      )
      expect((await host.zmgr(['pools', 'allocations', 'public6', '--json'])).result()).to.deep.equal([
        {address: '2001:db8:1::100', zone: 'web01', net: 'v6', pool: 'public6', held: null},
      ])
    })

    it('points at a broken pool and promises no address from it', async () => {
      await writeFile(
        join(host.root, 'pools/bad.kdl'),
        'pool "bad" {\n    network "10.0.0.0/24"\n    range "10.0.0.5" "10.0.1.5"\n}\n',
      )
      expect((await host.zmgr(['pools', 'list'])).stdout).to.include('broken: see zmgr pools show bad')
      const show = await host.zmgr(['pools', 'show', 'bad'])
      expect(show.exitCode).to.equal(0)
      expect(show.stdout).to.include('next free: none until the problems below are fixed')
      expect(show.stderr).to.include('error[zmgr::pool::range-outside]').and.include('bad.kdl:3:22')
    })

    it('says which pools exist when the name is unknown', async () => {
      const result = await host.zmgr(['pools', 'show', 'nope'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr)
        .to.include('error[zmgr::pool::unknown]: no pool named "nope"')
        .and.include('help: known pools: busy, lab, public, public6')
    })
  })

  describe('create', () => {
    it('writes the pool file, and only prints it on a dry run', async () => {
      const args = [
        'pools',
        'create',
        'back',
        '--network',
        '10.1.0.0/24',
        '--gateway',
        '10.1.0.1',
        '--range',
        '10.1.0.50-10.1.0.99',
        '--reserve',
        '10.1.0.60',
        '--vlan',
        '20',
        '--dns-domain',
        'example.org',
        '--resolver',
        '10.1.0.53',
      ]
      const dry = await host.zmgr([...args, '--dry-run'])
      expect(dry.exitCode).to.equal(0)
      expect(dry.stdout)
        .to.include(`dry run: would create ${join(host.root, 'pools/back.kdl')}`)
        .and.include('  | pool "back" {')
      expect(await readdir(join(host.root, 'pools'))).to.not.include('back.kdl')
      const created = await host.zmgr(args)
      expect(created.exitCode).to.equal(0)
      expect(await file('pools/back.kdl')).to.equal(
        'pool "back" {\n    network "10.1.0.0/24"\n    gateway "10.1.0.1"\n    range "10.1.0.50" "10.1.0.99"\n    reserve "10.1.0.60"\n    vlan 20\n    dns {\n        domain "example.org"\n        resolvers "10.1.0.53"\n    }\n}\n',
      )
      const again = await host.zmgr(args)
      expect([again.exitCode, again.stderr]).to.satisfy(
        ([code, stderr]: [number, string]) => code === 1 && stderr.includes('zmgr::pool::exists'),
      )
    })

    it('covers the whole network when no range is given', async () => {
      await host.zmgr(['pools', 'create', 'v6b', '--network', '2001:db8:2::/64'])
      expect(await file('pools/v6b.kdl')).to.include('range "2001:db8:2::1" "2001:db8:2:0:ffff:ffff:ffff:ffff"')
      const {usage} = (await host.zmgr(['pools', 'show', 'v6b', '--json'])).result<{usage: {size: string}}>()
      expect(usage.size).to.equal('18446744073709551615')
    })

    it('refuses a gateway outside the network, a family mix and addresses another pool hands out', async () => {
      const gateway = await host.zmgr(['pools', 'create', 'x', '--network', '10.1.0.0/24', '--gateway', '10.2.0.1'])
      expect(gateway.exitCode).to.equal(2)
      expect(gateway.stderr).to.include(
        "error[zmgr::pool::gateway-outside]: gateway 10.2.0.1 is outside the pool's network 10.1.0.0/24",
      )
      const mixed = await host.zmgr([
        'pools',
        'create',
        'x',
        '--network',
        '10.1.0.0/24',
        '--range',
        '2001:db8::1-2001:db8::9',
        '--json',
      ])
      expect(mixed.exitCode).to.equal(2)
      expect(mixed.json<{error: {code: string}}>().error.code).to.equal('zmgr::pool::family-mismatch')
      const overlap = await host.zmgr([
        'pools',
        'create',
        'x',
        '--network',
        '192.0.2.0/24',
        '--range',
        '192.0.2.105-192.0.2.120',
      ])
      expect(overlap.exitCode).to.equal(2)
      expect(overlap.stderr).to.include(
        'error[zmgr::pool::pools-overlap]: pools "public" and "x" both hand out 192.0.2.105',
      )
      const network = await host.zmgr(['pools', 'create', 'x', '--network', '10.1.0.5/24'])
      expect([network.exitCode, network.stderr.includes('zmgr::pool::bad-network')]).to.deep.equal([2, true])
      expect(await readdir(join(host.root, 'pools'))).to.not.include('x.kdl')
    })
  })

  describe('edit', () => {
    it('changes the file in place and keeps its comments', async () => {
      const result = await host.zmgr([
        'pools',
        'edit',
        'public',
        '--add-range',
        '192.0.2.200-192.0.2.209',
        '--reserve',
        '192.0.2.105',
        '--vlan',
        '12',
      ])
      expect(result.exitCode).to.equal(0)
      expect(await file('pools/public.kdl')).to.equal(`// Addresses for the web tier.
pool "public" {
    network "192.0.2.0/24" // the DMZ
    gateway "192.0.2.1"
    range "192.0.2.100" "192.0.2.109" // first block
    reserve "192.0.2.102" "192.0.2.105"
    range "192.0.2.200" "192.0.2.209"
    vlan 12
}
`)
      const show = (await host.zmgr(['pools', 'show', 'public', '--json'])).result<{usage: {size: string}}>()
      expect(show.usage.size).to.equal('18')
    })

    it('refuses to strand held addresses outside the pool unless forced, and changes nothing on a dry run', async () => {
      const refused = await host.zmgr([
        'pools',
        'edit',
        'public',
        '--remove-range',
        '192.0.2.100-192.0.2.109',
        '--add-range',
        '192.0.2.150-192.0.2.159',
      ])
      expect(refused.exitCode).to.equal(1)
      expect(refused.stderr).to.include(
        'error[zmgr::pool::strands-addresses]: the change leaves 2 held addresses outside pool "public": 192.0.2.100 (web01), 192.0.2.101 (web02)',
      )
      expect(await file('pools/public.kdl')).to.equal(PUBLIC)
      const dry = await host.zmgr(['pools', 'edit', 'public', '--unset', 'gateway', '--dry-run'])
      expect(dry.stdout).to.include('dry run: would write').and.not.include('gateway')
      expect(await file('pools/public.kdl')).to.equal(PUBLIC)
      const forced = await host.zmgr([
        'pools',
        'edit',
        'public',
        '--remove-range',
        '192.0.2.100-192.0.2.109',
        '--add-range',
        '192.0.2.150-192.0.2.159',
        '--force',
      ])
      expect(forced.exitCode).to.equal(0)
      expect(await file('pools/public.kdl'))
        .to.include('range "192.0.2.150" "192.0.2.159"')
        .and.not.include('192.0.2.109')
    })

    it('refuses an edit that changes nothing', async () => {
      const result = await host.zmgr(['pools', 'edit', 'public'])
      expect([result.exitCode, result.stderr.includes('zmgr::usage::nothing-to-change')]).to.deep.equal([2, true])
    })

    it('refuses an edit that breaks the pool', async () => {
      const result = await host.zmgr(['pools', 'edit', 'public', '--network', '10.9.0.0/24', '--force'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('zmgr::pool::gateway-outside').and.include('3 problems')
      expect(await file('pools/public.kdl')).to.equal(PUBLIC)
    })
  })

  describe('delete', () => {
    it('refuses while zones or templates use the pool, unless forced', async () => {
      const refused = await host.zmgr(['pools', 'delete', 'public'])
      expect(refused.exitCode).to.equal(2)
      expect(refused.stderr).to.include(
        'error[zmgr::pool::in-use]: pool "public" is still used by zone web01 (192.0.2.100), zone web02 (192.0.2.101), template web',
      )
      const dry = await host.zmgr(['pools', 'delete', 'public', '--force', '--dry-run'])
      expect(dry.exitCode).to.equal(0)
      expect(await readdir(join(host.root, 'pools'))).to.include('public.kdl')
      const forced = await host.zmgr(['pools', 'delete', 'public', '--force', '--json'])
      expect(forced.result()).to.deep.equal({
        file: join(host.root, 'pools/public.kdl'),
        action: 'remove',
        dryRun: false,
      })
      expect(await readdir(join(host.root, 'pools'))).to.not.include('public.kdl')
    })

    it('deletes a pool nothing uses', async () => {
      await writeFile(
        join(host.root, 'pools/spare.kdl'),
        'pool "spare" {\n    network "10.7.0.0/24"\n    range "10.7.0.10" "10.7.0.20"\n}\n',
      )
      const result = await host.zmgr(['pools', 'delete', 'spare'])
      expect([result.exitCode, result.stdout]).to.deep.equal([0, `removed ${join(host.root, 'pools/spare.kdl')}\n`])
    })
  })
})
