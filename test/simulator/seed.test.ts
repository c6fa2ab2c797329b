import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('simulator: seeding and the harness', () => {
  let host: TestHost

  afterEach(async () => host.cleanup())

  it('starts with igb0, igb1 and stub0 and an environment pointing at the simulator', async () => {
    host = await createTestHost()
    expect(host.state().links.map((l) => [l.name, l.class])).to.deep.equal([
      ['igb0', 'phys'],
      ['igb1', 'phys'],
      ['stub0', 'etherstub'],
    ])
    expect(host.env.PATH!.split(':')[0]).to.equal(host.binDir)
    expect(host.env).to.include({ZMGR_SIM_STATE: host.simState, ZMGR_ROOT: host.root, NO_COLOR: '1'})
    expect(host.root).to.equal(`${host.dir}/etc-zmgr`)
    const which = await host.run('sh', ['-c', 'command -v zoneadm'])
    expect(which.stdout.trim()).to.equal(`${host.binDir}/zoneadm`)
  })

  it('seeds zones in any state and brand with resources and odd zonepaths', async () => {
    host = await createTestHost({
      seed: {
        brands: ['ipkg', 'lipkg', 'bhyve', 'lx'],
        zones: [
          {
            name: 'web',
            state: 'running',
            brand: 'lipkg',
            autoboot: true,
            props: {'cpu-shares': '10', limitpriv: 'default,dtrace_proc'},
            nets: [{physical: 'web0', 'allowed-address': '192.0.2.10/24', defrouter: '192.0.2.1', over: 'igb1'}],
            attrs: [{name: 'resolvers', value: '1.1.1.1,9.9.9.9'}],
            fs: [{dir: '/data', special: '/export/data', type: 'lofs', options: ['ro']}],
            datasets: ['tank/web'],
            cappedMemory: {physical: '2G', swap: '4G'},
          },
          {
            name: 'vm',
            state: 'installed',
            brand: 'bhyve',
            attrs: [{name: 'ram', value: '2G'}],
            devices: ['/dev/zvol/rdsk/tank/vm'],
          },
          {name: 'lx1', state: 'configured', brand: 'lx', zonepath: '/zones/odd:path'},
          {name: 'shared', state: 'ready', ipType: 'shared', nets: [{physical: 'igb0', address: '192.0.2.20/24'}]},
        ],
      },
    })
    const state = host.state()
    const web = state.zones.find((z) => z.name === 'web')!
    expect(web).to.include({state: 'running', brand: 'lipkg', autoboot: true, ipType: 'exclusive'})
    expect(web.id).to.be.a('number')
    expect(web.nets).to.deep.equal([{physical: 'web0', 'allowed-address': '192.0.2.10/24', defrouter: '192.0.2.1'}])
    expect(web.publishers.map((p) => p.name)).to.deep.equal(['omnios', 'extra.omnios'])
    expect(state.vnics.find((v) => v.name === 'web0')).to.include({over: 'igb1'})
    expect(state.zones.find((z) => z.name === 'vm')!.publishers).to.deep.equal([])
    const info = await host.run('zonecfg', ['-z', 'web', 'info'])
    expect(info.stdout)
      .to.contain('[cpu-shares: 10]\n')
      .and.contain('\t[physical: 2G]\n')
      .and.contain('\toptions: [ro]\n')
    expect((await host.run('zoneadm', ['-z', 'lx1', 'list', '-p'])).stdout).to.equal(
      '-:lx1:configured:/zones/odd\\:path::lx:excl:3\n',
    )
    expect((await host.run('zoneadm', ['list'])).stdout).to.equal('global\nweb\nshared\n')
  })

  it('refuses a seed that zonecfg would refuse, with its messages', async () => {
    host = await createTestHost()
    let error: Error | undefined
    try {
      await host.seed({zones: [{name: 'bad', nets: [{physical: 'bad-name'}]}]})
    } catch (caught) {
      error = caught as Error
    }
    expect(error?.message).to.contain('bad-name: invalid physical interface name')
  })

  it('switches to the OpenIndiana flavour', async () => {
    host = await createTestHost({flavour: 'openindiana'})
    expect(host.state()).to.include({flavour: 'openindiana'})
    expect(host.state().brands).to.deep.equal(['ipkg'])
    await host.run('zonecfg', ['-z', 'oi', 'create; set zonepath=/zones/oi'])
    expect((await host.run('zoneadm', ['-z', 'oi', 'list', '-p'])).stdout).to.equal(
      '-:oi:configured:/zones/oi::ipkg:shared\n',
    )
  })
})
