import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** Concurrency needs processes: called in this process, the simulated commands would run one after the other. */
const ATONCE = {process: true}

describe('simulator: concurrency and persistence', () => {
  let host: TestHost

  beforeEach(async () => {
    host = await createTestHost()
  })
  afterEach(async () => host.cleanup())

  it('creates 5 VNICs concurrently, all of them', async () => {
    const names = Array.from({length: 5}, (_, i) => `con${i}`)
    const results = await Promise.all(
      names.map((name) => host.run('dladm', ['create-vnic', '-l', 'igb0', name], ATONCE)),
    )
    expect(results.map((r) => r.exitCode)).to.deep.equal(names.map(() => 0))
    expect(
      host
        .state()
        .vnics.map((v) => v.name)
        .sort(),
    ).to.deep.equal([...names].sort())
  })

  it('configures different zones concurrently and keeps every one in the index', async () => {
    const names = Array.from({length: 4}, (_, i) => `z${i}`)
    const results = await Promise.all(
      names.map((name) => host.run('zonecfg', ['-z', name, `create -b; set zonepath=/zones/${name}`], ATONCE)),
    )
    expect(results.map((r) => r.exitCode)).to.deep.equal(names.map(() => 0))
    const listed = (await host.run('zoneadm', ['list', '-cn'])).stdout.trim().split('\n').sort()
    expect(listed).to.deep.equal([...names].sort())
    const debugids = host.state().zones.map((z) => z.debugid)
    expect(new Set(debugids).size).to.equal(names.length)
  })

  it('serialises commands on one zone: only one of two concurrent installs succeeds', async () => {
    await host.seed({zones: [{name: 'web'}]})
    const results = await Promise.all([1, 2].map(() => host.run('zoneadm', ['-z', 'web', 'install'], ATONCE)))
    expect(results.map((r) => r.exitCode).sort()).to.deep.equal([0, 1])
    expect(results.map((r) => r.stderr).join('')).to.equal("zoneadm: zone 'web': is already installed.\n")
  })

  it('keeps its state in readable JSON files between invocations', async () => {
    await host.run('zonecfg', ['-z', 'web', 'create -b; set zonepath=/zones/web'])
    const {readFile} = await import('node:fs/promises')
    const record = JSON.parse(await readFile(`${host.simState}/zones/web.json`, 'utf8'))
    expect(record).to.include({name: 'web', state: 'configured'})
    expect(JSON.parse(await readFile(`${host.simState}/index.json`, 'utf8'))).to.deep.equal(['web'])
  })

  it("lets exactly one of many waiters take over a dead holder's lock", async function () {
    this.timeout(180_000)
    const {execFileSync} = await import('node:child_process')
    const {mkdir, writeFile} = await import('node:fs/promises')
    await host.seed({zones: [{name: 'web'}]})
    // A pid that surely belonged to a process that has ended holds web's zone lock.
    const deadPid = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}),
    )
    await mkdir(`${host.simState}/locks`, {recursive: true})
    await writeFile(`${host.simState}/locks/zone.web`, `${deadPid}\n`)
    // The winner holds the lock long enough for a second takeover to strike, if one can.
    await host.injectFault({command: 'zoneadm', subcommand: 'install', action: 'slow', delayMs: 1000})
    // Every waiter finds the dead holder at once; the delay widens the window where two takeovers could both succeed.
    const env = {ZMGR_SIM_TAKEOVER_DELAY_MS: '500'}
    const results = await Promise.all(
      Array.from({length: 4}, () => host.run('zoneadm', ['-z', 'web', 'install'], {env, ...ATONCE})),
    )
    // Whoever entered while the winner still installed saw an incomplete zone: the lock was held twice.
    expect(results.map((r) => r.exitCode).sort()).to.deep.equal([0, 1, 1, 1])
    expect(new Set(results.filter((r) => r.exitCode === 1).map((r) => r.stderr))).to.deep.equal(
      new Set(["zoneadm: zone 'web': is already installed.\n"]),
    )
  })

  it('refuses to run without ZMGR_SIM_STATE', async () => {
    const result = await host.run('zoneadm', ['list'], {env: {ZMGR_SIM_STATE: undefined}})
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.equal("zoneadm: ZMGR_SIM_STATE is not set (it names the simulator's state folder)\n")
  })
})
