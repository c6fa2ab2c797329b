import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

const BIN = join(process.cwd(), 'bin', 'run.js')

/**
 * A developer with a plugin linked (`zmgr plugins link`) must not see it in
 * tests: the harness gives zmgr its own oclif data, config and cache folders.
 * The user's data folder here is a fake one holding a linked plugin with a
 * `bogus` command; it is set in the environment the tests inherit.
 */
describe("test isolation from the developer's oclif folders", function () {
  this.timeout(60_000)
  let userData: string
  let host: TestHost
  const saved: Record<string, string | undefined> = {}
  const leaky = () => ({ZMGR_DATA_DIR: join(userData, 'zmgr'), XDG_DATA_HOME: userData})

  before(async () => {
    userData = await mkdtemp(join(tmpdir(), 'zmgr-user-data-'))
    const plugin = join(userData, 'bogus-plugin')
    await mkdir(join(plugin, 'commands'), {recursive: true})
    await writeFile(
      join(plugin, 'package.json'),
      JSON.stringify({name: 'zmgr-plugin-bogus', version: '1.0.0', type: 'module', oclif: {commands: './commands'}}),
    )
    await writeFile(
      join(plugin, 'commands', 'bogus.js'),
      `import {Command} from ${JSON.stringify(import.meta.resolve('@oclif/core'))}\n` +
        `export default class Bogus extends Command { async run() { this.log('bogus plugin ran') } }\n`,
    )
    await mkdir(join(userData, 'zmgr'), {recursive: true})
    await writeFile(
      join(userData, 'zmgr', 'package.json'),
      JSON.stringify({
        private: true,
        oclif: {schema: 1, plugins: [{type: 'link', name: 'zmgr-plugin-bogus', root: plugin}]},
      }),
    )
    for (const [key, value] of Object.entries(leaky())) {
      saved[key] = process.env[key]
      process.env[key] = value
    }
    host = await createTestHost()
  })
  after(async () => {
    for (const [key, value] of Object.entries(saved))
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    await host.cleanup()
    await rm(userData, {recursive: true, force: true})
  })

  it('the fake user data folder does hold a working linked plugin (zmgr outside the harness runs it)', () => {
    const outside = spawnSync(process.execPath, [BIN, 'bogus'], {env: {...process.env, ...leaky()}, encoding: 'utf8'})
    expect(outside.stdout, outside.stderr).to.include('bogus plugin ran')
    expect(outside.status).to.equal(0)
  })

  for (const tier of ['in process', 'in a child process'] as const) {
    it(`tests never see it (${tier})`, async () => {
      const options = {process: tier === 'in a child process'}
      const bogus = await host.zmgr(['bogus'], options)
      expect(bogus.stdout).not.to.include('bogus plugin ran')
      expect(bogus.exitCode).to.equal(2)
      expect(bogus.stderr).to.include('error[zmgr::usage::unknown-command]')
      const help = await host.zmgr(['--help'], options)
      expect(help.exitCode).to.equal(0)
      expect(help.stdout).to.include('zones').and.not.include('bogus')
      expect(host.env.ZMGR_DATA_DIR).to.not.equal(leaky().ZMGR_DATA_DIR)
      expect(host.env.XDG_DATA_HOME).to.not.equal(userData)
    })
  }
})
