import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('simulator: pkg and zlogin', () => {
  let host: TestHost
  const pkg = (...args: string[]) => host.run('pkg', args)

  beforeEach(async () => {
    host = await createTestHost({
      seed: {
        brands: ['ipkg', 'lipkg', 'bhyve'],
        zones: [{name: 'web', state: 'installed'}, {name: 'new'}, {name: 'vm', state: 'installed', brand: 'bhyve'}],
      },
    })
  })
  afterEach(async () => host.cleanup())

  it('sets, lists and unsets publishers of a zone image', async () => {
    expect((await pkg('-R', '/zones/web/root', 'set-publisher', '-g', 'https://pkg.example.com/site/', 'site')).exitCode).to.equal(0)
    expect((await pkg('-R', '/zones/web/root', 'set-publisher', '-P', '-g', 'https://mirror.example.com/', 'omnios')).exitCode).to.equal(0)
    expect((await pkg('-R', '/zones/web/root', 'publisher')).stdout).to.equal(
      [
        'PUBLISHER                   TYPE     STATUS P LOCATION',
        'omnios                      origin   online F https://pkg.omnios.org/r151054/core/',
        'omnios                      origin   online F https://mirror.example.com/',
        'extra.omnios                origin   online F https://pkg.omnios.org/r151054/extra/',
        'site                        origin   online F https://pkg.example.com/site/',
        '',
      ].join('\n'),
    )
    await pkg('-R', '/zones/web/root', 'unset-publisher', 'extra.omnios')
    expect((await pkg('-R', '/zones/web/root/', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(
      [
        'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.omnios.org/r151054/core/\t-',
        'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://mirror.example.com/\t-',
        'site\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.example.com/site/\t-',
        '',
      ].join('\n'),
    )
    expect(host.state().zones.find(z => z.name === 'web')!.publishers.map(p => p.name)).to.deep.equal(['omnios', 'site'])
  })

  it('rejects a root that is not an installed IPS zone image', async () => {
    for (const root of ['/zones/new/root', '/zones/vm/root', '/zones/web']) {
      const result = await pkg('-R', root, 'publisher')
      expect(result.stderr, root).to.equal(`pkg: No image rooted at '${root}'\n`)
      expect(result.exitCode).to.equal(1)
    }
  })

  it('runs pkg inside a running zone through zlogin, and refuses zones that are not running', async () => {
    expect((await host.run('zlogin', ['web', 'pkg', 'publisher', '-H', '-F', 'tsv'])).stderr).to.equal(
      "zlogin: login allowed only to running zones (web is 'installed').\n",
    )
    expect((await host.run('zlogin', ['new', 'true'])).stderr).to.equal("zlogin: cannot login to a zone which is 'configured'\n")
    expect((await host.run('zlogin', ['nope', 'true'])).stderr).to.equal("zlogin: zone 'nope' unknown\n")
    await host.run('zoneadm', ['-z', 'web', 'boot'])
    await host.run('zlogin', ['web', 'pkg', 'set-publisher', '-g', 'https://x.example.com/', 'x'])
    expect(host.state().zones.find(z => z.name === 'web')!.publishers.map(p => p.name)).to.include('x')
  })
})
