import {expect} from 'chai'
import {detectDistribution, type HostFacts, hostFacts, privilegeProblems, type SystemRunner} from 'zmgr'
import {parseFilesystems, parseId} from '../../dist/host/facts.js'
import {parseImagePublishers} from '../../dist/illumos/pkg.js'
import {createTestHost, RELEASE_FILES, type TestHost} from 'zmgr/testing'

/** The facts through the host's in-process runner: what ran is in its history, as with a runner of processes. */
function factsOf(host: TestHost): {facts: HostFacts; runner: SystemRunner} {
  const runner = host.systemRunner()
  return {facts: hostFacts(runner), runner}
}

describe('host facts (SDK)', function () {
  this.timeout(60_000)

  describe('parsers', () => {
    it('tells OmniOS by ID=omnios and OpenIndiana by the first /etc/release line', () => {
      expect(detectDistribution(RELEASE_FILES.omnios.osRelease!, undefined)).to.deep.equal({
        id: 'omnios',
        name: 'OmniOS Community Edition v11 r151054a',
        release: 'r151054a',
        source: '/etc/os-release',
      })
      expect(detectDistribution(undefined, RELEASE_FILES.openindiana.release!)).to.deep.equal({
        id: 'openindiana',
        name: 'OpenIndiana Hipster 2024.10',
        release: '2024.10',
        source: '/etc/release',
      })
      expect(detectDistribution(undefined, RELEASE_FILES.omnios.release!)).to.include({
        id: 'omnios',
        release: 'r151054a',
        source: '/etc/release',
      })
      expect(detectDistribution('NAME="Debian GNU/Linux"\nID=debian\n', undefined)).to.include({
        id: 'unknown',
        name: 'Debian GNU/Linux',
      })
      expect(detectDistribution(undefined, undefined)).to.include({id: 'unknown', source: 'none'})
    })

    it('reads pkg publisher -F tsv, zfs list -H and id', () => {
      const tsv =
        'omnios\ttrue\tfalse\ttrue\torigin\tonline\thttps://pkg.omnios.org/r151054/core/\t-\n' +
        'omnios\ttrue\tfalse\ttrue\tmirror\tonline\thttps://mirror.example/core/\t-\n' +
        'local\tfalse\tfalse\tfalse\t\t\t\t\n'
      expect(parseImagePublishers(tsv)).to.deep.equal([
        {
          name: 'omnios',
          sticky: true,
          enabled: true,
          origins: ['https://pkg.omnios.org/r151054/core/'],
          mirrors: ['https://mirror.example/core/'],
        },
        {name: 'local', sticky: false, enabled: false, origins: [], mirrors: []},
      ])
      expect(parseFilesystems('rpool\t/rpool\tyes\nrpool/ROOT\tlegacy\tno\n')).to.deep.equal([
        {name: 'rpool', mountpoint: '/rpool', mounted: true},
        {name: 'rpool/ROOT', mountpoint: 'legacy', mounted: false},
      ])
      expect(parseId('uid=101(bob) gid=10(staff)\n')).to.deep.equal({uid: 101, name: 'bob'})
    })
  })

  for (const flavour of ['omnios', 'openindiana'] as const) {
    describe(`on a simulated ${flavour} host`, () => {
      let host: TestHost
      beforeEach(async () => {
        host = await createTestHost({flavour})
      })
      afterEach(() => host.cleanup())

      it('reads distribution, brands, links, publishers, filesystems and user through the runner, each once', async () => {
        const {facts, runner} = factsOf(host)
        const distribution = await facts.distribution()
        expect(distribution.id).to.equal(flavour)
        expect(await facts.brands()).to.deep.equal([...host.state().brands].sort())
        expect((await facts.links()).map((l) => `${l.link}:${l.class}`)).to.deep.equal([
          'igb0:phys',
          'igb1:phys',
          'stub0:etherstub',
        ])
        expect((await facts.publishers()).map((p) => p.name)).to.deep.equal(host.state().publishers.map((p) => p.name))
        expect((await facts.filesystems())!.find((fs) => fs.mountpoint === '/zones')).to.deep.equal({
          name: 'rpool/zones',
          mountpoint: '/zones',
          mounted: true,
        })
        expect(await facts.user()).to.deep.equal({uid: 0, name: 'root', auths: [], profiles: []})
        // Asked again: nothing more runs.
        const ran = runner.history.length
        await Promise.all([facts.distribution(), facts.brands(), facts.links(), facts.user()])
        expect(runner.history.length).to.equal(ran)
        expect(runner.history.map((r) => r.argv.join(' '))).to.include.members([
          'cat /etc/os-release',
          'ls -1 /usr/lib/brand',
          'dladm show-link -p -o link,class',
          'pkg publisher -H -F tsv',
          'zfs list -H -t filesystem -o name,mountpoint,mounted',
          'id',
        ])
        expect(hostFacts(runner)).to.equal(facts)
      })

      it('falls back to /etc/release without an os-release, and sees only the brands installed', async () => {
        await host.seed({releaseFiles: {osRelease: null}, brands: ['ipkg']})
        const {facts, runner} = factsOf(host)
        expect(await facts.distribution()).to.include({id: flavour, source: '/etc/release'})
        expect(runner.history.map((r) => r.argv.join(' '))).to.include('cat /etc/release')
        expect(await facts.brands()).to.deep.equal(['ipkg'])
      })

      it('reads the authorisations and profiles of a user other than root', async () => {
        await host.seed({user: {name: 'bob', profiles: ['Zone Management']}})
        const {facts} = factsOf(host)
        const user = await facts.user()
        expect(user).to.include({uid: 101, name: 'bob'})
        expect(user.profiles).to.deep.equal(['Zone Management', 'Basic Solaris User', 'All'])
        expect(user.auths).to.include('solaris.device.cdrw').and.not.include('solaris.zone.manage')
        const [problem] = privilegeProblems(user)
        expect(problem.code).to.equal('zmgr::host::privileges')
        expect(problem.message).to.equal(
          'user bob (uid 101) may not manage zones: it lacks the rights profiles Zone Security, Network Management, Software Installation and the authorisation solaris.zone.manage',
        )
        expect(problem.help).to.include(
          "usermod -P 'Zone Management,Zone Security,Network Management,Software Installation' bob",
        )
      })
    })
  }

  describe('privileges', () => {
    const user = (profiles: string[], auths: string[] = []) => ({uid: 101, name: 'bob', profiles, auths})
    it('accepts root, Primary Administrator, and the four zone profiles with the zone authorisation', () => {
      expect(privilegeProblems({uid: 0, name: 'root', profiles: [], auths: []})).to.deep.equal([])
      expect(privilegeProblems(user(['Primary Administrator'], ['solaris.*']))).to.deep.equal([])
      expect(
        privilegeProblems(
          user(['Zone Management', 'Zone Security', 'Network Management', 'Software Installation'], ['solaris.zone.*']),
        ),
      ).to.deep.equal([])
      expect(
        privilegeProblems(user(['Zone Management', 'Zone Security'], ['solaris.zone.*']), ['zoneadm', 'zonecfg']),
      ).to.deep.equal([])
    })
    it('names what is missing: a profile, or the authorisation', () => {
      expect(
        privilegeProblems(user(['Zone Management', 'Zone Security', 'Network Management'], ['solaris.zone.*']))[0].data,
      ).to.deep.include({missingProfiles: ['Software Installation'], missingAuth: null})
      expect(
        privilegeProblems(user(['Zone Management', 'Zone Security', 'Network Management', 'Software Installation']))[0]
          .data,
      ).to.deep.include({missingProfiles: [], missingAuth: 'solaris.zone.manage'})
    })
  })
})
