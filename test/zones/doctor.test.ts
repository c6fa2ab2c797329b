import {expect} from 'chai'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {currentProcess} from '../../dist/fs/process.js'
import {createTestHost, type TestHost} from 'zmgr/testing'

interface DoctorJson {
  ok: boolean
  host: {
    distribution: {id: string}
    user: {name: string; mayManageZones: boolean}
    brands: string[]
    zonepathRoot: {path: string; dataset?: string}
  }
  templates: Array<{name: string; canCreate: boolean; problems: string[]}>
  zones: Array<{name: string; status: string; process?: {pid?: number; alive: boolean | null}}>
  leftovers: {vnics: string[]; workFiles: string[]}
  diagnostics: Array<{code: string; message: string; help?: string}>
}

/** The --json document, with or without its envelope (docs/scripting.md). */
function unwrap<T>(json: T | {result: T}): T {
  return (json as {result?: T}).result ?? (json as T)
}

describe('zmgr doctor', function () {
  this.timeout(180_000)
  let host: TestHost
  afterEach(() => host?.cleanup())

  async function doctor(): Promise<{exitCode: number | null; stdout: string; stderr: string; report: DoctorJson}> {
    const text = await host.zmgr(['doctor'])
    const json = await host.zmgr(['doctor', '--json'])
    return {
      exitCode: text.exitCode,
      stdout: text.stdout,
      stderr: text.stderr,
      report: unwrap(json.json<DoctorJson | {result: DoctorJson}>()),
    }
  }
  const codes = (report: DoctorJson) => report.diagnostics.map((d) => d.code)

  for (const flavour of ['omnios', 'openindiana'] as const) {
    it(`${flavour}: a healthy host and registry need nothing; the host facts are shown`, async () => {
      host = await createTestHost({flavour})
      await host.zmgr(['init'])
      expect((await host.zmgr(['zones', 'create', 'web01'])).exitCode).to.equal(0)
      const {exitCode, stdout, report} = await doctor()
      expect(exitCode, stdout).to.equal(0)
      expect(stdout).to.match(
        new RegExp(
          `^distribution: +${flavour === 'omnios' ? 'OmniOS Community Edition v11 r151054a \\[omnios r151054a' : 'OpenIndiana Hipster 2024.10 \\[openindiana 2024.10'}, from /etc/os-release\\]$`,
          'm',
        ),
      )
      expect(stdout).to.match(/^user: +root \(uid 0\): may manage zones$/m)
      expect(stdout).to.match(/^zonepath-root: +\/zones on rpool\/zones$/m)
      expect(stdout).to.include('nothing needs action: this host is ready for zmgr')
      expect(report).to.deep.include({ok: true, diagnostics: []})
      expect(report.templates.every((t) => t.canCreate)).to.equal(true)
    })
  }

  it('without a registry: the host facts, and how to start', async () => {
    host = await createTestHost()
    const {exitCode, stderr, report} = await doctor()
    expect(exitCode).to.equal(1)
    expect(stderr).to.include(`warning[zmgr::doctor::no-registry]: there is no registry at ${host.root}`)
    expect(report.host.brands).to.include('lipkg')
  })

  it('a host without a zonepath dataset, a user without privileges, a template whose brand and link are gone', async () => {
    // The sparse brand is seeded (the simulator's omnios defaults are ipkg and lipkg) so init writes the sparse template, then it goes.
    host = await createTestHost({seed: {datasets: [], brands: ['ipkg', 'lipkg', 'sparse']}})
    await host.zmgr(['init'])
    await host.seed({user: {name: 'bob'}, brands: ['ipkg', 'lipkg']})
    const template = join(host.root, 'templates', 'omnios.kdl')
    await writeFile(template, (await readFile(template, 'utf8')).replace('over="igb0"', 'over="e1000g0"'))
    const {exitCode, stdout, report} = await doctor()
    expect(exitCode).to.equal(1)
    expect(stdout).to.match(/^user: +bob \(uid 101\): may NOT manage zones; profiles Basic Solaris User, All$/m)
    expect(stdout).to.match(/^zonepath-root: +\/zones \(no dataset mounted there\)$/m)
    expect(stdout).to.match(/^sparse +sparse +cannot create: the sparse brand is not installed on this OmniOS host/m)
    expect(codes(report)).to.include.members([
      'zmgr::host::privileges',
      'zmgr::host::zonepath-not-dataset',
      'zmgr::host::brand-missing',
      'zmgr::host::link-missing',
    ])
    expect(report.templates.find((t) => t.name === 'omnios')).to.deep.include({canCreate: false})
  })

  it('an interrupted create: its process is gone, or still running', async () => {
    host = await createTestHost()
    await host.zmgr(['init'])
    await mkdir(join(host.root, 'zones'), {recursive: true})
    const entry = (zone: string, pid: number, started: string) =>
      `zone "${zone}" {\n    brand "lipkg"\n    zonepath "/zones/${zone}"\n    status "creating" pid=${pid} host="${hostname()}" started="${started}"\n    net "public" vnic="${zone}_0" over="igb0" pool="public" address="192.0.2.1${zone.slice(-1)}0/24"\n}\n`
    // pid 2^22 + 1 is above every pid_max: no such process. This test's own process stands for a create still running.
    const me = new Date(currentProcess().started).toISOString()
    await writeFile(join(host.root, 'zones', 'web01.kdl'), entry('web01', 4_194_305, '2026-12-01T10:00:00.000Z'))
    await writeFile(join(host.root, 'zones', 'web02.kdl'), entry('web02', process.pid, me))
    const {report, stderr} = await doctor()
    expect(report.zones).to.deep.include.members([
      {
        name: 'web01',
        status: 'creating',
        process: {pid: 4_194_305, host: hostname(), started: '2026-12-01T10:00:00.000Z', alive: false},
      },
      {name: 'web02', status: 'creating', process: {pid: process.pid, host: hostname(), started: me, alive: true}},
    ])
    expect(stderr).to.include(
      'error[zmgr::doctor::create-interrupted]: zone "web01" is still marked creating, but its process 4194305 is gone (started 2026-12-01T10:00:00.000Z)',
    )
    expect(stderr).to.include('help: clear up what it left and free its addresses: zmgr zones destroy web01')
    expect(
      report.diagnostics.filter((d) => d.message.includes('"web02"') && d.code.startsWith('zmgr::doctor::')),
    ).to.deep.equal([])
  })

  it('a failed create: the incomplete entry, its VNIC and its .work file', async () => {
    host = await createTestHost()
    await host.zmgr(['init'])
    await host.injectFault({command: 'zoneadm', subcommand: 'install', target: 'web01', action: 'fail'})
    expect((await host.zmgr(['zones', 'create', 'web01'])).exitCode).to.equal(1)
    await mkdir(join(host.root, '.work'), {recursive: true})
    await writeFile(join(host.root, '.work', 'web09.zonecfg'), 'create -b\n')
    expect((await host.run('dladm', ['create-vnic', '-l', 'igb1', 'web08_0'])).exitCode).to.equal(0)
    const {exitCode, report} = await doctor()
    expect(exitCode).to.equal(1)
    expect(codes(report)).to.include('zmgr::doctor::create-failed')
    expect(report.zones).to.deep.include({name: 'web01', status: 'incomplete (install)'})
    expect(report.leftovers.vnics).to.include('web08_0').and.not.include('web01_0')
    expect(report.leftovers.workFiles).to.deep.equal([join(host.root, '.work', 'web09.zonecfg')])
  })

  it('an incomplete zone on the host that the registry does not mark', async () => {
    host = await createTestHost({seed: {zones: [{name: 'stuck', state: 'incomplete'}]}})
    await host.zmgr(['init'])
    const {report} = await doctor()
    expect(report.diagnostics.find((d) => d.code === 'zmgr::doctor::zone-incomplete')).to.deep.include({
      help: 'uninstall it: zoneadm -z stuck uninstall -F',
    })
  })

  it("drift: zonecfg changed behind zmgr's back", async () => {
    host = await createTestHost()
    await host.zmgr(['init'])
    expect((await host.zmgr(['zones', 'create', 'web01'])).exitCode).to.equal(0)
    const changed = await host.run('zonecfg', [
      '-z',
      'web01',
      'set autoboot=false; select net physical=web01_0; set allowed-address=192.0.2.99/24; end; add net; set physical=igb1; end',
    ])
    expect(changed.exitCode, changed.stderr).to.equal(0)
    const {exitCode, report} = await doctor()
    expect(exitCode).to.equal(1)
    expect(codes(report)).to.include.members([
      'zmgr::system::autoboot-differs',
      'zmgr::system::address-differs',
      'zmgr::system::net-unrecorded',
    ])
  })
})
