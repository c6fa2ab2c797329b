import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {appendFile, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type RunResult, type TestHost} from 'zmgr/testing'

/**
 * Starts zmgr (the simulated commands as functions in its process: the test is
 * about zmgr's signal handling, not the executables), sends `signal` once the
 * injected hang has fired, and collects how zmgr ends.
 */
async function runAndSignal(host: TestHost, args: string[], signal: NodeJS.Signals): Promise<RunResult> {
  const run = host.start(args, {simulator: 'in-process', timeoutMs: 60_000})
  const poll = setInterval(() => {
    if (!host.state().faults.some((fault) => fault.fired > 0)) return
    clearInterval(poll)
    setTimeout(() => run.kill(signal), 200)
  }, 50)
  return run.result.finally(() => clearInterval(poll))
}

describe('zones: hung commands, timeouts and signals (issue 12, item 4)', function () {
  this.timeout(180_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  afterEach(() => host.cleanup())

  const zoneFile = (name: string) => join(host.root, 'zones', `${name}.kdl`)

  it('a hung zoneadm install times out (ZMGR_COMMAND_TIMEOUT) into a failed step with the report and the undo commands', async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'hang'})
    const started = Date.now()
    const result = await host.zmgr(['zones', 'create', 'web01'], {env: {ZMGR_COMMAND_TIMEOUT: '1'}, process: false})
    expect(Date.now() - started).to.be.below(45_000)
    expect(result.exitCode, result.stderr).to.equal(1)
    expect(result.stderr).to.match(
      /^error\[zmgr::system::timed-out\]: create web01 failed at step "Install zone web01": `zoneadm -z web01 install` did not finish within 1 s/m,
    )
    expect(result.stderr).to.include('  FAILED   Install zone web01')
    expect(result.stderr).to.include(
      'to undo what was done, run in this order:\n  zoneadm -z web01 uninstall -F\n  zonecfg -z web01 delete -F\n  dladm delete-vnic web01_0\n',
    )
    expect(await readFile(zoneFile('web01'), 'utf8')).to.include('status "incomplete" step="install"')
    // The zonecfg command file is gone although the create failed.
    expect(existsSync(join(host.root, '.work'))).to.equal(false)

    // The hung zoneadm was stopped (it held the zone's lock): destroy finishes the job.
    await host.clearFaults()
    const destroy = await host.zmgr(['zones', 'destroy', 'web01', '--yes'])
    expect(destroy.exitCode, destroy.stderr).to.equal(0)
    expect(host.state().zones.map((zone) => zone.name)).to.deep.equal([])
    expect(host.state().vnics).to.deep.equal([])
  })

  it('command-timeout in config.kdl applies when ZMGR_COMMAND_TIMEOUT is not set', async () => {
    await host.injectFault({command: 'dladm', subcommand: 'create-vnic', action: 'hang'})
    const config = join(host.root, 'config.kdl')
    // In process (even under ZMGR_TEST_PROCESS=1) only the hung command is a process: a short limit hits it alone.
    await appendFile(config, 'command-timeout 1\n')
    const result = await host.zmgr(['zones', 'create', 'web01'], {process: false})
    expect(result.exitCode, result.stderr).to.equal(1)
    expect(result.stderr).to.include('`dladm create-vnic -l igb0 web01_0` did not finish within 1 s')
    // Nothing but the entry was made: it is removed and its address is free again.
    expect(result.stderr).to.include('nothing of zone web01 was made')
    expect(existsSync(zoneFile('web01'))).to.equal(false)
  })

  it('a create-vnic that made the VNIC and then hung is undone: the VNIC is in the undo commands and --rollback deletes it', async () => {
    await host.injectFault({command: 'dladm', subcommand: 'create-vnic', action: 'hang', after: true, count: 1})
    const result = await host.zmgr(['zones', 'create', 'web01', '--rollback'], {
      env: {ZMGR_COMMAND_TIMEOUT: '2'},
      process: false,
    })
    expect(result.exitCode, result.stderr).to.equal(1)
    // Time for the hung dladm to start and make the VNIC on a loaded machine, before it hangs.
    expect(result.stderr).to.include('`dladm create-vnic -l igb0 web01_0` did not finish within 2 s')
    expect(result.stderr).to.not.include('nothing of zone web01 was made')
    expect(result.stderr).to.include('dladm delete-vnic web01_0')
    expect(host.state().vnics, 'the VNIC the hung dladm made was left behind').to.deep.equal([])
    expect(existsSync(zoneFile('web01'))).to.equal(false)
  })

  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during the install stops zoneadm, prints the report, marks the entry and exits ${exit}; destroy --yes finishes the job`, async () => {
      await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'hang'})
      const started = Date.now()
      const result = await runAndSignal(host, ['zones', 'create', 'web01'], signal)
      expect(Date.now() - started).to.be.below(45_000)
      expect([result.exitCode, result.signal], result.stderr).to.deep.equal([exit, null])
      expect(result.stderr).to.include(`create web01: stopped by ${signal}`)
      expect(result.stderr)
        .to.include('  done     Configure zone web01')
        .and.include('  FAILED   Install zone web01')
        .and.include('  not run  Boot zone web01')
      expect(result.stderr).to.include(`\`zoneadm -z web01 install\` was stopped by ${signal}`)
      expect(result.stderr).to.include('to undo what was done, run in this order:')
      expect(result.stderr).to.include('`zmgr zones destroy web01`')
      expect(result.stderr).to.match(/^error\[zmgr::system::interrupted\]/m)
      expect(await readFile(zoneFile('web01'), 'utf8')).to.include('status "incomplete" step="install"')
      expect(readdirSync(join(host.root, 'zones')).filter((name) => name.endsWith('.tmp'))).to.deep.equal([])

      // What a create killed outright (SIGKILL, power loss) leaves: destroy clears it too.
      await mkdir(join(host.root, '.work'), {recursive: true})
      await writeFile(join(host.root, '.work', 'web01.zonecfg'), 'create -b\n')
      await writeFile(join(host.root, 'zones', '.web01.kdl.999999.0badf00d.tmp'), 'zone "web01" {\n')
      await host.clearFaults()
      const destroy = await host.zmgr(['zones', 'destroy', 'web01', '--yes'])
      expect(destroy.exitCode, destroy.stderr).to.equal(0)
      expect(existsSync(zoneFile('web01'))).to.equal(false)
      expect(existsSync(join(host.root, '.work'))).to.equal(false)
      expect(readdirSync(join(host.root, 'zones'))).to.deep.equal([])
      expect(host.state().zones).to.deep.equal([])
      expect(host.state().vnics).to.deep.equal([])
    })
  }

  it('SIGTERM while a command outside a pipeline hangs (zones list) stops it and exits 143 with a diagnostic', async () => {
    await host.injectFault({command: 'zoneadm', subcommand: 'list', action: 'hang'})
    const result = await runAndSignal(host, ['zones', 'list'], 'SIGTERM')
    expect([result.exitCode, result.signal], result.stderr).to.deep.equal([143, null])
    expect(result.stderr).to.match(/^error\[zmgr::system::interrupted\]: `zoneadm list .*` was stopped by SIGTERM/m)
  })

  it('SIGINT on a terminal (under script(1)) gives the cursor back that the live view hid', async function () {
    if ((await host.run('script', ['-qec', 'true', '/dev/null']).catch(() => undefined))?.exitCode !== 0) this.skip()
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'hang'})
    const pidFile = join(host.dir, 'zmgr.pid')
    const command = `echo $$ > ${pidFile}; exec ${host.zmgrCommand({simulator: 'in-process'}).join(' ')} zones create web01`
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: {...host.env, TERM: 'xterm'},
      cwd: host.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.setEncoding('latin1').on('data', (chunk: string) => (output += chunk))
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000)
    for (let wait = 0; wait < 400 && !host.state().faults.some((fault) => fault.fired > 0); wait++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    await new Promise((resolve) => setTimeout(resolve, 200))
    process.kill(Number(await readFile(pidFile, 'utf8')), 'SIGINT')
    await new Promise((resolve) => child.on('close', resolve))
    clearTimeout(guard)
    expect(output).to.include('\u001B[?25l').and.include('create web01: stopped by SIGINT')
    expect(output.lastIndexOf('\u001B[?25h'), 'cursor shown after it was last hidden').to.be.above(
      output.lastIndexOf('\u001B[?25l'),
    )
  })
})
