import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('simulator: zfs', () => {
  let host: TestHost
  const zfs = (...args: string[]) => host.run('zfs', args)

  afterEach(async () => host.cleanup())

  it('starts with the root pool, its boot environment on / and the /zones dataset', async () => {
    host = await createTestHost()
    const list = await zfs('list', '-H', '-t', 'filesystem', '-o', 'name,mountpoint,mounted')
    expect(list.exitCode).to.equal(0)
    expect(list.stdout).to.equal(
      [
        'rpool\t/rpool\tyes',
        'rpool/ROOT\tlegacy\tno',
        'rpool/ROOT/omnios\t/\tyes',
        'rpool/export\t/export\tyes',
        'rpool/export/home\t/export/home\tyes',
        'rpool/zones\t/zones\tyes',
        '',
      ].join('\n'),
    )
    const human = await zfs('list', 'rpool/zones')
    expect(human.stdout).to.equal(
      'NAME         USED  AVAIL  REFER  MOUNTPOINT\nrpool/zones   96K   200G    96K  /zones\n',
    )
  })

  it('can start without a zonepath parent, and seeds datasets with inherited mountpoints', async () => {
    host = await createTestHost({
      flavour: 'openindiana',
      seed: {datasets: [{name: 'tank/vms', mountpoint: '/vms'}, {name: 'tank/vms/a'}]},
    })
    const list = await zfs('list', '-H', '-o', 'name,mountpoint')
    expect(list.stdout).to.not.include('rpool/zones')
    expect(list.stdout).to.include('rpool/ROOT/openindiana\t/\n')
    const get = await zfs('get', '-H', '-o', 'value,source', 'mountpoint', 'tank/vms', 'tank/vms/a', 'tank')
    expect(get.stdout).to.equal('/vms\tlocal\n/vms/a\tinherited from tank/vms\n/tank\tdefault\n')
  })

  it('creates, sets and destroys datasets with zfs texts and exit codes', async () => {
    host = await createTestHost()
    expect((await zfs('create', 'rpool/zones/a/b')).stderr).to.equal(
      "cannot create 'rpool/zones/a/b': parent does not exist\n",
    )
    expect((await zfs('create', '-p', '-o', 'mountpoint=/data', 'rpool/data/x')).exitCode).to.equal(0)
    const exists = await zfs('create', 'rpool/data')
    expect(exists.stderr).to.equal("cannot create 'rpool/data': dataset already exists\n")
    expect(exists.exitCode).to.equal(1)
    const children = await zfs('destroy', 'rpool/data')
    expect(children.stderr).to.equal(
      "cannot destroy 'rpool/data': filesystem has children\nuse '-r' to destroy the following datasets:\nrpool/data/x\n",
    )
    expect(children.exitCode).to.equal(1)
    expect((await zfs('set', 'mountpoint=legacy', 'rpool/data/x')).exitCode).to.equal(0)
    expect((await zfs('list', '-H', '-o', 'mountpoint,mounted', 'rpool/data/x')).stdout).to.equal('legacy\tno\n')
    expect((await zfs('destroy', '-r', 'rpool/data')).exitCode).to.equal(0)
    const gone = await zfs('get', '-H', '-o', 'value', 'mountpoint', 'rpool/data')
    expect(gone.stderr).to.equal("cannot open 'rpool/data': dataset does not exist\n")
    expect(gone.exitCode).to.equal(1)
    const bad = await zfs('list', '-o', 'name,bogus')
    expect(bad.stderr).to.match(/^bad property list: invalid property 'bogus'\nusage:\n\tlist /)
    expect(bad.exitCode).to.equal(2)
  })

  it('is seeded by illumos-sim seed-dataset', async () => {
    host = await createTestHost({seed: {datasets: []}})
    const seeded = await host.run('illumos-sim', ['seed-dataset', 'rpool/zones', '--mountpoint', '/zones'])
    expect(seeded.exitCode).to.equal(0)
    expect(host.state().datasets.find((d) => d.name === 'rpool/zones')).to.include({
      mountpoint: '/zones',
      mounted: true,
    })
  })
})
