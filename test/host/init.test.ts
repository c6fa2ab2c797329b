import {expect} from 'chai'
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

interface InitJson {
  host: {distribution: string; brands: string[]; detected: string}
}

describe('zmgr init: a starter set for the detected host', function () {
  this.timeout(120_000)
  let host: TestHost
  afterEach(() => host?.cleanup())

  const read = (path: string) => readFile(join(host.root, path), 'utf8')
  const templates = async () => (await readdir(join(host.root, 'templates'))).sort()

  it("OmniOS: lipkg, sparse and pkgsrc templates over the first NIC, the global zone's omnios origin; create runs end to end", async () => {
    // The simulator's omnios default brands are only ipkg and lipkg: seed the sparse and pkgsrc brands.
    host = await createTestHost({
      seed: {
        brands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc'],
        links: [{name: 'stub0', class: 'etherstub'}, {name: 'e1000g0'}, {name: 'e1000g1'}],
      },
    })
    const init = await host.zmgr(['init'])
    expect(init.exitCode, init.stderr).to.equal(0)
    expect(init.stdout).to.include(
      'starter set for OmniOS (OmniOS Community Edition v11 r151054a): brands lipkg, sparse, pkgsrc, over e1000g0, publisher omnios',
    )
    expect(await templates()).to.deep.equal(['omnios.kdl', 'pkgsrc.kdl', 'sparse.kdl'])
    expect(await read('config.kdl')).to.include('default-template "omnios"')
    const omnios = await read('templates/omnios.kdl')
    expect(omnios)
      .to.include('brand "lipkg"')
      .and.include('over="e1000g0"')
      .and.not.match(/^\s*publisher "/m)
    expect(await read('publishers/omnios.kdl')).to.include('origin "https://pkg.omnios.org/r151054/core/"')
    expect(await read('pools/public.kdl')).to.match(/^\/\/ EDIT ME/)

    const create = await host.zmgr(['zones', 'create', 'web01'])
    expect(create.exitCode, create.stderr).to.equal(0)
    expect(create.stdout).to.include('zone web01 created (lipkg, running): public 192.0.2.100/24')
    expect(host.state().vnics.map((v) => [v.name, v.over])).to.deep.equal([['web01_0', 'e1000g0']])
    const sparse = await host.zmgr(['zones', 'create', 'web02', '--template', 'sparse'])
    expect(sparse.exitCode, sparse.stderr).to.equal(0)
  })

  it('OmniOS without the sparse and pkgsrc brands: only the lipkg template', async () => {
    host = await createTestHost({seed: {brands: ['ipkg', 'lipkg']}})
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    expect(await templates()).to.deep.equal(['omnios.kdl'])
  })

  it('OpenIndiana: ipkg and nlipkg templates and the openindiana.org publisher; create runs end to end with both', async () => {
    // The simulator's openindiana default brand is only ipkg: seed nlipkg.
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
    const init = await host.zmgr(['init'])
    expect(init.exitCode, init.stderr).to.equal(0)
    expect(await templates()).to.deep.equal(['ofl.kdl', 'oi.kdl'])
    expect(await read('config.kdl')).to.include('default-template "oi"')
    expect(await read('templates/oi.kdl'))
      .to.include('brand "ipkg"')
      .and.include('over="igb0"')
      .and.not.match(/^\s*publisher "/m)
    expect(await read('templates/ofl.kdl'))
      .to.include('brand "nlipkg"')
      .and.include('publisher "openindiana.org"')
    expect(await read('publishers/openindiana.org.kdl')).to.include('origin "https://pkg.openindiana.org/hipster/"')

    const create = await host.zmgr(['zones', 'create', 'web01'])
    expect(create.exitCode, create.stderr).to.equal(0)
    expect(create.stdout).to.include('zone web01 created (ipkg, running)')
    const ofl = await host.zmgr(['zones', 'create', 'web02', '--template', 'ofl'])
    expect(ofl.exitCode, ofl.stderr).to.equal(0)
    expect(host.state().zones.map((z) => [z.name, z.brand, z.state])).to.deep.equal([
      ['web01', 'ipkg', 'running'],
      ['web02', 'nlipkg', 'running'],
    ])
  })

  it('OpenIndiana without nlipkg: only the ipkg template', async () => {
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg']}})
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    expect(await templates()).to.deep.equal(['oi.kdl'])
  })

  it("--distribution writes the other distribution's set (its default brand, its publisher)", async () => {
    host = await createTestHost()
    const init = await host.zmgr(['init', '--distribution', 'openindiana', '--json'])
    expect(init.exitCode, init.stderr).to.equal(0)
    const json = init.json<InitJson | {result: InitJson}>()
    expect(('result' in json ? json.result : json).host).to.deep.include({
      distribution: 'openindiana',
      brands: ['ipkg'],
      detected: 'OmniOS Community Edition v11 r151054a',
    })
    expect(await templates()).to.deep.equal(['oi.kdl'])
    expect(await read('publishers/openindiana.org.kdl')).to.include('https://pkg.openindiana.org/hipster/')
  })

  it('refuses a host it cannot identify unless --distribution says', async () => {
    host = await createTestHost({seed: {releaseFiles: {osRelease: null, release: null}}})
    const init = await host.zmgr(['init'])
    expect(init.exitCode).to.equal(2)
    expect(init.stderr).to.include(
      'error[zmgr::init::unknown-distribution]: cannot tell which illumos distribution this host runs (no /etc/os-release or /etc/release)',
    )
    expect(init.stderr).to.include('zmgr init --distribution omnios')
    expect((await host.zmgr(['init', '--distribution', 'omnios'])).exitCode).to.equal(0)
    expect(await templates()).to.deep.equal(['omnios.kdl'])
  })

  it('warns and writes a placeholder link on a host without a physical NIC', async () => {
    host = await createTestHost({seed: {links: [{name: 'stub0', class: 'etherstub'}]}})
    const init = await host.zmgr(['init'])
    expect(init.exitCode).to.equal(0)
    expect(init.stderr).to.include('warning[zmgr::init::no-nic]')
    expect(await read('templates/omnios.kdl')).to.include('over="net0" // no physical NIC was found')
  })

  it('validates as written on both distributions', async () => {
    for (const flavour of ['omnios', 'openindiana'] as const) {
      // Seed every brand the distribution's full starter set uses (the simulator's defaults are ipkg/lipkg only).
      host = await createTestHost({
        flavour,
        seed: {brands: flavour === 'omnios' ? ['ipkg', 'lipkg', 'sparse', 'pkgsrc'] : ['ipkg', 'nlipkg']},
      })
      await host.zmgr(['init'])
      const validate = await host.zmgr(['validate'])
      expect(validate.stdout.trim(), validate.stderr).to.equal(
        `0 errors, 0 warnings in ${flavour === 'omnios' ? 6 : 5} files`,
      )
      await host.cleanup()
    }
  })
})
