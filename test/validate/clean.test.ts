import {expect} from 'chai'
import {cpSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createTestHost} from 'zmgr/testing'
import {caseTree, FIXTURES, type Scratch, scratch, validateJson, zmgr} from './helpers.js'

describe('zmgr validate: clean registries and the report', () => {
  let tmp: Scratch
  before(() => {
    tmp = scratch()
  })
  after(() => tmp.cleanup())

  it('passes the starter set `zmgr init` writes', async () => {
    // init reads the host: a simulated OmniOS one with the sparse and pkgsrc brands installed
    // (config, three templates, a pool, a publisher).
    const host = await createTestHost({seed: {brands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc']}})
    try {
      expect((await host.zmgr(['init'])).exitCode).to.equal(0)
      const run = await host.zmgr(['validate'])
      expect(run.stdout.trim()).to.equal('0 errors, 0 warnings in 6 files')
      expect(run.stderr).to.equal('')
      expect(run.exitCode).to.equal(0)
    } finally {
      await host.cleanup()
    }
  })

  it('passes a richer tree: two families, range and list pools, an imported shared-IP zone', async () => {
    const root = caseTree(tmp.dir)
    const report = await validateJson(root)
    expect(report.diagnostics).to.deep.equal([])
    expect(report).to.include({ok: true, errors: 0, warnings: 0, files: 11, system: false, exitCode: 0})
    expect(report.rules.map((r) => `${r.plugin} ${r.id}`)).to.include.members([
      '@zmgr/validate references',
      '@zmgr/validate pools',
      '@zmgr/validate addresses',
      '@zmgr/validate names',
      '@zmgr/validate usage',
      '@zmgr/validate brands',
      '@zmgr/validate zonecfg',
    ])
  })

  it('shows each problem with its code, place, the line itself and a help line, then the counts', async () => {
    const root = caseTree(tmp.dir, 'duplicate-address')
    // A warning beside the error: the summary counts both.
    cpSync(join(FIXTURES, 'cases', 'nearly-full'), root, {recursive: true})
    const run = await zmgr(['validate', '--root', root])
    expect(run.exitCode).to.equal(1)
    expect(run.stdout.trim()).to.equal('1 error, 1 warning in 12 files')
    expect(run.stderr).to.include(
      [
        'error[zmgr::zone::duplicate-address]: 192.0.2.100/24 of zone "web03" is also held by zone "web01" (net "public")',
        ` --> ${root}/zones/web03.kdl:4:59`,
        '  |',
        '4 |     net "public" vnic="web03_0" over="igb0" pool="public" address="192.0.2.100/24"',
        '  |                                                           ^^^^^^^^^^^^^^^^^^^^^^^^',
        '   help: an address belongs to one zone (first held at zones/web01.kdl:7); give one of them a free address (zmgr pools allocations public)',
      ].join('\n'),
    )
    expect(run.stderr).to.match(/warning\[zmgr::pool::nearly-full\]: pool "lab" is 100 % used \(1 of 1 addresses\)/)
    // Sorted by file: pools/ before zones/.
    expect(run.stderr.indexOf('nearly-full')).to.be.lessThan(run.stderr.indexOf('duplicate-address'))
  })

  it('gives usage data with the nearly-full warning', async () => {
    const root = caseTree(tmp.dir, 'nearly-full')
    const [warning] = (await validateJson(root)).diagnostics
    expect(warning.data).to.deep.equal({pool: 'lab', used: '1', size: '1', percent: 100})
  })

  it('counts a registry with no files, and refuses a root that does not exist', async () => {
    const empty = join(tmp.dir, 'empty')
    mkdirSync(empty)
    expect((await zmgr(['validate', '--root', empty])).stdout.trim()).to.equal('0 errors, 0 warnings in 0 files')
    const missing = await zmgr(['validate', '--json', '--root', join(tmp.dir, 'nowhere')])
    expect(missing.exitCode).to.equal(2)
    expect(JSON.parse(missing.stdout).error.code).to.equal('zmgr::root::missing')
  })

  it('reports every schema problem of one file, not only the first', async () => {
    const root = caseTree(tmp.dir)
    writeFileSync(
      join(root, 'pools', 'lab.kdl'),
      'pool "lab" {\n    network "198.51.100.0/33"\n    vlan 5000\n    colour "blue"\n}\n',
    )
    const codes = (await validateJson(root)).diagnostics.map((d) => `${d.code} ${d.location?.line}`)
    expect(codes).to.include.members([
      'zmgr::pool::bad-network 2',
      'zmgr::pool::vlan 3',
      'zmgr::schema::unknown-node 4',
    ])
  })
})
