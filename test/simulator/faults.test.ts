import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('simulator: fault injection', () => {
  let host: TestHost
  const zoneadm = (...args: string[]) => host.run('zoneadm', args)

  beforeEach(async () => {
    host = await createTestHost({seed: {zones: [{name: 'web01'}, {name: 'web02'}]}})
  })
  afterEach(async () => host.cleanup())

  it('fails a step for one zone with a realistic message, leaving install incomplete', async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'fail'})
    const failed = await zoneadm('-z', 'web01', 'install')
    expect(failed.exitCode).to.equal(1)
    expect(failed.stderr).to.equal(
      'ERROR: failed to install packages in the zone image: pkg(1) exited with status 1.\n',
    )
    expect(host.state().zones.find((z) => z.name === 'web01')!.state).to.equal('incomplete')
    expect((await zoneadm('-z', 'web02', 'install')).exitCode).to.equal(0)
  })

  it('uses a given message and exit code', async () => {
    await host.injectFault({
      command: 'dladm',
      subcommand: 'create-vnic',
      action: 'fail',
      exitCode: 3,
      message: 'dladm: boom',
    })
    const result = await host.run('dladm', ['create-vnic', '-l', 'igb0', 'web0'])
    expect(result).to.include({exitCode: 3, stderr: 'dladm: boom\n'})
    expect(host.state().vnics).to.deep.equal([])
  })

  it('fires only on the Nth matching call, or a limited number of times', async () => {
    await host.injectFault({command: 'zonecfg', subcommand: 'info', target: 'web01', action: 'fail', nth: 2})
    const results = []
    for (let i = 0; i < 3; i++) results.push((await host.run('zonecfg', ['-z', 'web01', 'info'])).exitCode)
    expect(results).to.deep.equal([0, 1, 0])
    await host.clearFaults()
    expect(host.state().faults).to.deep.equal([])
    await host.injectFault({command: 'zonecfg', action: 'fail', count: 1})
    expect((await host.run('zonecfg', ['-z', 'web02', 'info'])).exitCode).to.equal(1)
    expect((await host.run('zonecfg', ['-z', 'web02', 'info'])).exitCode).to.equal(0)
    expect(host.state().faults[0]).to.include({calls: 2, fired: 1})
  })

  it('matches zonecfg command words inside one-line invocations', async () => {
    await host.injectFault({command: 'zonecfg', subcommand: 'delete', target: 'web02', action: 'fail'})
    const result = await host.run('zonecfg', ['-z', 'web02', 'delete', '-F'])
    expect(result).to.include({exitCode: 1, stderr: 'web02: Problem updating index file\n'})
    expect(host.state().zones.map((z) => z.name)).to.include('web02')
  })

  it('slows a command down by the given delay', async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'list', action: 'slow', delayMs: 400})
    const started = Date.now()
    expect((await zoneadm('list', '-cp')).exitCode).to.equal(0)
    expect(Date.now() - started).to.be.at.least(400)
  })

  it("hangs until killed without blocking other zones; the dead holder's zone lock is taken over", async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'hang', count: 1})
    const hung = spawn('zoneadm', ['-z', 'web01', 'install'], {env: host.env, stdio: 'ignore'})
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      hung.on('exit', (code, signal) => resolve([code, signal])),
    )
    while (!host.state().faults.some((fault) => fault.fired > 0))
      await new Promise((resolve) => setTimeout(resolve, 50))
    const other = await zoneadm('-z', 'web02', 'install')
    expect(other.exitCode).to.equal(0)
    expect(hung.exitCode, 'the hung install ended by itself').to.equal(null)
    hung.kill('SIGTERM')
    expect(await ended).to.deep.equal([null, 'SIGTERM'])
    // The killed install left web01 incomplete, as a real interrupted install does.
    expect(host.state().zones.find((z) => z.name === 'web01')!.state).to.equal('incomplete')
    expect((await zoneadm('-z', 'web01', 'uninstall', '-F')).exitCode).to.equal(0)
  })
})
