import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {hostname} from 'node:os'
import {creatorAlive, readItem, zoneKind} from 'zmgr'
import {currentProcess, processAlive} from '../../dist/fs/process.js'
import {readConfig} from '../../dist/registry/config.js'
import {createTestHost, type TestHost} from 'zmgr/testing'
import {faultFired, output} from '../stress/helpers.js'

function entry(status: string) {
  const {value, diagnostics} = readItem(
    zoneKind,
    '/r/zones/web01.kdl',
    `zone "web01" {\n    brand "ipkg"\n    zonepath "/zones/web01"\n    ${status}\n}\n`,
  )
  if (!value) throw new Error(diagnostics.map((d) => d.message).join('; '))
  return value
}

describe('ipam: who is creating a zone', () => {
  it('tells a live creating process from a dead one, a reused pid and another host', async () => {
    const me = currentProcess()
    const started = new Date(me.started).toISOString()
    expect(creatorAlive(entry(`status "creating" pid=${me.pid} host="${me.host}" started="${started}"`))).to.equal(true)
    const child = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => child.on('exit', resolve))
    expect(
      creatorAlive(entry(`status "creating" pid=${child.pid} host="${hostname()}" started="${started}"`)),
    ).to.equal(false)
    if (process.platform === 'linux') {
      // Our pid, but a process that started a day earlier: the pid was reused, the creator is gone.
      expect(
        creatorAlive(
          entry(
            `status "creating" pid=${me.pid} host="${me.host}" started="${new Date(me.started - 86_400_000).toISOString()}"`,
          ),
        ),
      ).to.equal(false)
    }
    expect(creatorAlive(entry(`status "creating" pid=${me.pid} host="elsewhere.example"`))).to.equal(undefined)
    expect(creatorAlive(entry('status "creating"'))).to.equal(undefined)
    expect(creatorAlive(entry('status "incomplete" step="install"'))).to.equal(undefined)
    expect(processAlive({pid: me.pid, host: me.host, started: me.started})).to.equal(true)
  })

  it('reports a status line zmgr did not write', () => {
    const {diagnostics} = readItem(
      zoneKind,
      '/r/zones/web01.kdl',
      'zone "web01" {\n    brand "ipkg"\n    zonepath "/zones/web01"\n    status "creatin" pid="x"\n}\n',
    )
    expect(diagnostics.map((d) => d.code)).to.deep.equal(['zmgr::zone::status'])
  })
})

describe('ipam: lock-timeout in config.kdl', () => {
  it('reads seconds and refuses a negative or non-integer value, pointing at it', () => {
    expect(readConfig('/r/config.kdl', 'lock-timeout 600\n').value?.lockTimeoutMs).to.equal(600_000)
    expect(readConfig('/r/config.kdl', '').value?.lockTimeoutMs).to.equal(undefined)
    const negative = readConfig('/r/config.kdl', 'lock-timeout -5\n')
    expect(negative.diagnostics.map((d) => `${d.code} ${d.location?.line}:${d.location?.column}`)).to.deep.equal([
      'zmgr::config::lock-timeout 1:14',
    ])
    expect(readConfig('/r/config.kdl', 'lock-timeout "5m"\n').diagnostics.map((d) => d.code)).to.deep.equal([
      'zmgr::schema::wrong-type',
    ])
  })
})

describe('ipam: one writer per zone (against the simulator)', function () {
  this.timeout(300_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  afterEach(() => host.cleanup())

  it('refuses to destroy a zone while its create runs, waits (and says so) for boot, and finishes a killed create', async () => {
    const hang = {command: 'zoneadm', subcommand: 'install', action: 'hang'} as const
    await host.injectFault({...hang, count: 1})
    const create = host.start(['zones', 'create', 'web01'], {simulator: 'in-process'})
    await faultFired(host, hang)

    const destroy = await host.zmgr(['zones', 'destroy', 'web01', '--yes'])
    expect(destroy.exitCode, output(destroy)).to.equal(1)
    expect(destroy.stderr)
      .to.include('zmgr::zone::busy')
      .and.include(`zone "web01" is being created (pid ${create.pid}`)
      .and.include(`kill ${create.pid}`)

    const boot = await host.zmgr(['zones', 'boot', 'web01'], {env: {ZMGR_LOCK_TIMEOUT: '2'}})
    expect(boot.exitCode, output(boot)).to.equal(1)
    expect(boot.stderr)
      .to.include('zmgr: waiting for the zone.web01 lock, held by pid')
      .and.include('zmgr::lock::timeout')
      .and.include('gave up after 2 s')
    const badTimeout = await host.zmgr(['zones', 'boot', 'web01'], {env: {ZMGR_LOCK_TIMEOUT: 'soon'}})
    expect(badTimeout.exitCode).to.equal(2)
    expect(badTimeout.stderr).to.include('zmgr::config::lock-timeout')

    const list = await host.zmgr(['zones', 'list'])
    expect(list.stdout).to.include('creating')
    create.kill('SIGKILL')
    await create.result
    expect((await host.zmgr(['zones', 'list'])).stdout).to.include('its zmgr is gone')
    const finish = await host.zmgr(['zones', 'destroy', 'web01', '--yes'])
    expect(finish.exitCode, output(finish)).to.equal(0)
    expect(host.state().zones).to.deep.equal([])
    expect(host.state().vnics).to.deep.equal([])
  })
})
