import {expect} from 'chai'
import {createTestHost, RELEASE_FILES, type TestHost} from 'zmgr/testing'

const ZONE_ADMIN = ['Zone Management', 'Zone Security', 'Network Management', 'Software Installation']

describe('simulator: host files and the user (cat, ls, id, auths, profiles; RBAC refusals)', function () {
  this.timeout(60_000)
  let host: TestHost
  afterEach(() => host?.cleanup())

  it('shows the release files and brand directories of each flavour, and a seeded host without them', async () => {
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
    expect((await host.run('cat', ['/etc/os-release'])).stdout).to.equal(RELEASE_FILES.openindiana.osRelease)
    expect((await host.run('cat', ['/etc/release'])).stdout.split('\n')[0]).to.equal(
      '             OpenIndiana Hipster 2024.10 (powered by illumos)',
    )
    expect((await host.run('ls', ['-1', '/usr/lib/brand'])).stdout).to.equal('ipkg\nnlipkg\nshared\n')
    const files = await host.run('ls', ['-1d', '/usr/lib/brand/nlipkg/config.xml', '/usr/lib/brand/kvm/config.xml'])
    expect(files).to.include({
      stdout: '/usr/lib/brand/nlipkg/config.xml\n',
      stderr: '/usr/lib/brand/kvm/config.xml: No such file or directory\n',
      exitCode: 2,
    })
    expect((await host.run('cat', ['/usr/lib/brand/nlipkg/config.xml'])).stdout).to.include('<brand name="nlipkg">')
    await host.seed({releaseFiles: {osRelease: null}})
    expect(await host.run('cat', ['/etc/os-release'])).to.include({
      stdout: '',
      stderr: 'cat: cannot open /etc/os-release: No such file or directory\n',
      exitCode: 2,
    })
  })

  it('runs the real command for anything it does not simulate', async () => {
    host = await createTestHost()
    const echo = await host.run('cat', [], {input: 'through\n'})
    expect(echo).to.include({stdout: 'through\n', exitCode: 0})
    expect((await host.run('ls', ['-1', host.dir])).stdout).to.include('sim-state')
  })

  it('says who the user is: root by default, a seeded user with auths and profiles', async () => {
    host = await createTestHost()
    expect((await host.run('id', [])).stdout).to.equal('uid=0(root) gid=0(root)\n')
    expect((await host.run('auths', [])).stdout).to.equal('solaris.*\n')
    await host.seed({user: {name: 'bob', profiles: ['Zone Security']}})
    expect((await host.run('id', [])).stdout).to.equal('uid=101(bob) gid=10(staff)\n')
    expect((await host.run('id', ['-un'])).stdout).to.equal('bob\n')
    expect((await host.run('auths', [])).stdout).to.equal(
      'solaris.zone.*,solaris.zone.grant,solaris.device.cdrw,solaris.profmgr.read,solaris.mail.mailq\n',
    )
    expect((await host.run('profiles', [])).stdout).to.equal('Zone Security\nBasic Solaris User\nAll\n')
    expect((await host.run('profiles', ['bob'])).stdout).to.equal(
      'bob:\n          Zone Security\n          Basic Solaris User\n          All\n',
    )
    expect(host.state().user).to.deep.include({name: 'bob', uid: 101})
  })

  it('refuses an unprivileged user as zoneadm, zonecfg, dladm and pkg do', async () => {
    host = await createTestHost({seed: {zones: [{name: 'web01', state: 'installed'}]}})
    await host.seed({user: {name: 'bob'}})
    expect(await host.run('zoneadm', ['-z', 'web01', 'boot'])).to.include({
      stderr: "zoneadm: zone 'web01': only a privileged user may boot a zone.\n",
      exitCode: 1,
    })
    expect((await host.run('zoneadm', ['list', '-c'])).exitCode).to.equal(0)
    const cfg = await host.run('zonecfg', ['-z', 'web01', '-f', '-'], {input: 'set autoboot=true\n'})
    expect(cfg.stderr).to.equal(
      "WARNING: you do not have write access to this zone's configuration file;\ngoing into read-only mode.\nOn line 1:\nweb01: cannot set in read-only mode.\n",
    )
    expect(cfg.exitCode).to.equal(1)
    expect((await host.run('zonecfg', ['-z', 'web01', 'info', 'autoboot'])).stdout).to.equal('autoboot: false\n')
    expect(await host.run('dladm', ['create-vnic', '-l', 'igb0', 'web02_0'])).to.include({
      stderr: 'dladm: vnic creation over igb0 failed: permission denied\n',
      exitCode: 1,
    })
    const pkg = await host.run('pkg', [
      '-R',
      '/zones/web01/root',
      'set-publisher',
      '-g',
      'https://example.org/',
      'extra',
    ])
    expect(pkg).to.include({
      stderr:
        'pkg: Could not operate on /zones/web01/root\nbecause of insufficient permissions. Please try the command again as a privileged user.\n',
      exitCode: 1,
    })
    expect((await host.run('pkg', ['publisher', '-H'])).exitCode).to.equal(0)
  })

  it('lets profiles through: Zone Management alone lacks the authorisation, the four zone profiles suffice', async () => {
    host = await createTestHost({seed: {zones: [{name: 'web01', state: 'installed'}]}})
    await host.seed({user: {name: 'bob', profiles: ['Zone Management']}})
    expect((await host.run('zoneadm', ['-z', 'web01', 'boot'])).stderr).to.equal(
      "zoneadm: zone 'web01': User bob is not authorized to boot this zone.\n",
    )
    await host.seed({user: {name: 'bob', profiles: ['Zone Management'], auths: ['solaris.zone.manage/web01']}})
    expect((await host.run('zoneadm', ['-z', 'web01', 'boot'])).exitCode).to.equal(0)
    await host.seed({user: {name: 'bob', profiles: ZONE_ADMIN}})
    expect((await host.run('zonecfg', ['-z', 'web01', 'set autoboot=true'])).exitCode).to.equal(0)
    expect((await host.run('dladm', ['create-vnic', '-l', 'igb0', 'web02_0'])).exitCode).to.equal(0)
  })
})
