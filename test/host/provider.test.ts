import {expect} from 'chai'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {type SystemRunner, setSystemProvider} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** Every command takes its system runner and clock from src/system/provider.ts: replacing them there reaches the commands. */
/** The provider is this process's: these runs stay in process under ZMGR_TEST_PROCESS=1 too. */
const IN_PROCESS = {process: false}

describe('the injectable system runner and clock', function () {
  this.timeout(120_000)
  let host: TestHost
  let restore: (() => void) | undefined
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'], IN_PROCESS)).exitCode).to.equal(0)
  })
  afterEach(async () => {
    restore?.()
    restore = undefined
    await host.cleanup()
  })

  it("commands run system commands through the provider's runner and date zone files by its clock", async () => {
    // The provider's runners: this host's simulated commands, each call in their history.
    const runners: SystemRunner[] = []
    const seen = () => runners.flatMap((runner) => runner.history.map((call) => call.argv.join(' ')))
    restore = setSystemProvider({
      runner: () => {
        const runner = host.systemRunner()
        runners.push(runner)
        return runner
      },
      now: () => new Date(2001, 1, 3, 12),
    })
    const created = await host.zmgr(['zones', 'create', 'web01', '--no-boot'], IN_PROCESS)
    expect(created.exitCode, created.stderr).to.equal(0)
    expect(await readFile(join(host.root, 'zones', 'web01.kdl'), 'utf8')).to.include('created "2001-02-03"')
    expect(seen()).to.include('dladm create-vnic -l igb0 web01_0')
    expect(seen().some((line) => line.startsWith('zoneadm -z web01 install'))).to.equal(true)

    runners.length = 0
    expect((await host.zmgr(['zones', 'list'], IN_PROCESS)).stdout).to.match(/^web01\s+installed/m)
    expect(seen().some((line) => line.startsWith('zoneadm list'))).to.equal(true)
  })

  it('restores the defaults', async () => {
    restore = setSystemProvider({now: () => new Date(2001, 1, 3, 12)})
    restore()
    restore = undefined
    expect((await host.zmgr(['zones', 'create', 'web01', '--no-boot'], IN_PROCESS)).exitCode).to.equal(0)
    expect(await readFile(join(host.root, 'zones', 'web01.kdl'), 'utf8')).to.not.include('created "2001-02-03"')
  })
})
