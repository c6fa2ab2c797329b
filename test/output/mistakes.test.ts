import {expect} from 'chai'
import {PassThrough} from 'node:stream'
import {closestNames, confirmByTyping} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** A fake terminal: readline treats it as a TTY and reads the keys written to it. */
function terminal(): PassThrough & {isTTY: boolean; setRawMode(): void} {
  return Object.assign(new PassThrough(), {isTTY: true, setRawMode() {}})
}

describe('output: mistakes get help', function () {
  this.timeout(120_000)

  it('suggests the closest command or topic', () => {
    const names = ['zones list', 'zones show', 'zones', 'templates', 'templates list', 'init', 'import']
    expect(closestNames(['zone', 'list'], names)).to.deep.equal(['zones list'])
    expect(closestNames(['zones', 'lsit'], names)).to.deep.equal(['zones list'])
    expect(closestNames(['tempaltes'], names)).to.deep.equal(['templates'])
    expect(closestNames(['frobnicate'], names)).to.deep.equal([])
  })

  describe('at the command line', () => {
    let host: TestHost
    before(async () => {
      host = await createTestHost()
    })
    after(() => host.cleanup())

    it('answers an unknown command with "did you mean", a code and exit 2, JSON under --json', async () => {
      const run = await host.zmgr(['zone', 'list'])
      expect(run.exitCode).to.equal(2)
      expect(run.stdout).to.equal('')
      expect(run.stderr).to.equal(
        'error[zmgr::usage::unknown-command]: `zone list` is not a zmgr command\n help: did you mean `zmgr zones list`? (`zmgr help` lists every command)\n',
      )
      const json = await host.zmgr(['zones', 'lsit', '--json'])
      expect(json.exitCode).to.equal(2)
      expect(json.json()).to.deep.include({version: 1, ok: false, warnings: []})
      expect(json.json<{error: {code: string; data: {suggestions: string[]}}}>().error).to.deep.include({
        code: 'zmgr::usage::unknown-command',
        data: {command: 'zones lsit', suggestions: ['zmgr zones list']},
      })
      const nothing = await host.zmgr(['frobnicate'])
      expect([nothing.exitCode, nothing.stderr]).to.deep.equal([
        2,
        'error[zmgr::usage::unknown-command]: `frobnicate` is not a zmgr command\n help: `zmgr help` lists every command\n',
      ])
    })

    it('answers help for an unknown command or topic the same way', async () => {
      const topic = await host.zmgr(['help', 'zone'])
      expect([topic.exitCode, topic.stdout, topic.stderr]).to.deep.equal([
        2,
        '',
        'error[zmgr::usage::unknown-command]: `zone` is not a zmgr command\n help: did you mean `zmgr zones`? (`zmgr help` lists every command)\n',
      ])
      const command = await host.zmgr(['help', 'zones', 'lst'])
      expect([command.exitCode, command.stderr]).to.deep.equal([
        2,
        'error[zmgr::usage::unknown-command]: `zones lst` is not a zmgr command\n help: did you mean `zmgr zones list`? (`zmgr help` lists every command)\n',
      ])
      const known = await host.zmgr(['help', 'zones', 'list'])
      expect(known.exitCode).to.equal(0)
      expect(known.stdout).to.include('USAGE\n  $ zmgr zones list')
    })
  })

  describe('at a confirmation', () => {
    for (const [key, name] of [
      ['\u0003', 'Ctrl-C'],
      ['\u0004', 'Ctrl-D'],
    ]) {
      it(`${name} cancels: exit 130, nothing changed`, async () => {
        const input = terminal()
        const output = new PassThrough()
        const asked = confirmByTyping('web01', {action: 'destroy zone web01', input, output})
        setTimeout(() => input.write(key), 50)
        const error = await asked.then(
          () => undefined,
          (caught: unknown) => caught,
        )
        expect(error).to.deep.include({code: 'zmgr::confirm::cancelled', exit: 130, message: 'cancelled'})
      })
    }

    it('still confirms the typed name', async () => {
      const input = terminal()
      const asked = confirmByTyping('web01', {action: 'destroy zone web01', input, output: new PassThrough()})
      setTimeout(() => input.write('web01\r'), 50)
      await asked
    })
  })
})
