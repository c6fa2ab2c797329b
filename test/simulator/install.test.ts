import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

// CONTRACT v2 §2.3, §2.3.1, §2.4, §2.6, §4, §7.5, §7.6: install, the zonepath dataset and zoneadmd's answers.
describe('simulator: zoneadm install and zoneadmd (contract v2)', () => {
  let host: TestHost
  const zoneadm = (...args: string[]) => host.run('zoneadm', args)
  const zone = (name: string) => host.state().zones.find((z) => z.name === name)!
  const configure = (name: string, brand: string, extra = '') =>
    host.run('zonecfg', [
      '-z',
      name,
      `create -b; set zonepath=/zones/${name}; set brand=${brand}; set ip-type=exclusive${extra}`,
    ])

  afterEach(async () => host.cleanup())

  it('refuses installer options a brand does not take: usage 253, zoneadm usage, zone left incomplete', async () => {
    host = await createTestHost({seed: {brands: ['ipkg', 'lipkg', 'sparse', 'bhyve']}})
    await configure('sp', 'sparse')
    const result = await zoneadm('-z', 'sp', 'install', '-e', 'ooce/runtime/node-22')
    expect(result.exitCode).to.equal(1)
    expect(result.stdout).to.equal('A ZFS file system has been created for this zone.\n')
    expect(result.stderr).to.equal(
      '/usr/lib/brand/sparse/pkgcreatezone: -e: unknown option\n\nbrand-specific usage: \n' +
        '        install [-h]\n        install [-s|-v]\n' +
        'usage:\tinstall [brand-specific args]\n\tInstall the configuration on to the system.  All arguments are passed\n' +
        '\tto the brand installation function; see brands(7) for options.\n',
    )
    expect(zone('sp').state).to.equal('incomplete')
    await configure('vm', 'bhyve')
    const nodataset = await zoneadm('-z', 'vm', 'install', '-x', 'nodataset')
    expect(nodataset.stderr).to.match(
      /^\/usr\/lib\/brand\/bhyve\/createzone: -x: unknown option\n\nbrand-specific usage: \n/,
    )
    expect(zone('vm').state).to.equal('incomplete')
  })

  it('prints the sparse order with the empty line, and installs pkgsrc with its bootstrap once', async () => {
    host = await createTestHost({seed: {brands: ['ipkg', 'lipkg', 'sparse', 'pkgsrc']}})
    await configure('sp', 'sparse')
    const sparse = await zoneadm('-z', 'sp', 'install')
    expect(sparse.exitCode).to.equal(0)
    const lines = sparse.stdout.split('\n')
    expect(lines.slice(0, 8)).to.deep.equal([
      'A ZFS file system has been created for this zone.',
      '',
      '       Image: Preparing at /zones/sp/root.',
      "Sanity Check: Looking for 'entire' incorporation.",
      '   Publisher: Using omnios (https://pkg.omnios.org/r151054/core/).',
      '   Publisher: Using extra.omnios (https://pkg.omnios.org/r151054/extra/).',
      '       Cache: Using /var/pkg/publisher.',
      '  Installing: Packages (output follows)',
    ])
    expect(lines.slice(-3, -1)).to.deep.equal([lines.at(-3)!, ''])
    await configure('ps1', 'pkgsrc')
    await configure('ps2', 'pkgsrc')
    expect((await zoneadm('-z', 'ps1', 'install')).stdout).to.include(
      'Downloading pkgsrc bootstrap...\nInstalling pkgsrc bootstrap...\n',
    )
    const second = await zoneadm('-z', 'ps2', 'install')
    expect(second.stdout).to.not.include('Downloading')
    expect(second.stdout).to.include('Installing pkgsrc bootstrap...\n')
  })

  it('prints nothing of its own when the zonepath dataset exists, and Next Steps on OpenIndiana', async () => {
    const datasets = [{name: 'rpool/zones', mountpoint: '/zones'}, {name: 'rpool/zones/oi'}]
    host = await createTestHost({flavour: 'openindiana', seed: {datasets}})
    await host.run('zonecfg', ['-z', 'oi', 'create -b; set zonepath=/zones/oi'])
    const result = await zoneadm('-z', 'oi', 'install')
    expect(result.exitCode).to.equal(0)
    expect(result.stdout).to.match(
      /^Sanity Check: Looking for 'entire' incorporation\.\n {7}Image: Preparing at \/zones\/oi\/root\.\n {3}Publisher: /,
    )
    expect(result.stdout).to.match(
      new RegExp(
        String.raw`Done: Installation completed in [\d.]+ seconds\.\n\n {2}Next Steps: Boot the zone, then log into the zone console ` +
          String.raw`\(zlogin -C\)\n {14}to complete the configuration process\.\n$`,
      ),
    )
  })

  it('fails with the zonepath-dataset errors: parent not a dataset (stderr on OmniOS, stdout on OI), rpool/ROOT', async () => {
    host = await createTestHost({seed: {datasets: []}})
    await configure('web', 'lipkg')
    const noParent = await zoneadm('-z', 'web', 'install')
    expect(noParent.exitCode).to.equal(1)
    expect(noParent.stdout).to.equal("Sanity Check: Looking for 'entire' incorporation.\n")
    expect(noParent.stderr).to.equal(
      'ERROR: the zonepath must be a ZFS dataset.\nThe parent directory of the zonepath must be a ZFS dataset so that the\n' +
        'zonepath ZFS dataset can be created properly.\n',
    )
    expect(zone('web').state).to.equal('incomplete')
    await host.run('zonecfg', ['-z', 'top', 'create -b; set zonepath=/top; set brand=lipkg'])
    const inRoot = await zoneadm('-z', 'top', 'install')
    expect(inRoot.stdout).to.equal(
      "A ZFS file system has been created for this zone.\n\nSanity Check: Looking for 'entire' incorporation.\n",
    )
    expect(inRoot.stderr).to.equal(
      "ERROR: Installing a zone inside of the root pool's 'ROOT' dataset is unsupported.\n",
    )
    expect(zone('top').state).to.equal('incomplete')
    expect((await zoneadm('-z', 'top', 'uninstall', '-F')).exitCode).to.equal(0)
    expect(host.state().datasets.map((d) => d.name)).to.not.include('rpool/ROOT/omnios/top')

    const oi = await createTestHost({flavour: 'openindiana', seed: {datasets: []}})
    try {
      await oi.run('zonecfg', ['-z', 'web', 'create -b; set zonepath=/zones/web'])
      const result = await oi.run('zoneadm', ['-z', 'web', 'install'])
      expect(result.stdout).to.include('ERROR: the zonepath must be a ZFS dataset.\n')
      expect(result.stderr).to.equal('')
    } finally {
      await oi.cleanup()
    }
  })

  it('fails VM and lx installs without a zonepath dataset, and lx without a source', async () => {
    host = await createTestHost({seed: {brands: ['ipkg', 'lipkg', 'bhyve', 'lx'], datasets: []}})
    await configure('vm', 'bhyve')
    const vm = await zoneadm('-z', 'vm', 'install')
    expect(vm.stderr).to.equal(
      'ERROR: Could not find parent dataset for /zones/vm\nMake sure that /zones is a ZFS dataset\n',
    )
    await configure('lx1', 'lx')
    const lx = await zoneadm('-z', 'lx1', 'install')
    expect(lx.exitCode).to.equal(1)
    expect(lx.stdout).to.match(/^The installation source must be specified\.\n\nAvailable options are:\n/)
    expect(zone('lx1').state).to.equal('incomplete')
  })

  it('checks delegated datasets and fs specials before install, leaving the zone configured', async () => {
    const datasets = [
      {name: 'tank/vms', mountpoint: '/vms'},
      {name: 'tank/vms/web'},
      {name: 'tank/logs', mountpoint: 'legacy'},
    ]
    host = await createTestHost({seed: {datasets}})
    await configure(
      'web',
      'lipkg',
      '; add dataset; set name=tank/vms/web; end; add dataset; set name=tank/none; end' +
        '; add fs; set dir=/data; set special=/export/nothere; set type=lofs; end' +
        '; add fs; set dir=/logs; set special=tank/logs; set type=zfs; end',
    )
    const result = await zoneadm('-z', 'web', 'install')
    expect(result.exitCode).to.equal(1)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.equal(
      'could not verify fs /data: could not access /export/nothere: No such file or directory\n' +
        'could not verify zfs dataset tank/vms/web: mountpoint cannot be inherited\n' +
        'could not verify zfs dataset tank/none: dataset does not exist\n' +
        'zoneadm: zone web failed to verify\n',
    )
    expect(zone('web').state).to.equal('configured')
    expect(host.state().datasets.map((d) => d.name)).to.not.include('rpool/zones/web')
  })

  it('relays zoneadmd without the zoneadm prefix: already ready/halted, invalid states, mount and unmount', async () => {
    const zones = [
      {name: 'web', state: 'installed' as const, nets: [{physical: 'web0'}]},
      {name: 'half', state: 'incomplete' as const},
    ]
    host = await createTestHost({seed: {zones}})
    const halted = await zoneadm('-z', 'web', 'halt')
    expect([halted.exitCode, halted.stderr]).to.deep.equal([0, "zone 'web': zone is already halted\n"])
    const incomplete = await zoneadm('-z', 'half', 'halt')
    expect([incomplete.exitCode, incomplete.stderr]).to.deep.equal([
      1,
      "zone 'half': halt operation is invalid for zones in state 'incomplete'\n",
    ])
    expect((await zoneadm('-z', 'web', 'ready')).exitCode).to.equal(0)
    const ready = await zoneadm('-z', 'web', 'ready')
    expect([ready.exitCode, ready.stderr]).to.deep.equal([0, "zone 'web': zone is already ready\n"])
    const reboot = await zoneadm('-z', 'web', 'reboot')
    expect([reboot.exitCode, reboot.stderr]).to.deep.equal([
      1,
      "zone 'web': reboot operation is invalid for zones in state 'ready'\n",
    ])
    await zoneadm('-z', 'web', 'halt')

    expect(await zoneadm('-z', 'web', 'mount', '-x')).to.include({exitCode: 2, stderr: ''})
    expect((await zoneadm('-z', 'web', 'mount')).exitCode).to.equal(0)
    expect(zone('web')).to.include({state: 'mounted', id: null})
    expect((await zoneadm('list')).stdout).to.equal('global\n')
    expect((await zoneadm('list', '-i')).stdout).to.equal('global\nweb\n')
    const boot = await zoneadm('-z', 'web', 'boot')
    expect([boot.exitCode, boot.stderr]).to.deep.equal([
      1,
      "zone 'web': boot operation is invalid for zones in state 'mounted'\nzoneadm: zone 'web': call to zoneadmd failed\n",
    ])
    const halt = await zoneadm('-z', 'web', 'halt')
    expect([halt.exitCode, halt.stderr]).to.deep.equal([
      1,
      "zone 'web': halt operation is invalid for zones in state 'mounted'\n",
    ])
    expect((await zoneadm('-z', 'web', 'uninstall', '-F')).stderr).to.equal(
      "zoneadm: zone 'web': uninstall operation is invalid for mounted zones.\n",
    )
    expect((await zoneadm('-z', 'web', 'unmount')).exitCode).to.equal(0)
    const again = await zoneadm('-z', 'web', 'unmount')
    expect([again.exitCode, again.stderr]).to.deep.equal([0, "zone 'web': zone is already unmounted\n"])
  })

  it('reboots by halt and boot, shuts down -r gracefully; a missing exclusive link passes verify', async () => {
    const zones = [
      {name: 'web', state: 'running' as const, nets: [{physical: 'web0'}]},
      {name: 'db', state: 'installed' as const, nets: [{physical: 'db0'}], vnics: false},
    ]
    host = await createTestHost({seed: {zones}})
    expect((await zoneadm('-z', 'web', 'reboot')).exitCode).to.equal(0)
    expect(zone('web')).to.include({state: 'running', lastStop: 'halt'})
    expect((await zoneadm('-z', 'web', 'shutdown', '-r')).exitCode).to.equal(0)
    expect(zone('web')).to.include({state: 'running', lastStop: 'graceful'})
    const verify = await zoneadm('-z', 'db', 'verify')
    expect([verify.exitCode, verify.stderr]).to.deep.equal([0, ''])
  })

  it('uses a pre-existing link as an on-demand VNIC and deletes it at halt', async () => {
    host = await createTestHost({
      seed: {
        links: [{name: 'igb0'}, {name: 'odv0', class: 'vnic', over: 'igb0'}],
        zones: [{name: 'odv', state: 'installed', nets: [{physical: 'odv0', 'global-nic': 'igb0'}]}],
      },
    })
    const boot = await zoneadm('-z', 'odv', 'boot')
    expect([boot.exitCode, boot.stderr]).to.deep.equal([0, ''])
    await zoneadm('-z', 'odv', 'halt')
    expect(host.state().vnics.map((v) => v.name)).to.not.include('odv0')
  })

  it('prints 8 list -p fields on OmniOS and 7 on OpenIndiana', async () => {
    host = await createTestHost()
    expect((await zoneadm('list', '-p')).stdout).to.equal('0:global:running:/::ipkg:shared:0\n')
    const oi = await createTestHost({flavour: 'openindiana'})
    try {
      expect((await oi.run('zoneadm', ['list', '-p'])).stdout).to.equal('0:global:running:/::ipkg:shared\n')
      expect(oi.state().brands).to.deep.equal(['ipkg'])
    } finally {
      await oi.cleanup()
    }
    expect(host.state().brands).to.deep.equal(['ipkg', 'lipkg'])
  })
})
