import {expect} from 'chai'
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {
  type Allocation,
  allocateAndRecord,
  type AddressRequest,
  recordClaimed,
  type ZmgrError,
  type ZoneRecord,
} from 'zmgr'
import {PUBLIC, tempRegistry, zoneText} from './helpers.js'

const V6 =
  'pool "public6" {\n    network "2001:db8:1::/64"\n    gateway "2001:db8:1::1"\n    range "2001:db8:1::100" "2001:db8:1::1ff"\n    vlan 12\n}\n'

function record(name: string) {
  return (allocations: Allocation[]): ZoneRecord => ({
    name,
    brand: 'ipkg',
    zonepath: `/zones/${name}`,
    autoboot: false,
    ipType: 'exclusive',
    nets: allocations.map((a) => ({name: a.net, pool: a.pool, address: a.cidr, gateway: a.gateway})),
  })
}

async function failure(promise: Promise<unknown>): Promise<ZmgrError> {
  try {
    await promise
  } catch (error) {
    return error as ZmgrError
  }
  throw new Error('expected a failure')
}

describe('ipam: allocation', () => {
  let env: Awaited<ReturnType<typeof tempRegistry>>
  afterEach(() => env.cleanup())
  const allocateFor = (zone: string, requests: AddressRequest[], options?: {dryRun?: boolean}) =>
    allocateAndRecord(env.registry, requests, record(zone), options)

  it('takes the lowest free address, skipping held and reserved ones, and records it in the zone file', async () => {
    env = await tempRegistry({
      'pools/public.kdl': PUBLIC,
      'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'}),
    })
    const first = await allocateFor('web02', [{net: 'public', pool: 'public'}])
    expect(first).to.deep.equal({
      allocations: [
        {
          net: 'public',
          pool: 'public',
          address: '192.0.2.101',
          cidr: '192.0.2.101/24',
          gateway: '192.0.2.1',
          family: 4,
        },
      ],
      file: join(env.root, 'zones/web02.kdl'),
    })
    expect(await readFile(first.file, 'utf8')).to.include(
      'net "public" pool="public" address="192.0.2.101/24" gateway="192.0.2.1"',
    )
    const second = await allocateFor('web03', [{net: 'public', pool: 'public'}])
    expect(second.allocations[0].address).to.equal('192.0.2.103')
  })

  it('gives a dual-stack zone one address per family and two nets of one pool different addresses', async () => {
    env = await tempRegistry({'pools/public.kdl': PUBLIC, 'pools/public6.kdl': V6})
    const {allocations} = await allocateFor('web01', [
      {net: 'v4', pool: 'public'},
      {net: 'v6', pool: 'public6'},
      {net: 'extra', pool: 'public'},
    ])
    expect(allocations.map((a) => `${a.net} ${a.cidr} ${a.vlan ?? '-'} ${a.family}`)).to.deep.equal([
      'v4 192.0.2.100/24 - 4',
      'v6 2001:db8:1::100/64 12 6',
      'extra 192.0.2.101/24 - 4',
    ])
  })

  it('honours an explicit address, even a reserved one, before handing out the rest', async () => {
    env = await tempRegistry({'pools/public.kdl': PUBLIC})
    const {allocations} = await allocateFor('web01', [
      {net: 'a', pool: 'public'},
      {net: 'b', pool: 'public', address: '192.0.2.100'},
      {net: 'c', pool: 'public', address: '192.0.2.102/24'},
    ])
    expect(allocations.map((a) => a.address)).to.deep.equal(['192.0.2.101', '192.0.2.100', '192.0.2.102'])
  })

  it('refuses explicit addresses that are taken, outside the pool, unusable or of the wrong family', async () => {
    env = await tempRegistry({
      'pools/public.kdl': PUBLIC,
      'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'}),
    })
    const tryAddress = (address: string) => failure(allocateFor('web02', [{net: 'public', pool: 'public', address}]))
    const taken = await tryAddress('192.0.2.100')
    expect([taken.code, taken.exit, taken.message, taken.help]).to.deep.equal([
      'zmgr::ipam::address-taken',
      1,
      '192.0.2.100 is held by zone "web01" (net public)',
      'choose another address, or leave it out to take the next free one (192.0.2.101)',
    ])
    const outside = await tryAddress('192.0.2.200')
    expect([outside.code, outside.exit, outside.help]).to.deep.equal([
      'zmgr::ipam::address-outside-pool',
      2,
      'the pool hands out 192.0.2.100-192.0.2.109',
    ])
    expect((await tryAddress('192.0.2.1')).code).to.equal('zmgr::ipam::address-outside-pool')
    expect((await tryAddress('2001:db8::5')).message).to.equal(
      '2001:db8::5 is IPv6 but net public takes its address from pool "public" (192.0.2.0/24), which is IPv4',
    )
    expect((await tryAddress('192.0.2.105/25')).code).to.equal('zmgr::ipam::prefix-mismatch')
    expect((await tryAddress('web')).code).to.equal('zmgr::ipam::bad-address')
    expect(await readdir(join(env.root, 'zones'))).to.deep.equal(['web01.kdl'])
  })

  it('says how full an exhausted pool is, where to widen it, and writes nothing', async () => {
    env = await tempRegistry({
      'pools/tiny.kdl': 'pool "tiny" {\n    network "192.0.2.0/24"\n    range "192.0.2.10" "192.0.2.11"\n}\n',
      'zones/a.kdl': zoneText('a', {n: '192.0.2.10/24', m: '192.0.2.11/24'}),
    })
    const error = await failure(allocateFor('b', [{net: 'n', pool: 'tiny'}]))
    expect([error.code, error.exit, error.message]).to.deep.equal([
      'zmgr::pool::exhausted',
      1,
      'pool "tiny" has no free address (2 of 2 in use, 100%)',
    ])
    expect(error.help).to.equal(
      `widen it (\`zmgr pools edit tiny --add-range FIRST-LAST\`, or edit ${join(env.root, 'pools/tiny.kdl')}), or release an address by destroying a zone that holds one`,
    )
    expect(error.location).to.include({line: 3, lineText: '    range "192.0.2.10" "192.0.2.11"'})
    expect(await readdir(join(env.root, 'zones'))).to.deep.equal(['a.kdl'])
  })

  it('counts what the other nets of the zone took when a pool runs out midway', async () => {
    env = await tempRegistry({
      'pools/tiny.kdl': 'pool "tiny" {\n    network "192.0.2.0/24"\n    range "192.0.2.10" "192.0.2.11"\n}\n',
    })
    const error = await failure(
      allocateFor('b', [
        {net: 'a', pool: 'tiny'},
        {net: 'b', pool: 'tiny'},
        {net: 'c', pool: 'tiny'},
      ]),
    )
    expect(error.message).to.equal(
      'pool "tiny" has no free address (0 of 2 in use, 0%, and this zone\'s other nets take 2 more)',
    )
  })

  it('computes the same allocation on a dry run and writes nothing, not even a lock', async () => {
    env = await tempRegistry({'pools/public.kdl': PUBLIC})
    const dry = await allocateFor('web01', [{net: 'public', pool: 'public'}], {dryRun: true})
    expect(await readdir(join(env.root, 'zones'))).to.deep.equal([])
    expect(await readdir(env.root)).to.not.include('.locks')
    const real = await allocateFor('web01', [{net: 'public', pool: 'public'}])
    expect(real).to.deep.equal(dry)
  })

  it('refuses a zone that is already registered, an unknown pool and a pool with errors', async () => {
    env = await tempRegistry({
      'pools/public.kdl': PUBLIC,
      'pools/bad.kdl': 'pool "bad" {\n    network "192.0.2.0/24"\n    range "192.0.2.10" "192.0.3.11"\n}\n',
      'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'}),
    })
    const exists = await failure(allocateFor('web01', [{net: 'public', pool: 'public'}]))
    expect([exists.code, exists.exit]).to.deep.equal(['zmgr::zone::exists', 1])
    expect(await readFile(join(env.root, 'zones/web01.kdl'), 'utf8')).to.equal(
      zoneText('web01', {public: '192.0.2.100/24'}),
    )
    expect((await failure(allocateFor('web01', [{net: 'public', pool: 'public'}], {dryRun: true}))).code).to.equal(
      'zmgr::zone::exists',
    )
    const unknown = await failure(allocateFor('web02', [{net: 'public', pool: 'nope'}]))
    expect([unknown.code, unknown.exit, unknown.help]).to.deep.equal([
      'zmgr::pool::unknown',
      2,
      'known pools: bad, public',
    ])
    const bad = await failure(allocateFor('web02', [{net: 'public', pool: 'bad'}]))
    expect([bad.code, bad.exit, bad.location?.line]).to.deep.equal(['zmgr::pool::range-outside', 2, 3])
  })

  it('refuses to allocate while a zone file cannot be read', async () => {
    env = await tempRegistry({'pools/public.kdl': PUBLIC, 'zones/broken.kdl': 'zone "broken" {'})
    expect((await failure(allocateFor('web01', [{net: 'public', pool: 'public'}]))).code).to.equal(
      'zmgr::ipam::ledger-unreadable',
    )
  })

  describe('recordClaimed (import)', () => {
    const imported = (name: string, address: string): ZoneRecord => ({
      name,
      brand: 'ipkg',
      zonepath: `/zones/${name}`,
      autoboot: false,
      ipType: 'exclusive',
      nets: [{name: 'public', address}],
    })

    it('records given addresses, refusing one another zone holds', async () => {
      env = await tempRegistry({'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'})})
      expect(await recordClaimed(env.registry, imported('web02', '192.0.2.101/24'))).to.deep.equal({
        file: join(env.root, 'zones/web02.kdl'),
      })
      const taken = await failure(recordClaimed(env.registry, imported('web03', '192.0.2.100/24')))
      expect([taken.code, taken.message]).to.deep.equal([
        'zmgr::ipam::address-taken',
        '192.0.2.100 (net public of web03) is held by zone "web01" (net public)',
      ])
      expect((await failure(recordClaimed(env.registry, imported('web02', '192.0.2.102/24')))).code).to.equal(
        'zmgr::zone::exists',
      )
    })

    it('replaces a zone file keeping its own addresses, and writes nothing on a dry run', async () => {
      env = await tempRegistry({'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'})})
      await recordClaimed(env.registry, imported('web02', '192.0.2.101/24'), {dryRun: true})
      expect(await readdir(join(env.root, 'zones'))).to.deep.equal(['web01.kdl'])
      await recordClaimed(env.registry, {...imported('web01', '192.0.2.100/24'), brand: 'lipkg'}, {replace: true})
      expect(await readFile(join(env.root, 'zones/web01.kdl'), 'utf8')).to.include('brand "lipkg"')
    })
  })
})
