import {expect} from 'chai'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {isLinkedZoneImage, listImagePublishers, planImagePublishers, type WantedPublisher} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** The publisher step of `zones create` (CONTRACT §6.1), against simulated OpenIndiana and OmniOS hosts. */
describe('zones create: publishers per distribution', function () {
  this.timeout(300_000)
  let host: TestHost
  afterEach(() => host.cleanup())

  const zonePublishers = (zone: string) =>
    host
      .state()
      .zones.find((z) => z.name === zone)!
      .publishers.map((p) => ({name: p.name, origins: p.origins}))
  const write = async (path: string, text: string) => {
    await mkdir(join(host.root, path, '..'), {recursive: true})
    await writeFile(join(host.root, path), text)
  }
  const template = (name: string, brand: string, publishers: string[]) =>
    `template "${name}" {\n    brand "${brand}"\n    ip-type "exclusive"\n    net "public" pool="public" over="igb0"\n${publishers.map((p) => `    publisher "${p}"\n`).join('')}}\n`
  const OI_GZ = [
    {name: 'openindiana.org', origins: ['https://pkg.openindiana.org/hipster/']},
    {name: 'hipster-encumbered', origins: ['https://pkg.openindiana.org/hipster-encumbered/']},
  ]

  describe('on a stock OpenIndiana host with the starter set', () => {
    beforeEach(async () => {
      host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
      expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    })

    it("creates an ipkg zone: the starter template of a linked image names no publisher, so the zone keeps the global zone's", async () => {
      const plan = (await host.zmgr(['zones', 'create', 'web01', '--dry-run', '--json'])).result<{
        steps: Array<{id: string; title: string; commands: string[][]}>
      }>()
      expect(plan.steps.find((s) => s.id === 'publishers')).to.equal(undefined)
      const result = await host.zmgr(['zones', 'create', 'web01'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(zonePublishers('web01')).to.deep.equal(OI_GZ)
      expect((await host.run('pkg', ['-R', '/zones/web01/root', 'pubcheck-linked'])).exitCode).to.equal(0)
    })

    it('creates an nlipkg zone with exactly the template publishers', async () => {
      const result = await host.zmgr(['zones', 'create', 'web02', '--template', 'ofl', '--no-boot'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(zonePublishers('web02')).to.deep.equal([OI_GZ[0]])
    })
  })

  describe('on OmniOS', () => {
    beforeEach(async () => {
      host = await createTestHost()
      expect((await host.zmgr(['init'])).exitCode).to.equal(0)
      await write(
        'publishers/omnios.kdl',
        'publisher "omnios" {\n    origin "https://pkg.omnios.org/r151054/core/"\n}\n',
      )
      await write(
        'publishers/site.kdl',
        'publisher "site" {\n    origin "https://pkg.example.com/site" "https://mirror.example.com/site"\n    sticky #false\n}\n',
      )
      await write('templates/own.kdl', template('own', 'ipkg', ['site', 'omnios']))
      await write('templates/linked.kdl', template('linked', 'lipkg', ['site', 'omnios']))
    })

    it('gives an ipkg zone (not linked) exactly the template publishers, in template order', async () => {
      const result = await host.zmgr(['zones', 'create', 'own1', '--template', 'own', '--no-boot'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(zonePublishers('own1')).to.deep.equal([
        {name: 'site', origins: ['https://pkg.example.com/site/', 'https://mirror.example.com/site/']},
        {name: 'omnios', origins: ['https://pkg.omnios.org/r151054/core/']},
      ])
      expect(host.state().zones.find((z) => z.name === 'own1')!.publishers[0]!.sticky).to.equal(false)
    })

    it("keeps the global zone's publishers first in a lipkg zone and adds the others after them", async () => {
      const result = await host.zmgr(['zones', 'create', 'lz1', '--template', 'linked', '--no-boot'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(zonePublishers('lz1')).to.deep.equal([
        {name: 'omnios', origins: ['https://pkg.omnios.org/r151054/core/']},
        {name: 'extra.omnios', origins: ['https://pkg.omnios.org/r151054/extra/']},
        {name: 'site', origins: ['https://pkg.example.com/site/', 'https://mirror.example.com/site/']},
      ])
      expect((await host.run('pkg', ['-R', '/zones/lz1/root', 'pubcheck-linked'])).exitCode).to.equal(0)
    })

    it('repeats the publisher step without changing anything or failing, linked or not', async () => {
      for (const [zone, tpl] of [
        ['own1', 'own'],
        ['lz1', 'linked'],
      ]) {
        expect((await host.zmgr(['zones', 'create', zone, '--template', tpl, '--no-boot'])).exitCode).to.equal(0)
        const before = host.state().zones.find((z) => z.name === zone)!.publishers
        const runner = host.systemRunner()
        const root = `/zones/${zone}/root`
        const wanted: WantedPublisher[] = [
          {
            name: 'site',
            origins: ['https://pkg.example.com/site', 'https://mirror.example.com/site'],
            mirrors: [],
            first: false,
            sticky: false,
          },
          {name: 'omnios', origins: ['https://pkg.omnios.org/r151054/core/'], mirrors: [], first: false, sticky: true},
        ]
        // What the step does: ask pkg, plan, run; a second time there is nothing left to run.
        const plan = planImagePublishers(
          root,
          wanted,
          await listImagePublishers(runner, root),
          await isLinkedZoneImage(runner, zone),
        )
        expect(plan.commands, zone).to.deep.equal([])
        expect(host.state().zones.find((z) => z.name === zone)!.publishers).to.deep.equal(before)
      }
    })

    it('warns that a linked image cannot put a template publisher first, and leaves the order alone', async () => {
      await write(
        'publishers/site.kdl',
        'publisher "site" {\n    origin "https://pkg.example.com/site"\n    search-first #true\n}\n',
      )
      const result = await host.zmgr(['zones', 'create', 'lz2', '--template', 'linked', '--no-boot'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(result.stderr + result.stdout).to.include(
        "publisher site is not made search-first: a linked image keeps the global zone's publishers first",
      )
      expect(zonePublishers('lz2').map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios', 'site'])
    })
  })
})

describe('planImagePublishers (CONTRACT §6.1)', () => {
  const gz = [
    {name: 'omnios', sticky: true, enabled: true, origins: ['https://pkg.omnios.org/r151054/core/'], mirrors: []},
    {
      name: 'extra.omnios',
      sticky: true,
      enabled: true,
      origins: ['https://pkg.omnios.org/r151054/extra/'],
      mirrors: [],
    },
  ]
  const wanted = (name: string, origins: string[], more: Partial<WantedPublisher> = {}): WantedPublisher => ({
    name,
    origins,
    mirrors: [],
    first: false,
    sticky: true,
    ...more,
  })

  it('adds only missing origins to a linked image, comparing URIs with a trailing slash', () => {
    const plan = planImagePublishers(
      '/zones/z/root',
      [wanted('omnios', ['https://pkg.omnios.org/r151054/core', 'https://m.example.com/core'])],
      gz,
      true,
    )
    expect(plan).to.deep.equal({
      commands: [['pkg', '-R', '/zones/z/root', 'set-publisher', '-g', 'https://m.example.com/core', 'omnios']],
      warnings: [],
    })
  })

  it('replaces the publishers of an image that is not linked, last one first, then unsets the rest', () => {
    const plan = planImagePublishers(
      '/zones/z/root',
      [wanted('a', ['https://a.example.com/']), wanted('b', ['https://b.example.com/'], {first: true, sticky: false})],
      gz,
      false,
    )
    expect(plan.commands).to.deep.equal([
      [
        'pkg',
        '-R',
        '/zones/z/root',
        'set-publisher',
        '-P',
        '-G',
        '*',
        '-g',
        'https://a.example.com/',
        '-M',
        '*',
        '--sticky',
        'a',
      ],
      [
        'pkg',
        '-R',
        '/zones/z/root',
        'set-publisher',
        '-P',
        '-G',
        '*',
        '-g',
        'https://b.example.com/',
        '-M',
        '*',
        '--non-sticky',
        'b',
      ],
      ['pkg', '-R', '/zones/z/root', 'unset-publisher', 'omnios', 'extra.omnios'],
    ])
  })
})
