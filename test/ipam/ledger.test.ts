import {expect} from 'chai'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {formatIp, Ledger, nextFree, type ZmgrError} from 'zmgr'
import {ledgerCacheFile} from '../../dist/ipam/ledger-files.js'
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
    expect(
      ledger.problems.map((p) => `${p.code} ${p.location?.file.split('/').pop()}:${p.location?.line}`),
    ).to.deep.equal(['zmgr::zone::parse broken.kdl:2'])
    let error: ZmgrError | undefined
    try {
      ledger.requireComplete()
    } catch (thrown) {
      error = thrown as ZmgrError
    }
    expect(error?.code).to.equal('zmgr::ipam::ledger-unreadable')
    expect(error?.exit).to.equal(2)
    expect(error?.message).to.match(
      /^\/.*\/zones\/broken\.kdl cannot be read as a zone, so the addresses it holds are unknown: /,
    )
    expect(`${error?.location?.file.split('/').pop()}:${error?.location?.line}`).to.equal('broken.kdl:2')
  })

  it('fails closed: an emptied, commented-out or unreadable zone file frees nothing and stops allocation', async () => {
    env = await tempRegistry({
      'zones/web01.kdl': zoneText('web01', {public: '192.0.2.100/24'}),
      'zones/web02.kdl': zoneText('web02', {public: '192.0.2.101/24'}),
      'zones/web03.kdl': zoneText('web03', {public: '192.0.2.103/24'}),
    })
    await Ledger.load(env.registry) // the cache now knows what each file holds
    await writeFile(join(env.root, 'zones/web01.kdl'), '')
    await writeFile(join(env.root, 'zones/web02.kdl'), `/-${zoneText('web02', {public: '192.0.2.101/24'})}`)
    await rm(join(env.root, 'zones/web03.kdl'))
    await mkdir(join(env.root, 'zones/web03.kdl'))
    const ledger = await Ledger.load(env.registry)
    expect(
      ledger.problems.map((p) => `${p.code} ${p.location?.file.split('/').pop()}:${p.location?.line}`),
    ).to.deep.equal([
      'zmgr::schema::missing-node web01.kdl:1',
      'zmgr::schema::missing-node web02.kdl:1',
      'zmgr::fs::is-a-directory web03.kdl:1', // the registry reader's stable code (issue 12, item 3)
    ])
    // What the cache last knew still counts as held...
    expect(ledger.holder('192.0.2.100')?.zone).to.equal('web01')
    expect(ledger.holder('192.0.2.101')?.zone).to.equal('web02')
    expect(ledger.holder('192.0.2.103')?.zone).to.equal('web03')
    // ...and allocation refuses, naming the files.
    const error = (() => {
      try {
        ledger.requireComplete()
      } catch (thrown) {
        return thrown as ZmgrError
      }
    })()
    expect(error?.code).to.equal('zmgr::ipam::ledger-unreadable')
    expect(error?.message).to.include('3 zone files cannot be read as zones')
    expect(
      [error?.location?.file, ...(error?.related ?? []).map((d) => d.location?.file)].map((f) => f?.split('/').pop()),
    ).to.deep.equal(['web01.kdl', 'web02.kdl', 'web03.kdl'])
    // A mangled address line is a problem too, not a freed address.
    await writeFile(
      join(env.root, 'zones/web04.kdl'),
      'zone "web04" {\n    brand "ipkg"\n    net "public" adress="192.0.2.104/24"\n    nte "backend" address="10.0.0.4/24"\n}\n',
    )
    await writeFile(
      join(env.root, 'zones/web05.kdl'),
      'zone "web05" {\n    brand "ipkg"\n    net "public" address="192.0.2.1o5/24"\n}\n',
    )
    expect(
      (await Ledger.load(env.registry)).problems
        .slice(3)
        .map((p) => `${p.code} ${p.location?.file.split('/').pop()}:${p.location?.line}`),
    ).to.deep.equal(['zmgr::ipam::address-in-doubt web04.kdl:3', 'zmgr::ipam::address-in-doubt web05.kdl:3'])
    // Still known on the next load: the last good reading is kept until the file is fixed.
    expect((await Ledger.load(env.registry)).holder('192.0.2.100')?.zone).to.equal('web01')
    await writeFile(join(env.root, 'zones/web01.kdl'), zoneText('web01', {public: '192.0.2.105/24'}))
    const fixed = await Ledger.load(env.registry)
    expect(fixed.holder('192.0.2.100')).to.equal(undefined)
    expect(fixed.holder('192.0.2.105')?.zone).to.equal('web01')
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
