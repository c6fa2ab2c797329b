import {expect} from 'chai'
import {mkdtemp, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  formatZoneRecord,
  readItem,
  Registry,
  templateKind,
  zoneKind,
  poolKind,
  publisherKind,
  type Diagnostic,
  type ZmgrError,
} from 'zmgr'

const codes = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.code}@${d.location?.line}:${d.location?.column}`)

describe('registry loaders', () => {
  it('reads a template with every setting', () => {
    const {value, diagnostics} = readItem(
      templateKind,
      '/r/templates/oi.kdl',
      `template "oi" {
    brand "ipkg"
    autoboot #true
    ip-type "exclusive"
    net "public" pool="public" over="igb0"
    net "backend" pool="backend" over="stub0" vlan=12
    publisher "openindiana.org"
    capped-memory physical="2G" swap="4G"
    cpu-shares 10
    attr "owner" "ops" type="string"
    fs "/data" special="/export/data" options="ro,nodevices"
    dataset "tank/web"
    packages "web/server/nginx"
    zonecfg "set hostid=12345678"
}
`,
    )
    expect(diagnostics).to.deep.equal([])
    expect(value).to.deep.include({
      name: 'oi',
      brand: 'ipkg',
      autoboot: true,
      ipType: 'exclusive',
      publishers: ['openindiana.org'],
      cpuShares: 10,
      datasets: ['tank/web'],
      packages: ['web/server/nginx'],
      zonecfg: ['set hostid=12345678'],
    })
    expect(value!.nets.map(({name, pool, over, vlan}) => ({name, pool, over, vlan}))).to.deep.equal([
      {name: 'public', pool: 'public', over: 'igb0', vlan: undefined},
      {name: 'backend', pool: 'backend', over: 'stub0', vlan: 12},
    ])
    expect(value!.cappedMemory).to.deep.equal({physical: '2G', swap: '4G', locked: undefined})
    expect(value!.fs).to.deep.equal([
      {dir: '/data', special: '/export/data', type: 'lofs', options: ['ro', 'nodevices']},
    ])
    expect(value!.attrs).to.deep.equal([{name: 'owner', type: 'string', value: 'ops'}])
  })

  it('points at every schema error in a template at once', () => {
    const {value, diagnostics} = readItem(
      templateKind,
      '/r/templates/oi.kdl',
      `template "other" {
    autoboot "yes"
    net "public" over="igb0"
    colour "blue"
    capped-memory physical="lots"
    brand "ipkg"
    brand "lipkg"
}
`,
    )
    expect(value).to.equal(undefined)
    expect(codes(diagnostics)).to.deep.equal([
      'zmgr::schema::name-mismatch@1:10',
      'zmgr::schema::wrong-type@2:14',
      'zmgr::schema::missing-property@3:5',
      'zmgr::schema::unknown-node@4:5',
      'zmgr::template::bad-size@5:19',
      'zmgr::schema::duplicate@7:5',
    ])
    expect(diagnostics[1].help).to.match(/#true or #false/)
    expect(diagnostics[3].help).to.match(/known settings: brand, autoboot/)
  })

  it('requires the brand and exactly one top-level node', () => {
    expect(
      codes(readItem(templateKind, '/r/templates/t.kdl', 'template "t" {\n    autoboot #false\n}\n').diagnostics),
    ).to.deep.equal(['zmgr::schema::missing-node@1:1'])
    expect(codes(readItem(templateKind, '/r/templates/t.kdl', 'pool "t"\n').diagnostics)).to.deep.equal([
      'zmgr::schema::unknown-node@1:1',
      'zmgr::schema::missing-node@1:1',
    ])
  })

  it('reads pools in range and list mode and refuses bad addresses', () => {
    const range = readItem(
      poolKind,
      '/r/pools/public.kdl',
      'pool "public" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    range "192.0.2.100" "192.0.2.199"\n    reserve "192.0.2.150"\n    vlan 12\n}\n',
    )
    expect(range.diagnostics).to.deep.equal([])
    expect(range.value).to.deep.include({mode: 'range', family: 4, vlan: 12})
    const list = readItem(
      poolKind,
      '/r/pools/lab.kdl',
      'pool "lab" {\n    network "2001:db8::/64"\n    addresses "2001:db8::7" "2001:db8::9"\n}\n',
    )
    expect(list.value).to.deep.include({mode: 'list', family: 6})
    const bad = readItem(
      poolKind,
      '/r/pools/x.kdl',
      'pool "x" {\n    network "192.0.2.5/24"\n    range "192.0.2.10" "192.0.2.300"\n}\n',
    )
    expect(codes(bad.diagnostics)).to.deep.equal(['zmgr::pool::bad-network@2:13', 'zmgr::pool::bad-address@3:24'])
  })

  it('keeps what it does not model in zone files', () => {
    const {value, diagnostics} = readItem(
      zoneKind,
      '/r/zones/web01.kdl',
      'zone "web01" {\n    brand "lipkg"\n    zonepath "/zones/web01"\n    net "public" vnic="web01_0" over="igb0" pool="public" address="192.0.2.100/24" gateway="192.0.2.1"\n    zonecfg {\n        dataset "tank/web"\n    }\n}\n',
    )
    expect(diagnostics).to.deep.equal([])
    expect(value!.nets[0]).to.deep.include({vnic: 'web01_0', address: '192.0.2.100/24', pool: 'public'})
    expect([...value!.nodes.keys()]).to.include('zonecfg')
  })

  it('checks publisher URIs', () => {
    expect(
      codes(readItem(publisherKind, '/r/publishers/p.kdl', 'publisher "p" {\n    origin "ftp://x"\n}\n').diagnostics),
    ).to.deep.equal(['zmgr::publisher::bad-uri@2:12'])
  })

  it('writes zone records that read back the same', () => {
    const text = formatZoneRecord({
      name: 'db-primary',
      brand: 'ipkg',
      template: 'oi',
      zonepath: '/zones/db-primary',
      autoboot: true,
      ipType: 'exclusive',
      created: '2026-11-22',
      nets: [
        {
          name: 'public',
          vnic: 'db_primary0',
          over: 'igb0',
          pool: 'public',
          address: '192.0.2.101/24',
          gateway: '192.0.2.1',
        },
      ],
      extra: [{name: 'zonecfg', children: [{name: 'dataset', args: ['tank/db']}]}],
    })
    const {value} = readItem(zoneKind, '/r/zones/db-primary.kdl', text)
    expect(value).to.deep.include({
      name: 'db-primary',
      brand: 'ipkg',
      template: 'oi',
      zonepath: '/zones/db-primary',
      autoboot: true,
      created: '2026-11-22',
    })
    expect(value!.nets[0]).to.deep.include({vnic: 'db_primary0', address: '192.0.2.101/24'})
    expect(text).to.include('    zonecfg {\n        dataset "tank/db"\n    }\n')
  })
})

describe('Registry', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zmgr-registry-'))
  })
  afterEach(() => rm(root, {recursive: true, force: true}))

  it('says how to create a missing root', async () => {
    const error = await new Registry(join(root, 'nope')).templates().catch((e: ZmgrError) => e)
    expect(error).to.include({code: 'zmgr::root::missing', exit: 2})
    expect((error as ZmgrError).help).to.include(`zmgr init --root ${join(root, 'nope')}`)
  })

  it('names the known items when one is missing', async () => {
    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', 'oi.kdl'), 'template "oi" {\n    brand "ipkg"\n}\n')
    const error = (await new Registry(root).template('io').catch((e) => e)) as ZmgrError
    expect(error).to.include({code: 'zmgr::template::unknown', exit: 2})
    expect(error.help).to.equal('known templates: oi')
  })

  it('creates zone files exclusively and atomically', async () => {
    const registry = new Registry(root)
    const record = {
      name: 'web01',
      brand: 'ipkg',
      zonepath: '/zones/web01',
      autoboot: false,
      ipType: 'exclusive' as const,
      nets: [],
    }
    expect(await registry.createZone(record)).to.equal(true)
    expect(await registry.createZone({...record, brand: 'lipkg'})).to.equal(false)
    expect(await readFile(join(root, 'zones', 'web01.kdl'), 'utf8')).to.include('brand "ipkg"')
    expect(await readdir(join(root, 'zones'))).to.deep.equal(['web01.kdl'])
  })

  it('reports every broken file when listing', async () => {
    await mkdir(join(root, 'pools'))
    await writeFile(
      join(root, 'pools', 'a.kdl'),
      'pool "a" {\n    network "10.0.0.0/8"\n    range "10.0.0.1" "10.0.0.9"\n}\n',
    )
    await writeFile(join(root, 'pools', 'b.kdl'), 'pool "b" {\n    network\n}\n')
    await writeFile(join(root, 'pools', 'c.kdl'), 'pool "c" {\n')
    const registry = new Registry(root)
    const scan = await registry.scan(poolKind)
    expect(scan.items.map((pool) => pool.name)).to.deep.equal(['a'])
    const error = (await registry.pools().catch((e) => e)) as ZmgrError
    expect(error.exit).to.equal(2)
    expect([error.code, ...error.related.map((d) => d.code)]).to.include.members([
      'zmgr::schema::missing-value',
      'zmgr::pool::parse',
    ])
  })
})
