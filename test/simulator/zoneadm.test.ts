import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('simulator: zoneadm list', () => {
  let host: TestHost
  const zoneadm = (...args: string[]) => host.run('zoneadm', args)

  before(async () => {
    host = await createTestHost({
      seed: {
        brands: ['ipkg', 'lipkg', 'sparse', 'bhyve'],
        zones: [
          {name: 'web', state: 'running', brand: 'lipkg', nets: [{physical: 'web0'}], zoneid: 3, debugid: 12},
          {name: 'db', state: 'installed', brand: 'sparse', debugid: 13},
          {name: 'vm1', state: 'configured', brand: 'bhyve', debugid: 14},
          {name: 'odd', state: 'installed', zonepath: '/zones/a:b', ipType: 'shared', debugid: 15},
          {name: 'half', state: 'incomplete', debugid: 16},
        ],
      },
    })
  })
  after(async () => host.cleanup())

  it('lists only zones with a kernel instance by default, global first', async () => {
    const result = await zoneadm('list')
    expect(result.stdout).to.equal('global\nweb\n')
    expect((await zoneadm('list', '-n')).stdout).to.equal('web\n')
  })

  it('adds installed zones with -i and every zone with -c, in index order', async () => {
    expect((await zoneadm('list', '-i')).stdout).to.equal('global\nweb\ndb\nodd\n')
    expect((await zoneadm('list', '-c')).stdout).to.equal('global\nweb\ndb\nvm1\nodd\nhalf\n')
  })

  it('prints the parsable format with escaped colons, empty uuids and debugids', async () => {
    const {stdout} = await zoneadm('list', '-cp')
    const lines = stdout.split('\n')
    expect(lines[0]).to.equal('0:global:running:/::ipkg:shared:0')
    expect(lines[1]).to.match(/^3:web:running:\/zones\/web:[0-9a-f-]{36}:lipkg:excl:12$/)
    expect(lines[2]).to.match(/^-:db:installed:\/zones\/db:[0-9a-f-]{36}:sparse:excl:13$/)
    expect(lines[3]).to.equal('-:vm1:configured:/zones/vm1::bhyve:excl:14')
    expect(lines[4]).to.match(/^-:odd:installed:\/zones\/a\\:b:[0-9a-f-]{36}:lipkg:shared:15$/)
    expect(lines[5]).to.match(/^-:half:incomplete:\/zones\/half:[0-9a-f-]{36}:lipkg:excl:16$/)
  })

  it('prints the verbose format with printf widths and trailing spaces', async () => {
    const {stdout} = await zoneadm('list', '-iv')
    expect(stdout).to.equal(
      [
        '  ID NAME             STATUS     PATH                           BRAND    IP    ',
        '   0 global           running    /                              ipkg     shared',
        '   3 web              running    /zones/web                     lipkg    excl  ',
        '   - db               installed  /zones/db                      sparse   excl  ',
        '   - odd              installed  /zones/a:b                     lipkg    shared',
        '',
      ].join('\n'),
    )
  })

  it('prints one zone whatever its state with -z, and rejects -c with -z', async () => {
    expect((await zoneadm('-z', 'vm1', 'list', '-p')).stdout).to.equal('-:vm1:configured:/zones/vm1::bhyve:excl:14\n')
    const usage = await zoneadm('-z', 'vm1', 'list', '-c')
    expect(usage.exitCode).to.equal(2)
    expect(usage.stderr).to.match(/^usage:\tlist /)
  })

  it('rejects -p with -v and unknown zones', async () => {
    const both = await zoneadm('list', '-pv')
    expect(both.stderr).to.equal('zoneadm: list -p and -v are mutually exclusive.\n')
    expect(both.exitCode).to.equal(1)
    const unknown = await zoneadm('-z', 'nope', 'list')
    expect(unknown.stderr).to.equal('zoneadm: nope: No such zone configured\n')
    expect(unknown.exitCode).to.equal(1)
  })

  it('prints the full usage for a missing or unknown subcommand (exit 2) and help to stdout', async () => {
    for (const args of [[], ['frobnicate']]) {
      const result = await zoneadm(...args)
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.match(/^usage:\tzoneadm help\n/)
    }
    const help = await zoneadm('help')
    expect(help.exitCode).to.equal(0)
    expect(help.stdout).to.match(/^usage:\tzoneadm help\n/)
  })
})

describe('simulator: zone life cycle', () => {
  let host: TestHost
  const zoneadm = (...args: string[]) => host.run('zoneadm', args)
  const zone = (name: string) => host.state().zones.find((z) => z.name === name)!

  beforeEach(async () => {
    host = await createTestHost()
    await host.run('zonecfg', [
      '-z',
      'web01',
      'create -b; set zonepath=/zones/web01; set brand=lipkg; set ip-type=exclusive; add net; set physical=web01_0; set allowed-address=192.0.2.100/24; end',
    ])
  })
  afterEach(async () => host.cleanup())

  it('installs (printing the installer lines), boots, reboots with a new id, halts and uninstalls', async () => {
    const install = await zoneadm('-z', 'web01', 'install')
    expect(install.exitCode).to.equal(0)
    const lines = install.stdout.split('\n')
    expect(lines.slice(0, 10)).to.deep.equal(
      [
        'A ZFS file system has been created for this zone.',
        '',
        "Sanity Check: Looking for 'entire' incorporation.",
        '       Image: Preparing at /zones/web01/root.',
        '       Cache: Using /var/pkg/publisher.',
        '  Installing: Packages (output follows)',
        '   Publisher: Using omnios (https://pkg.omnios.org/r151054/core/).',
        '   Publisher: Using extra.omnios (https://pkg.omnios.org/r151054/extra/).',
        ' Postinstall: Copying SMF seed repository ... done.',
      ].concat(lines[9]!),
    )
    expect(lines[9]).to.match(/^ {8}Done: Installation completed in \d+\.\d{3} seconds\.$/)
    expect(lines.slice(10)).to.deep.equal(['', ''])
    expect(host.state().datasets.map((d) => [d.name, d.mountpoint])).to.deep.include.members([
      ['rpool/zones/web01', '/zones/web01'],
      ['rpool/zones/web01/ROOT', 'legacy'],
      ['rpool/zones/web01/ROOT/zbe', 'legacy'],
    ])
    expect(zone('web01').state).to.equal('installed')
    expect(zone('web01').uuid).to.match(UUID)

    const missingVnic = await zoneadm('-z', 'web01', 'boot')
    expect(missingVnic.exitCode).to.equal(1)
    expect(missingVnic.stderr).to.equal(
      "zone 'web01': failed to add network device: No such file or directory\n" +
        "zoneadm: zone 'web01': call to zoneadmd failed\n",
    )
    await host.run('dladm', ['create-vnic', '-l', 'igb0', 'web01_0'])
    expect((await zoneadm('-z', 'web01', 'boot')).exitCode).to.equal(0)
    const firstId = zone('web01').id
    expect(zone('web01').state).to.equal('running')
    expect(firstId).to.be.a('number')

    const again = await zoneadm('-z', 'web01', 'boot')
    expect(again.stderr).to.equal("zone 'web01': zone is already booted\n")
    expect(again.exitCode).to.equal(0)

    const busy = await host.run('dladm', ['delete-vnic', 'web01_0'])
    expect(busy.stderr).to.equal('dladm: vnic deletion failed: link busy\n')

    await zoneadm('-z', 'web01', 'reboot')
    expect(zone('web01').id).to.be.greaterThan(firstId!)
    const uuid = zone('web01').uuid

    const unsafe = await zoneadm('-z', 'web01', 'uninstall', '-F')
    expect(unsafe.stderr).to.equal("zoneadm: zone 'web01': uninstall operation is invalid for running zones.\n")
    expect(unsafe.exitCode).to.equal(1)

    expect((await zoneadm('-z', 'web01', 'halt')).exitCode).to.equal(0)
    expect(zone('web01')).to.include({state: 'installed', id: null, uuid})

    const noForce = await zoneadm('-z', 'web01', 'uninstall')
    expect(noForce.stderr).to.equal(
      "zoneadm: zone 'web01': Input not from terminal and -F not specified: uninstall not done.\n",
    )
    expect(noForce.exitCode).to.equal(1)
    const uninstall = await zoneadm('-z', 'web01', 'uninstall', '-F')
    expect(uninstall.exitCode).to.equal(0)
    expect(uninstall.stdout).to.equal('The ZFS file system for this zone has been destroyed.\n')
    expect(host.state().datasets.filter((d) => d.name.startsWith('rpool/zones/web01'))).to.deep.equal([])
    expect(zone('web01')).to.include({state: 'configured', uuid: ''})
    expect(zone('web01').debugid).to.equal(1)
  })

  it('runs the sanity checks in order with their texts', async () => {
    const cases: Array<[string[], string]> = [
      [['-z', 'web01', 'boot'], "zoneadm: zone 'web01': must be installed before boot.\n"],
      [['-z', 'web01', 'reboot'], "zoneadm: zone 'web01': not running\n"],
      [['-z', 'web01', 'uninstall', '-F'], "zoneadm: zone 'web01': is already in state 'configured'.\n"],
      [['-z', 'global', 'halt'], "zoneadm: zone 'global': halt operation is invalid for the global zone.\n"],
      [['boot'], 'zoneadm: no zone specified\n'],
      [
        ['-z', 'web01', 'halt'],
        "cannot manage a zone which is in state 'configured'\nzone 'web01': could not start zoneadmd\n",
      ],
    ]
    for (const [args, stderr] of cases) {
      const result = await zoneadm(...args)
      expect(result.stderr, args.join(' ')).to.equal(stderr)
      expect(result.exitCode, args.join(' ')).to.equal(1)
    }
    await zoneadm('-z', 'web01', 'install')
    expect((await zoneadm('-z', 'web01', 'install')).stderr).to.equal("zoneadm: zone 'web01': is already installed.\n")
    await zoneadm('-z', 'web01', 'mark', 'incomplete')
    expect((await zoneadm('-z', 'web01', 'install')).stderr).to.equal(
      "zoneadm: zone 'web01': zone is incomplete; uninstall required.\n",
    )
    expect((await zoneadm('-z', 'web01', 'mark')).exitCode).to.equal(2)
  })

  it('creates global-nic VNICs at boot and removes them at halt', async () => {
    await host.run('zonecfg', [
      '-z',
      'odv',
      'create -t lipkg; set zonepath=/zones/odv; add net; set physical=odv0; set global-nic=igb1; set vlan-id=40; end',
    ])
    await zoneadm('-z', 'odv', 'install')
    expect((await zoneadm('-z', 'odv', 'boot')).exitCode).to.equal(0)
    const link = host.state().vnics.find((v) => v.name === 'odv0')
    expect(link).to.include({over: 'igb1', vid: 40, ownerZone: 'odv'})
    await zoneadm('-z', 'odv', 'halt')
    expect(host.state().vnics.map((v) => v.name)).to.not.include('odv0')
  })

  it('verifies with warnings only, and shuts down gracefully', async () => {
    const verify = await zoneadm('-z', 'web01', 'verify')
    expect(verify.exitCode).to.equal(0)
    expect(verify.stderr).to.equal(
      'WARNING: /zones/web01 does not exist, so it could not be verified.\n' +
        "When 'zoneadm install' is run, 'install' will try to create\n/zones/web01, and 'verify' will be tried again,\n" +
        "but the 'verify' may fail if:\nthe parent directory of /zones/web01 is group- or other-writable\nor\n" +
        '/zones/web01 overlaps with any other installed zones.\n',
    )
    await host.run('dladm', ['create-vnic', '-l', 'igb0', 'web01_0'])
    await zoneadm('-z', 'web01', 'install')
    await zoneadm('-z', 'web01', 'boot')
    expect((await zoneadm('-z', 'web01', 'shutdown')).exitCode).to.equal(0)
    expect(zone('web01').state).to.equal('installed')
  })

  it('clones an installed zone of the same brand', async () => {
    await zoneadm('-z', 'web01', 'install')
    await host.run('zonecfg', ['-z', 'web02', 'create -b; set zonepath=/zones/web02; set brand=lipkg'])
    expect((await zoneadm('-z', 'web02', 'clone', 'web01')).exitCode).to.equal(0)
    expect(zone('web02').state).to.equal('installed')
    expect(zone('web02').uuid).to.not.equal(zone('web01').uuid)
    expect(host.state().datasets.map((d) => d.name)).to.include.members([
      'rpool/zones/web02',
      'rpool/zones/web02/ROOT/zbe',
    ])
  })
})
