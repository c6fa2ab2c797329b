import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

// Issue 10 item 2: every command file zmgr writes is one the (stricter) zonecfg lexer accepts, and
// every value zonecfg would refuse is refused by `zones create` before anything runs.
describe('zones create: values zonecfg accepts', function () {
  this.timeout(120_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  afterEach(() => host.cleanup())

  const template = (name: string, body: string) =>
    writeFile(
      join(host.root, 'templates', `${name}.kdl`),
      `template "${name}" {\n    brand "ipkg"\n    net "public" pool="public" over="igb0"\n${body}}\n`,
    )

  it('quotes an fs option holding "=" so that a tmpfs with size=512m is configured', async () => {
    // zoneadm checks that a non-zfs special exists (CONTRACT §2.6), and so does planning: seed one on the host.
    await host.seed({paths: ['/export/scratch']})
    await template(
      'scratch',
      '    fs "/tmp" special="/export/scratch" type="tmpfs" options="size=512m,nosuid"\n    limitpriv "default,dtrace_proc"\n',
    )
    const result = await host.zmgr(['zones', 'create', 'tmp01', '--template', 'scratch', '--no-boot'])
    expect(result.exitCode, result.stderr).to.equal(0)
    const fs = host
      .state()
      .zones.find((z) => z.name === 'tmp01')!
      .config.resources.find((r) => r.type === 'fs')!
    expect(fs).to.deep.include({
      props: {dir: '/tmp', special: '/export/scratch', type: 'tmpfs'},
      options: ['size=512m', 'nosuid'],
    })
    const info = await host.run('zonecfg', ['-z', 'tmp01', 'info', 'fs'])
    expect(info.stdout).to.contain('\toptions: ["size=512m",nosuid]\n')
  })

  it('refuses a value zonecfg cannot be given before taking an address or running a command, pointing at the template', async () => {
    await template('quoted', '    attr "motd" "say \\"hi\\""\n')
    const before = host.state()
    const result = await host.zmgr(['zones', 'create', 'q01', '--template', 'quoted'])
    expect(result.exitCode).to.equal(2)
    expect(result.stderr)
      .to.include('zmgr::zonecfg::unquotable')
      .and.include('attr motd value cannot be given to zonecfg: it contains a double quote')
    expect(result.stderr).to.include(`${join(host.root, 'templates', 'quoted.kdl')}:4:17`)
    expect(host.state().zones).to.deep.equal(before.zones)
    expect(host.state().vnics).to.deep.equal([])
    expect(existsSync(join(host.root, 'zones', 'q01.kdl'))).to.equal(false)
    expect(await readdir(join(host.root, 'zones')).catch(() => [])).to.deep.equal([])
  })

  it('refuses limits, cpu-shares without FSS and bad raw lines at planning, as validate does', async () => {
    await template(
      'limits',
      '    max-lwps 50\n    cpu-shares 10\n    scheduling-class "TS"\n    capped-memory physical="2G" swap="10M"\n    zonecfg "set bootargs=-m=verbose"\n',
    )
    const validate = await host.zmgr(['validate', '--json'])
    const codes = validate
      .json<{result: {diagnostics: Array<{code: string; location: {line: number}}>}}>()
      .result.diagnostics.map((d) => `${d.code}:${d.location.line}`)
    expect(codes).to.deep.equal([
      'zmgr::zonecfg::out-of-range:4',
      'zmgr::zonecfg::incompatible:6',
      'zmgr::zonecfg::out-of-range:7',
      'zmgr::zonecfg::bad-line:8',
    ])
    const result = await host.zmgr(['zones', 'create', 'l01', '--template', 'limits', '--json'])
    expect(result.exitCode).to.equal(2)
    const {error} = result.json<{error: {code: string; related: Array<{code: string}>}}>()
    expect([error.code, ...error.related.map((r) => r.code)]).to.deep.equal([
      'zmgr::zonecfg::out-of-range',
      'zmgr::zonecfg::incompatible',
      'zmgr::zonecfg::out-of-range',
      'zmgr::zonecfg::bad-line',
    ])
    expect(host.state().zones).to.deep.equal([])
  })

  it('refuses a zonepath-root zonecfg cannot be given', async () => {
    await writeFile(join(host.root, 'config.kdl'), 'default-template "omnios"\nzonepath-root "/zones/\\"x\\""\n')
    const result = await host.zmgr(['zones', 'create', 'z01', '--dry-run'])
    expect(result.exitCode).to.equal(2)
    expect(result.stderr)
      .to.include('zmgr::zonecfg::unquotable')
      .and.include('zonepath-root cannot be given to zonecfg')
  })
})
