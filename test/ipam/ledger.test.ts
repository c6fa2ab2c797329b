import {expect} from 'chai'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {formatIp, Ledger, ledgerCacheFile, nextFree, type ZmgrError} from 'zmgr'
import {pool, PUBLIC, tempRegistry, zoneText} from './helpers.js'

describe('ipam: the zone-file ledger', () => {
  let env: Awaited<ReturnType<typeof tempRegistry>>
  afterEach(() => env.cleanup())

  it('holds every address a zone file names, even in a file with schema mistakes or without a prefix length', async () => {
    env = await tempRegistry({
      'pools/public.kdl': PUBLIC,
      'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'}, {public: 'public'}),
      'zones/odd.kdl': 'zone "odd" {\n    colour "blue"\n    net "public" address="192.0.2.101"\n}\n',
    })
    const ledger = await Ledger.load(env.registry)
    expect(ledger.problems).to.deep.equal([])
    expect(ledger.holder('192.0.2.100')).to.deep.equal({zone: 'web01', net: 'public'})
    expect(ledger.holder('192.0.2.101/24')).to.deep.equal({zone: 'odd', net: 'public'})
    expect(ledger.holder('192.0.2.103')).to.equal(undefined)
    expect(formatIp(nextFree(pool(PUBLIC), ledger)!)).to.equal('192.0.2.103')
    expect(ledger.referencing('public')).to.deep.equal([{zone: 'web01', net: 'public'}])
  })

  it('lists allocations in address order, both holders of a doubly held address, and counts usage without reserved ones', async () => {
    env = await tempRegistry({
      'zones/b.kdl': zoneText('b', {public: '192.0.2.104/24'}),
      'zones/a.kdl': zoneText('a', {public: '192.0.2.102/24', backend: '10.0.0.5/24'}),
      'zones/c.kdl': zoneText('c', {public: '192.0.2.104/24'}),
      'zones/d.kdl': zoneText('d', {public: '192.0.2.7/24'}),
    })
    const ledger = await Ledger.load(env.registry)
    const p = pool(PUBLIC)
    expect(ledger.allocationsIn(p)).to.deep.equal([
      {address: '192.0.2.102', zone: 'a', net: 'public'},
      {address: '192.0.2.104', zone: 'b', net: 'public'},
      {address: '192.0.2.104', zone: 'c', net: 'public'},
    ])
    expect(ledger.usage(p)).to.deep.equal({used: 1, size: 9, sizeExact: 9n, percent: 11.11})
  })

  it('reports a zone file that is not KDL and refuses to allocate while it cannot be read', async () => {
    env = await tempRegistry({'zones/broken.kdl': 'zone "broken" {\n    net "public" address=#yes\n}\n'})
    const ledger = await Ledger.load(env.registry)
    expect(ledger.problems.map((p) => `${p.code} ${p.location?.file.split('/').pop()}:${p.location?.line}`)).to.deep.equal(['zmgr::zone::parse broken.kdl:2'])
    let error: ZmgrError | undefined
    try {
      ledger.requireComplete()
    } catch (thrown) {
      error = thrown as ZmgrError
    }
    expect(error?.code).to.equal('zmgr::ipam::ledger-unreadable')
    expect(error?.exit).to.equal(2)
    expect(error?.related).to.have.length(1)
  })

  it('keeps a cache that follows every change to the zone files', async () => {
    env = await tempRegistry({'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'})})
    expect((await Ledger.load(env.registry)).holder('192.0.2.100')).to.deep.equal({zone: 'web01', net: 'public'})
    const cache = JSON.parse(await readFile(ledgerCacheFile(env.registry), 'utf8'))
    expect(Object.keys(cache.files)).to.deep.equal(['web01.kdl'])

    await writeFile(join(env.root, 'zones/web01.kdl'), zoneText('web01', {public: '192.0.2.105/24'}))
    await writeFile(join(env.root, 'zones/web02.kdl'), zoneText('web02', {public: '192.0.2.106/24'}))
    let ledger = await Ledger.load(env.registry)
    expect(ledger.holder('192.0.2.100')).to.equal(undefined)
    expect(ledger.holder('192.0.2.105')?.zone).to.equal('web01')
    expect(ledger.holder('192.0.2.106')?.zone).to.equal('web02')

    await rm(join(env.root, 'zones/web01.kdl'))
    await writeFile(ledgerCacheFile(env.registry), '{not json')
    ledger = await Ledger.load(env.registry)
    expect(ledger.holder('192.0.2.105')).to.equal(undefined)
    expect(ledger.holder('192.0.2.106')?.zone).to.equal('web02')
  })
})
