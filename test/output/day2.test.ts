import {expect} from 'chai'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('output: zones login, console and drift', function () {
  this.timeout(300_000)
  let host: TestHost
  before(async () => {
    host = await createTestHost()
    await host.zmgr(['init'])
    const created = await host.zmgr(['zones', 'create', 'web01'])
    expect(created.exitCode, created.stderr).to.equal(0)
  })
  after(() => host.cleanup())

  it("simulated zlogin: a command's status comes back; a session ends at exit or ~. and returns 0, banners on stderr", async () => {
    expect((await host.run('zlogin', ['web01', 'exit', '3'])).exitCode).to.equal(3)
    const session = await host.run('zlogin', ['web01'], {input: 'zonename\nexit 4\nzonename\n'})
    expect([session.exitCode, session.stdout]).to.deep.equal([0, 'web01\n'])
    expect(session.stderr).to.equal("[Connected to zone 'web01' pts/2]\n\n[Connection to zone 'web01' pts/2 closed]\n")
    const console = await host.run('zlogin', ['-C', 'web01'], {input: 'root\n~.\nnever read\n'})
    expect([console.exitCode, console.stdout]).to.deep.equal([0, ''])
    expect(console.stderr).to.include("[Connected to zone 'web01' console]")
  })

  it('zones login runs a command and passes its exit status through', async () => {
    // In process, the simulated zlogin writes to the captured output; the session test below hands a real terminal
    // over to the executable.
    const name = await host.zmgr(['zones', 'login', 'web01', '--', 'zonename'])
    expect([name.exitCode, name.stdout]).to.deep.equal([0, 'web01\n'])
    expect((await host.zmgr(['zones', 'login', 'web01', '--', 'exit', '42'])).exitCode).to.equal(42)
    const missing = await host.zmgr(['zones', 'login', 'web01', '--', 'frobnicate', '-x'])
    expect([missing.exitCode, missing.stderr]).to.deep.equal([127, 'sh: frobnicate: not found\n'])
  })

  it('zones login and console hand over the terminal for a session', async () => {
    const login = await host.zmgr(['zones', 'login', 'web01'], {input: 'hostname\nexit\n'})
    expect([login.exitCode, login.stdout]).to.deep.equal([0, 'web01\n'])
    expect(login.stderr).to.include("[Connection to zone 'web01' pts/2 closed]")
    const console = await host.zmgr(['zones', 'console', 'web01'], {input: '~.\n'})
    expect(console.exitCode).to.equal(0)
    expect(console.stderr).to.include("[Connected to zone 'web01' console]")
  })

  it('explains a zone that cannot be logged in to, before zlogin does', async () => {
    const unknown = await host.zmgr(['zones', 'login', 'nope'])
    expect(unknown.exitCode).to.equal(2)
    expect(unknown.stderr).to.include('zmgr::zone::unknown')
    await host.zmgr(['zones', 'halt', 'web01'])
    const halted = await host.zmgr(['zones', 'login', 'web01', '--', 'true'])
    expect(halted.exitCode).to.equal(1)
    expect(halted.stderr).to.include('zmgr::zone::not-running').and.include('zmgr zones boot web01')
    // The console is there from installed on.
    expect((await host.zmgr(['zones', 'console', 'web01'], {input: '~.\n'})).exitCode).to.equal(0)
    await host.zmgr(['zones', 'boot', 'web01'])
  })

  it('zones show marks drift between the registry and the live configuration', async () => {
    const clean = await host.zmgr(['zones', 'show', 'web01'])
    expect(clean.stdout).to.match(/^drift: +none \(the registry and the system agree\)$/m)
    expect((await host.run('zonecfg', ['-z', 'web01', 'set autoboot=false'])).exitCode).to.equal(0)
    const file = join(host.root, 'zones', 'web01.kdl')
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('address="192.0.2.100/24"', 'address="192.0.2.105/24"'),
    )
    const drifted = await host.zmgr(['zones', 'show', 'web01'])
    expect(drifted.stdout).to.include(
      'drift:\n  autoboot: registry true, system false\n  address of net public: registry 192.0.2.105/24, system 192.0.2.100/24\n',
    )
    expect(drifted.stderr).to.include('has drifted')
    const json = (await host.zmgr(['zones', 'show', 'web01', '--json'])).result<{drift: unknown[]}>()
    expect(json.drift).to.deep.equal([
      {field: 'autoboot', net: null, registry: 'true', system: 'false'},
      {field: 'address', net: 'public', registry: '192.0.2.105/24', system: '192.0.2.100/24'},
    ])
  })
})
