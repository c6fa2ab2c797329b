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
    expect(
      (await pkg('-R', '/zones/web/root', 'set-publisher', '-g', 'https://pkg.example.com/site/', 'site')).exitCode,
    ).to.equal(0)
    expect(
      (await pkg('-R', '/zones/web/root', 'set-publisher', '-P', '-g', 'https://mirror.example.com/', 'omnios'))
        .exitCode,
    ).to.equal(0)
    expect((await pkg('-R', '/zones/web/root', 'publisher')).stdout).to.equal(
      [
        'PUBLISHER                   TYPE     STATUS P LOCATION',
        'omnios                      origin   online F https://mirror.example.com/',
        'omnios                      origin   online F https://pkg.omnios.org/r151054/core/',
        'extra.omnios                origin   online F https://pkg.omnios.org/r151054/extra/',
        'site                        origin   online F https://pkg.example.com/site/',
        '',
      ].join('\n'),
    )
    await pkg('-R', '/zones/web/root', 'unset-publisher', 'extra.omnios')
    expect((await pkg('-R', '/zones/web/root/', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(
      [
        'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://mirror.example.com/\t-',
        'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.omnios.org/r151054/core/\t-',
        'site\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.example.com/site/\t-',
        '',
      ].join('\n'),
    )
    expect(
      host
        .state()
        .zones.find((z) => z.name === 'web')!
        .publishers.map((p) => p.name),
    ).to.deep.equal(['omnios', 'site'])
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
    expect((await host.run('zlogin', ['new', 'true'])).stderr).to.equal(
      "zlogin: cannot login to a zone which is 'configured'\n",
    )
    expect((await host.run('zlogin', ['nope', 'true'])).stderr).to.equal("zlogin: zone 'nope' unknown\n")
    await host.run('zoneadm', ['-z', 'web', 'boot'])
    await host.run('zlogin', ['web', 'pkg', 'set-publisher', '-g', 'https://x.example.com/', 'x'])
    expect(
      host
        .state()
        .zones.find((z) => z.name === 'web')!
        .publishers.map((p) => p.name),
    ).to.include('x')
  })
})

describe('simulator: pkg publishers (CONTRACT §6.1, §9)', () => {
  let host: TestHost
  const pkg = (...args: string[]) => host.run('pkg', args)
  const zonePublishers = (zone: string) => host.state().zones.find((z) => z.name === zone)!.publishers
  const OMNIOS_TSV =
    'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.omnios.org/r151054/core/\t-\n' +
    'extra.omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.omnios.org/r151054/extra/\t-\n'
  const OI_TSV =
    'openindiana.org\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.openindiana.org/hipster/\t-\n' +
    'hipster-encumbered\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.openindiana.org/hipster-encumbered/\t-\n'

  afterEach(async () => host.cleanup())

  describe('OmniOS', () => {
    beforeEach(async () => {
      host = await createTestHost({
        seed: {
          // sparse is not a default brand of the simulated OmniOS host: seed it.
          brands: ['ipkg', 'lipkg', 'sparse'],
          zones: [
            {name: 'own', state: 'installed', brand: 'ipkg'},
            {name: 'linked', state: 'installed', brand: 'lipkg'},
            {name: 'sparse1', state: 'running', brand: 'sparse'},
            {name: 'fresh', brand: 'ipkg'},
          ],
        },
      })
    })

    it('lists the global zone and a zone image as TAB-separated lines, -HPn giving the first publisher', async () => {
      expect((await pkg('publisher', '-H', '-F', 'tsv')).stdout).to.equal(OMNIOS_TSV)
      expect((await pkg('-R', '/zones/own/root', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(OMNIOS_TSV)
      expect((await pkg('publisher', '-HPn', '-F', 'tsv')).stdout).to.equal(`${OMNIOS_TSV.split('\n')[0]}\n`)
      await pkg('set-publisher', '-d', 'omnios')
      expect((await pkg('publisher', '-HPn', '-F', 'tsv')).stdout).to.equal(`${OMNIOS_TSV.split('\n')[1]}\n`)
    })

    it('adds an origin with -g and refuses one the publisher already has, with an empty line first and exit 1', async () => {
      const root = '/zones/own/root'
      expect(
        (await pkg('-R', root, 'set-publisher', '-g', 'https://mirror.example.com/core', 'omnios')).exitCode,
      ).to.equal(0)
      expect(zonePublishers('own')[0]!.origins).to.deep.equal([
        'https://pkg.omnios.org/r151054/core/',
        'https://mirror.example.com/core/',
      ])
      const duplicate = await pkg(
        '-R',
        root,
        'set-publisher',
        '-g',
        'https://pkg.omnios.org/r151054/core',
        '-g',
        'https://new.example.com/',
        'omnios',
      )
      expect(duplicate.stderr).to.equal(
        "\nOrigin 'https://pkg.omnios.org/r151054/core/' already exists for the specified publisher.\n",
      )
      expect(duplicate.stdout).to.equal('')
      expect(duplicate.exitCode).to.equal(1)
      expect(zonePublishers('own')[0]!.origins).to.have.length(2)
      const unknown = await pkg('-R', root, 'set-publisher', '-G', 'https://nowhere.example.com', 'omnios')
      expect([unknown.stderr, unknown.exitCode]).to.deep.equal([
        "\nUnknown repository origin 'https://nowhere.example.com/'\n",
        1,
      ])
    })

    it("replaces every origin with -G '*' -g, idempotently", async () => {
      for (let run = 0; run < 2; run++) {
        const result = await pkg(
          '-R',
          '/zones/own/root',
          'set-publisher',
          '-G',
          '*',
          '-g',
          'https://pkg.example.com/core',
          'omnios',
        )
        expect([result.stdout, result.stderr, result.exitCode]).to.deep.equal(['', '', 0])
      }
      expect(zonePublishers('own')[0]).to.deep.include({name: 'omnios', origins: ['https://pkg.example.com/core/']})
    })

    it('copies seeded global zone publishers into a new zone image, mirrors and no-origin publishers included', async () => {
      await host.seed({
        publishers: [
          {
            name: 'site',
            origins: ['https://pkg.example.com/site/'],
            mirrors: ['https://m.example.com/site/'],
            sticky: false,
            enabled: true,
          },
        ],
      })
      expect((await pkg('publisher', '-H', '-F', 'tsv')).stdout).to.equal(
        'site\tfalse\tfalse\ttrue\torigin\tonline\thttps://pkg.example.com/site/\t-\n' +
          'site\tfalse\tfalse\ttrue\tmirror\tonline\thttps://m.example.com/site/\t-\n',
      )
      const install = await host.run('zoneadm', ['-z', 'fresh', 'install'])
      expect(install.stdout).to.include(
        '   Publisher: Using site (https://pkg.example.com/site/).\n   Publisher: Using site (https://m.example.com/site/).\n',
      )
      expect(host.state().zones.find((z) => z.name === 'fresh')!.publishers).to.deep.equal(host.state().publishers)
      await pkg('-R', '/zones/fresh/root', 'set-publisher', '-G', '*', '-M', '*', 'site')
      expect((await pkg('-R', '/zones/fresh/root', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(
        'site\tfalse\tfalse\ttrue\t\t\t\t\n',
      )
    })

    it('installs a non-linked zone with only the publisher given by install -P', async () => {
      const install = await host.run('zoneadm', ['-z', 'fresh', 'install', '-P', 'site=https://pkg.example.com/site'])
      expect(install.exitCode).to.equal(0)
      expect(install.stdout).to.include('   Publisher: Using site (https://pkg.example.com/site/).\n')
      expect(install.stdout).not.to.include('Using omnios')
      expect((await pkg('-R', '/zones/fresh/root', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(
        'site\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.example.com/site/\t-\n',
      )
    })

    it('fails install -P without name=origin as a usage error, leaving the zone incomplete', async () => {
      const install = await host.run('zoneadm', ['-z', 'fresh', 'install', '-P', 'site'])
      expect(install.exitCode).to.equal(1)
      expect(install.stderr).to.match(
        /^Syntax error in publisher information\.\n\nbrand-specific usage: \n {8}install \[-h\]\n/,
      )
      expect(host.state().zones.find((z) => z.name === 'fresh')!.state).to.equal('incomplete')
    })

    it('refuses install -P for a linked brand: the image would lack the global zone publishers', async () => {
      await host.seed({zones: [{name: 'lnew', brand: 'lipkg'}]})
      const install = await host.run('zoneadm', ['-z', 'lnew', 'install', '-P', 'site=https://pkg.example.com/site'])
      expect(install.exitCode).to.equal(1)
      expect(install.stderr)
        .to.include('pkg: Invalid child image publisher configuration.')
        .and.include('failed to install package\n')
      expect(host.state().zones.find((z) => z.name === 'lnew')!.state).to.equal('incomplete')
    })

    it('lists the linked children of the global zone: lipkg and sparse, not ipkg', async () => {
      expect((await pkg('list-linked', '-H')).stdout).to.equal(
        // Columns as wide as the widest value or header (RELATIONSHIP), even with -H; the last one padded too.
        '-           \tself        \t/                  \n' +
          'zone:linked \tchild       \t/zones/linked/root \n' +
          'zone:sparse1\tchild       \t/zones/sparse1/root\n',
      )
      expect((await pkg('-R', '/zones/own/root', 'list-linked')).stdout).to.equal('')
      expect((await pkg('-R', '/zones/linked/root', 'list-linked', '-H')).stdout).to.equal(
        'zone:linked\tself        \t/zones/linked/root\n',
      )
    })

    it("checks that a linked image keeps the global zone's publishers first, as pkg does before installing", async () => {
      const root = '/zones/linked/root'
      expect((await pkg('-R', root, 'set-publisher', '-g', 'https://pkg.example.com/site', 'site')).exitCode).to.equal(
        0,
      )
      expect((await pkg('-R', root, 'pubcheck-linked')).exitCode).to.equal(0)
      // pkg accepts the change itself; the image then fails the check, and with it every install and update.
      expect((await pkg('-R', root, 'set-publisher', '-P', 'site')).exitCode).to.equal(0)
      const check = await pkg('-R', root, 'pubcheck-linked')
      expect(check.exitCode).to.equal(1)
      expect(check.stderr).to.equal(
        [
          '',
          'pkg: Invalid child image publisher configuration.  Child image publisher',
          'configuration must be a superset of the parent image publisher configuration.',
          'Please update the child publisher configuration to match the parent.  If the',
          'child image is a zone this can be done automatically by detaching and',
          'attaching the zone.',
          '',
          'The parent image has the following enabled publishers:',
          '    PUBLISHER 0: omnios',
          '    PUBLISHER 1: extra.omnios',
          '',
          'The child image has the following enabled publishers:',
          '    PUBLISHER 0: site',
          '    PUBLISHER 1: omnios',
          '    PUBLISHER 2: extra.omnios',
          '',
        ].join('\n'),
      )
      const fromGz = await pkg('pubcheck-linked')
      expect(fromGz.exitCode).to.equal(1)
      expect(fromGz.stderr).to.match(
        /^pkg: Linked image exception\(s\):\n\nA 'pubcheck-linked' operation failed for child 'zone:linked'/,
      )
      // Removing a global-zone publisher or changing its stickiness breaks the check too.
      await pkg('-R', root, 'unset-publisher', 'site')
      expect((await pkg('-R', root, 'pubcheck-linked')).exitCode).to.equal(0)
      await pkg('-R', root, 'set-publisher', '--non-sticky', 'extra.omnios')
      expect((await pkg('-R', root, 'pubcheck-linked')).stderr).to.include(
        '    PUBLISHER 1: extra.omnios (non-sticky)\n',
      )
      await pkg('-R', root, 'set-publisher', '--sticky', 'extra.omnios')
      await pkg('-R', root, 'unset-publisher', 'extra.omnios')
      expect((await pkg('-R', root, 'pubcheck-linked')).exitCode).to.equal(1)
      // A non-linked image has nothing to check.
      await pkg('-R', '/zones/own/root', 'unset-publisher', 'omnios')
      expect((await pkg('-R', '/zones/own/root', 'pubcheck-linked')).exitCode).to.equal(0)
    })

    it('applies set-publisher -r to the linked children too, -z and -Z selecting them', async () => {
      expect(
        (await pkg('set-publisher', '-r', '-Z', 'sparse1', '-g', 'https://pkg.example.com/site', 'site')).exitCode,
      ).to.equal(0)
      expect(host.state().publishers.map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios', 'site'])
      expect(zonePublishers('linked').map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios', 'site'])
      expect(zonePublishers('sparse1').map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios'])
      expect(zonePublishers('own').map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios'])
      expect((await pkg('set-publisher', '-z', 'linked', '-g', 'https://x.example.com', 'x')).exitCode).to.equal(2)
    })
  })

  describe('OpenIndiana', () => {
    beforeEach(async () => {
      // nlipkg is not a default brand of the simulated OpenIndiana host: seed it.
      host = await createTestHost({
        flavour: 'openindiana',
        seed: {
          brands: ['ipkg', 'nlipkg'],
          zones: [
            {name: 'oi1', state: 'installed', brand: 'ipkg'},
            {name: 'nl1', state: 'installed', brand: 'nlipkg'},
          ],
        },
      })
    })

    it('has the stock global zone publishers, copied into new zone images', async () => {
      expect((await pkg('publisher', '-H', '-F', 'tsv')).stdout).to.equal(OI_TSV)
      expect((await pkg('-R', '/zones/oi1/root', 'publisher', '-H', '-F', 'tsv')).stdout).to.equal(OI_TSV)
      expect((await pkg('publisher', '-HPn', '-F', 'tsv')).stdout).to.equal(`${OI_TSV.split('\n')[0]}\n`)
    })

    it('refuses the origin a fresh ipkg zone already has (the handbook origin without its slash)', async () => {
      const result = await pkg(
        '-R',
        '/zones/oi1/root',
        'set-publisher',
        '-g',
        'https://pkg.openindiana.org/hipster',
        'openindiana.org',
      )
      expect([result.stderr, result.exitCode]).to.deep.equal([
        "\nOrigin 'https://pkg.openindiana.org/hipster/' already exists for the specified publisher.\n",
        1,
      ])
    })

    it('treats ipkg zones as linked children and nlipkg zones as independent, also for -r', async () => {
      expect((await pkg('list-linked', '-H')).stdout).to.equal(
        '-       \tself        \t/              \nzone:oi1\tchild       \t/zones/oi1/root\n',
      )
      expect((await pkg('set-publisher', '-r', '-g', 'https://pkg.example.com/site', 'site')).exitCode).to.equal(0)
      expect(zonePublishers('oi1').map((p) => p.name)).to.deep.equal(['openindiana.org', 'hipster-encumbered', 'site'])
      expect(zonePublishers('nl1').map((p) => p.name)).to.deep.equal(['openindiana.org', 'hipster-encumbered'])
      await pkg('-R', '/zones/oi1/root', 'unset-publisher', 'hipster-encumbered')
      expect((await pkg('-R', '/zones/oi1/root', 'pubcheck-linked')).exitCode).to.equal(1)
      await pkg('-R', '/zones/nl1/root', 'unset-publisher', 'hipster-encumbered')
      expect((await pkg('-R', '/zones/nl1/root', 'pubcheck-linked')).exitCode).to.equal(0)
    })
  })
})
