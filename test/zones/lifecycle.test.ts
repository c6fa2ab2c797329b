import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('zones: create, destroy, boot, halt, list, show (against the simulator)', function () {
  this.timeout(120_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    // OpenIndiana-style ipkg templates on an OmniOS host, where ipkg is not a linked image and may name a publisher.
    expect((await host.zmgr(['init', '--distribution', 'openindiana'])).exitCode).to.equal(0)
    const oi = join(host.root, 'templates', 'oi.kdl')
    await writeFile(
      oi,
      (await readFile(oi, 'utf8')).replace(/ {4}\/\/ publishers:.*\n/, '    publisher "openindiana.org"\n'),
    )
  })
  afterEach(() => host.cleanup())

  const zoneFile = (name: string) => join(host.root, 'zones', `${name}.kdl`)
  const simZone = (name: string) => host.state().zones.find((z) => z.name === name)
  const vnics = () =>
    host
      .state()
      .vnics.map((v) => v.name)
      .sort()

  describe('create', () => {
    it('allocates, creates the VNIC, configures, installs, sets publishers, records and boots', async () => {
      const result = await host.zmgr(['zones', 'create', 'web01'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(result.stdout).to.include('zone web01 created (ipkg, running): public 192.0.2.100/24')
      expect(result.stdout).to.match(/\[COMPLETED\] \[\d\d:\d\d:\d\d\] Install zone web01/)
      expect(result.stdout).to.match(/\[OUTPUT\] \[\d\d:\d\d:\d\d\] .*Installation completed/)
      const zone = simZone('web01')!
      expect(zone).to.include({
        state: 'running',
        brand: 'ipkg',
        zonepath: '/zones/web01',
        autoboot: true,
        ipType: 'exclusive',
      })
      expect(zone.nets).to.deep.equal([
        {'allowed-address': '192.0.2.100/24', physical: 'web01_0', defrouter: '192.0.2.1'},
      ])
      expect(zone.publishers.map((p) => p.name)).to.include('openindiana.org')
      expect(host.state().vnics.map((v) => [v.name, v.over])).to.deep.equal([['web01_0', 'igb0']])
      const entry = await readFile(zoneFile('web01'), 'utf8')
      expect(entry)
        .to.include(
          'net "public" vnic="web01_0" over="igb0" pool="public" address="192.0.2.100/24" gateway="192.0.2.1"',
        )
        .and.not.include('status')

      const second = await host.zmgr(['create', 'web02', '--no-boot', '--json'])
      expect(second.exitCode, second.stderr).to.equal(0)
      expect(
        second
          .result<{addresses: Array<{address: string; prefix: number}>}>()
          .addresses.map((a) => `${a.address}/${a.prefix}`),
      ).to.deep.equal(['192.0.2.101/24'])
      expect(simZone('web02')!.state).to.equal('installed')
    })

    it('--dry-run changes nothing and prints every command, the zonecfg file, the registry file and the addresses', async () => {
      const before = host.state()
      const result = await host.zmgr(['zones', 'create', 'web01', '--dry-run'])
      expect(result.exitCode, result.stderr).to.equal(0)
      for (const text of [
        '$ dladm create-vnic -l igb0 web01_0',
        '$ zonecfg -z web01 -f ',
        '| set allowed-address="192.0.2.100/24"',
        '$ zoneadm -z web01 install',
        "$ pkg -R /zones/web01/root set-publisher -P -G '*' -g https://pkg.openindiana.org/hipster/ -M '*' --sticky openindiana.org",
        '$ pkg -R /zones/web01/root unset-publisher omnios extra.omnios',
        `write ${zoneFile('web01')}`,
        '$ zoneadm -z web01 boot',
        'Allocate addresses (public 192.0.2.100/24)',
      ]) {
        expect(result.stdout).to.include(text)
      }
      expect(host.state().zones).to.deep.equal(before.zones)
      expect(host.state().vnics).to.deep.equal(before.vnics)
      expect(existsSync(zoneFile('web01'))).to.equal(false)

      const json = (await host.zmgr(['create', 'web01', '-n', '--json'])).result<{
        operation: string
        dryRun: boolean
        steps: Array<{id: string; commands: string[][]}>
        details: {addresses: Array<{address: string}>}
      }>()
      expect(json.operation).to.equal('create')
      expect(json.dryRun).to.equal(true)
      expect(json.steps.map((s) => s.id)).to.deep.equal([
        'allocate',
        'vnics',
        'configure',
        'install',
        'publishers',
        'record',
        'boot',
      ])
      expect(json.details.addresses.map((a) => a.address)).to.deep.equal(['192.0.2.100'])
    })

    it('makes valid, unique VNIC names whatever the zone name looks like', async () => {
      const long = `${'a'.repeat(30)}-${'b'.repeat(29)}`
      for (const name of ['db-primary', long]) {
        const result = await host.zmgr(['create', name, '--no-boot'])
        expect(result.exitCode, result.stderr).to.equal(0)
      }
      const names = vnics()
      expect(names).to.include('db_primary_0')
      for (const vnic of names)
        expect(vnic)
          .to.match(/^[A-Za-z][A-Za-z0-9_.]{0,29}[1-9]?[0-9]$/)
          .and.have.length.at.most(31)
      expect(simZone(long)!.state).to.equal('installed')
    })

    it('refuses a bad name, a zone the system has and a registered zone before doing anything', async () => {
      await host.seed({zones: [{name: 'legacy', state: 'installed'}]})
      const bad = await host.zmgr(['create', 'SUNWx'])
      expect(bad.exitCode).to.equal(2)
      expect(bad.stderr).to.include('zmgr::zone::bad-name')
      const system = await host.zmgr(['create', 'legacy'])
      expect(system.exitCode).to.equal(2)
      expect(system.stderr).to.include('zmgr::zone::exists').and.include('zmgr import legacy')
      expect((await host.zmgr(['create', 'web01', '--no-boot'])).exitCode).to.equal(0)
      const again = await host.zmgr(['create', 'web01'])
      expect(again.exitCode).to.equal(2)
      expect(again.stderr).to.include('already exists')
    })

    // The simulator leaves a zone whose install failed `incomplete`, as zoneadm does on a fatal brand failure: uninstall -F is part of the undo.
    const failures: Array<{
      step: string
      fault: Parameters<TestHost['injectFault']>[0]
      undo: string[]
      entry: 'gone' | 'incomplete'
    }> = [
      {
        step: 'vnics',
        fault: {
          command: 'dladm',
          subcommand: 'create-vnic',
          action: 'fail',
          message: 'dladm: vnic creation over igb0 failed: operation failed',
        },
        undo: [],
        entry: 'gone',
      },
      {
        step: 'configure',
        fault: {command: 'zonecfg', subcommand: '-f', action: 'fail', message: 'web01: Problem updating index file'},
        undo: ['dladm delete-vnic web01_0'],
        entry: 'incomplete',
      },
      {
        step: 'install',
        fault: {
          command: 'zoneadm',
          subcommand: 'install',
          action: 'fail',
          message: 'ERROR: failed to install packages',
        },
        undo: ['zoneadm -z web01 uninstall -F', 'zonecfg -z web01 delete -F', 'dladm delete-vnic web01_0'],
        entry: 'incomplete',
      },
      {
        step: 'publishers',
        fault: {
          command: 'pkg',
          subcommand: 'set-publisher',
          action: 'fail',
          message: 'pkg set-publisher: origin unreachable',
        },
        undo: ['zoneadm -z web01 uninstall -F', 'zonecfg -z web01 delete -F', 'dladm delete-vnic web01_0'],
        entry: 'incomplete',
      },
      {
        step: 'boot',
        fault: {
          command: 'zoneadm',
          subcommand: 'boot',
          action: 'fail',
          message: "zoneadm: zone 'web01': call to zoneadmd failed",
        },
        undo: ['zoneadm -z web01 uninstall -F', 'zonecfg -z web01 delete -F', 'dladm delete-vnic web01_0'],
        entry: 'incomplete',
      },
    ]
    for (const {step, fault, undo, entry} of failures) {
      it(`reports a failure at ${step}: what succeeded, the command and its stderr, the undo commands; destroy finishes the job`, async () => {
        await host.injectFault(fault)
        const result = await host.zmgr(['create', 'web01'])
        expect(result.exitCode).to.equal(1)
        expect(result.stderr)
          .to.include(fault.message!)
          .and.include('failed command: ')
          .and.match(/FAILED\s+\S/)
        const expectedUndo = entry === 'gone' ? undo : [...undo, `rm ${zoneFile('web01')}`]
        if (expectedUndo.length > 0)
          expect(result.stderr).to.include(
            `to undo what was done, run in this order:\n${expectedUndo.map((line) => `  ${line}`).join('\n')}`,
          )
        if (entry === 'gone') expect(existsSync(zoneFile('web01'))).to.equal(false)
        else expect(await readFile(zoneFile('web01'), 'utf8')).to.include(`status "incomplete" step="${step}"`)
        const listed = (await host.zmgr(['zones', 'list', '--json'])).result<
          Array<{name: string; status: string | null}>
        >()
        if (entry === 'incomplete') expect(listed.find((z) => z.name === 'web01')!.status).to.match(/^incomplete/)

        await host.clearFaults()
        const destroyed = await host.zmgr(['destroy', 'web01', '--yes'])
        if (entry === 'incomplete') expect(destroyed.exitCode, destroyed.stderr).to.equal(0)
        expect(simZone('web01')).to.equal(undefined)
        expect(vnics()).to.deep.equal([])
        expect(existsSync(zoneFile('web01'))).to.equal(false)
      })

      it(`--rollback undoes a failure at ${step} and frees the address`, async () => {
        await host.injectFault(fault)
        const result = await host.zmgr(['create', 'web01', '--rollback', '--json'])
        expect(result.exitCode).to.equal(1)
        const report = result.json<{error: {data: {report: {rollback?: {ok: boolean}; failure: {stderr: string}}}}}>()
          .error.data.report
        expect(report.failure.stderr).to.include(fault.message!)
        if (entry === 'incomplete') expect(report.rollback!.ok, JSON.stringify(report.rollback)).to.equal(true)
        expect(simZone('web01')).to.equal(undefined)
        expect(vnics()).to.deep.equal([])
        expect(existsSync(zoneFile('web01'))).to.equal(false)
        await host.clearFaults()
        expect(
          (await host.zmgr(['create', 'web09', '-n', '--json'])).result<{
            details: {addresses: Array<{address: string}>}
          }>().details.addresses[0].address,
        ).to.equal('192.0.2.100')
      })
    }
  })

  describe('destroy', () => {
    it('refuses without a terminal and without --yes (exit 2), and changes nothing', async () => {
      await host.zmgr(['create', 'web01'])
      const result = await host.zmgr(['zones', 'destroy', 'web01'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('zmgr::confirm::no-terminal').and.include('--yes')
      expect(simZone('web01')!.state).to.equal('running')
    })

    it('asks for the zone name on a terminal and destroys a running zone completely', async () => {
      await host.zmgr(['create', 'web01'])
      // The refusal needs no system command as a process; the destroy is end to end, executables and all.
      const declining = `${host.zmgrCommand({simulator: 'in-process'}).join(' ')} zones destroy web01`
      const wrong = await host.run('script', ['-qec', declining, '/dev/null'], {input: 'web02\n'})
      expect(wrong.stdout).to.include('Type the zone name (web01) to confirm:').and.include('zmgr::confirm::declined')
      expect(simZone('web01')!.state).to.equal('running')
      const right = await host.run(
        'script',
        ['-qec', `${host.zmgrCommand().join(' ')} zones destroy web01`, '/dev/null'],
        {
          input: 'web01\n',
        },
      )
      expect(right.stdout).to.include('zone web01 destroyed')
      expect(simZone('web01')).to.equal(undefined)
      expect(vnics()).to.deep.equal([])
      expect(existsSync(zoneFile('web01'))).to.equal(false)
    })

    it('copes with half-made zones and says what it skipped', async () => {
      await host.zmgr(['create', 'web01', '--no-boot'])
      await host.run('zoneadm', ['-z', 'web01', 'uninstall', '-F'])
      await host.run('dladm', ['delete-vnic', 'web01_0'])
      const result = await host.zmgr(['destroy', 'web01', '--yes'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(result.stdout).to.include(
        'skipped: halt (zone is configured, not running), uninstall (zone is not installed), vnics (web01_0 already gone)',
      )
      expect(simZone('web01')).to.equal(undefined)

      await writeFile(
        zoneFile('ghost'),
        'zone "ghost" {\n    brand "ipkg"\n    zonepath "/zones/ghost"\n    net "public" vnic="ghost_0" over="igb0" pool="public" address="192.0.2.140/24"\n}\n',
      )
      const ghost = await host.zmgr(['destroy', 'ghost', '--yes', '--json'])
      expect(ghost.exitCode, ghost.stderr).to.equal(0)
      expect(
        ghost.result<{report: {steps: Array<{status: string}>}}>().report.steps.map((s) => s.status),
      ).to.deep.equal(['skipped', 'skipped', 'skipped', 'skipped', 'done'])
      expect(existsSync(zoneFile('ghost'))).to.equal(false)
    })

    it('refuses a zone the system has but the registry does not, with a hint', async () => {
      await host.seed({zones: [{name: 'legacy', state: 'installed'}]})
      const result = await host.zmgr(['destroy', 'legacy', '--yes'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('zmgr::zone::unmanaged').and.include('zmgr import legacy')
      expect(simZone('legacy')!.state).to.equal('installed')
    })
  })

  describe('boot, halt, reboot, shutdown', () => {
    it("move the zone between states and pass zoneadm's refusal through", async () => {
      await host.zmgr(['create', 'web01', '--no-boot'])
      expect((await host.zmgr(['zones', 'halt', 'web01'])).stdout).to.include('zone web01 is already halted')
      const rebootHalted = await host.zmgr(['zones', 'reboot', 'web01'])
      expect(rebootHalted.exitCode).to.equal(1)
      expect(rebootHalted.stderr)
        .to.include("zoneadm: zone 'web01': not running")
        .and.include('boot it (zmgr zones boot web01)')
      expect((await host.zmgr(['zones', 'boot', 'web01'])).stdout).to.include('zone web01: installed -> running')
      expect(simZone('web01')!.state).to.equal('running')
      expect((await host.zmgr(['zones', 'boot', 'web01'])).stdout).to.include('already running')
      expect((await host.zmgr(['zones', 'reboot', 'web01'])).exitCode).to.equal(0)
      expect((await host.zmgr(['zones', 'shutdown', 'web01'])).exitCode).to.equal(0)
      expect(simZone('web01')!.state).to.equal('installed')
      await host.seed({zones: [{name: 'bare', state: 'configured'}]})
      const boot = await host.zmgr(['zones', 'boot', 'bare'])
      expect(boot.exitCode).to.equal(1)
      expect(boot.stderr).to.include('must be installed before boot')
      const unknown = await host.zmgr(['zones', 'boot', 'nope'])
      expect(unknown.exitCode).to.equal(2)
      expect(unknown.stderr).to.include('zmgr::zone::unknown')
    })
  })

  describe('contract v2: brands, graceful reboot, mounted zones', () => {
    it('refuses packages for a sparse template before anything runs, in create and in validate', async () => {
      await host.seed({brands: ['ipkg', 'lipkg', 'sparse']})
      await writeFile(
        join(host.root, 'templates', 'sp.kdl'),
        'template "sp" {\n    brand "sparse"\n    ip-type "exclusive"\n    net "public" pool="public" over="igb0"\n    packages "ooce/nginx"\n}\n',
      )
      const result = await host.zmgr(['zones', 'create', 'web01', '--template', 'sp'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('zmgr::brand::packages').and.include('ooce/nginx')
      expect(simZone('web01')).to.equal(undefined)
      expect(vnics()).to.deep.equal([])
      expect(existsSync(zoneFile('web01'))).to.equal(false)
      const validate = await host.zmgr(['validate'])
      expect(validate.stdout + validate.stderr).to.include('zmgr::brand::packages')
    })

    it('installs a sparse zone without installer options', async () => {
      await host.seed({brands: ['ipkg', 'lipkg', 'sparse']})
      await writeFile(
        join(host.root, 'templates', 'sp.kdl'),
        'template "sp" {\n    brand "sparse"\n    ip-type "exclusive"\n    net "public" pool="public" over="igb0"\n}\n',
      )
      const plan = await host.zmgr(['zones', 'create', 'web01', '--template', 'sp', '--dry-run'])
      expect(plan.stdout).to.match(/\$ zoneadm -z web01 install\n/)
      const result = await host.zmgr(['zones', 'create', 'web01', '--template', 'sp', '--no-boot'])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(simZone('web01')).to.include({state: 'installed', brand: 'sparse'})
    })

    it('reboots gracefully with shutdown -r, and with --fast by halt and boot', async () => {
      await host.zmgr(['create', 'web01'])
      const plan = await host.zmgr(['zones', 'reboot', 'web01', '--dry-run'])
      expect(plan.stdout).to.include('$ zoneadm -z web01 shutdown -r')
      expect((await host.zmgr(['zones', 'reboot', 'web01'])).exitCode).to.equal(0)
      expect(simZone('web01')).to.include({state: 'running', lastStop: 'graceful'})
      const fast = await host.zmgr(['zones', 'reboot', 'web01', '--fast'])
      expect(fast.exitCode, fast.stderr).to.equal(0)
      expect(simZone('web01')).to.include({state: 'running', lastStop: 'halt'})
    })

    it('unmounts a mounted zone before destroying it', async () => {
      await host.zmgr(['create', 'web01', '--no-boot'])
      expect((await host.run('zoneadm', ['-z', 'web01', 'mount'])).exitCode).to.equal(0)
      const plan = await host.zmgr(['destroy', 'web01', '--yes', '--dry-run'])
      expect(plan.stdout).to.include('$ zoneadm -z web01 unmount').and.not.include('$ zoneadm -z web01 halt')
      const result = await host.zmgr(['destroy', 'web01', '--yes', '--json'])
      expect(result.exitCode, result.stderr).to.equal(0)
      const steps = result.result<{report: {steps: Array<{id: string; status: string}>}}>().report.steps
      expect(steps.slice(0, 3).map((s) => [s.id, s.status])).to.deep.equal([
        ['unmount', 'done'],
        ['halt', 'skipped'],
        ['uninstall', 'done'],
      ])
      expect(simZone('web01')).to.equal(undefined)
      expect(host.state().datasets.map((d) => d.name)).to.not.include('rpool/zones/web01')
    })
  })

  describe('list and show', () => {
    it('join the registry with the system: unmanaged and missing zones, filters, live configuration', async () => {
      await host.zmgr(['create', 'web01'])
      await host.zmgr(['create', 'web02', '--no-boot'])
      await host.seed({zones: [{name: 'legacy', state: 'installed', brand: 'lipkg'}]})
      await writeFile(zoneFile('ghost'), 'zone "ghost" {\n    brand "ipkg"\n    zonepath "/zones/ghost"\n}\n')
      const text = await host.zmgr(['zones', 'list'])
      expect(text.stdout)
        .to.match(/web01\s+running\s+ipkg\s+oi\s+192\.0\.2\.100\/24/)
        .and.match(/legacy\s+installed\s+lipkg\s+-\s+-\s+unmanaged/)
        .and.match(/ghost\s+missing/)
        .and.not.include('zmgr import')
      expect(text.stderr).to.include('zmgr import legacy')
      const json = (await host.zmgr(['zones', 'list', '--json'])).result<
        Array<{name: string; state: string; managed: boolean}>
      >()
      expect(json.map((z) => [z.name, z.state, z.managed])).to.deep.equal([
        ['ghost', 'missing', true],
        ['legacy', 'installed', false],
        ['web01', 'running', true],
        ['web02', 'installed', true],
      ])
      const filtered = (
        await host.zmgr(['zones', 'list', '--state', 'installed', '--template', 'oi', '--json'])
      ).result<Array<{name: string}>>()
      expect(filtered.map((z) => z.name)).to.deep.equal(['web02'])
      const show = await host.zmgr(['zones', 'show', 'web01'])
      expect(show.stdout)
        .to.include('state:      running')
        .and.include('live configuration (zonecfg -z web01 info):')
        .and.include('allowed-address: 192.0.2.100/24')
      const shown = (await host.zmgr(['zones', 'show', 'web01', '--json'])).result<{
        managed: boolean
        config: {nets: Array<{physical: string}>}
      }>()
      expect(shown.managed).to.equal(true)
      expect(shown.config.nets[0].physical).to.equal('web01_0')
    })
  })

  describe('hooks of a third-party plugin', () => {
    beforeEach(async () => {
      const linked = await host.zmgr([
        'plugins',
        'link',
        '--no-install',
        join(process.cwd(), 'test', 'fixtures', 'zones-hook-plugin'),
      ])
      expect(linked.exitCode, linked.stderr).to.equal(0)
    })

    it('can veto a create, in dry-run too, before anything changes', async () => {
      for (const args of [
        ['create', 'web01'],
        ['create', 'web01', '--dry-run'],
      ]) {
        const result = await host.zmgr(args, {env: {FIXTURE_VETO: '1'}})
        expect(result.exitCode).to.equal(1)
        expect(result.stderr).to.include('zmgr::hook::veto').and.include('zone web01 is not allowed by the site policy')
      }
      expect(simZone('web01')).to.equal(undefined)
      expect(existsSync(zoneFile('web01'))).to.equal(false)
    })

    it('can add a step after a named one, and sees every step', async () => {
      const marker = join(host.dir, 'inventory.txt')
      const log = join(host.dir, 'steps.log')
      const plan = await host.zmgr(['create', 'web01', '--dry-run', '--json'], {env: {FIXTURE_STEP_FILE: marker}})
      expect(plan.result<{steps: Array<{id: string}>}>().steps.map((s) => s.id)).to.deep.equal([
        'allocate',
        'vnics',
        'configure',
        'install',
        'site-inventory',
        'publishers',
        'record',
        'boot',
      ])
      expect(existsSync(marker)).to.equal(false)
      const result = await host.zmgr(['create', 'web01'], {env: {FIXTURE_STEP_FILE: marker, FIXTURE_STEP_LOG: log}})
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(await readFile(marker, 'utf8')).to.equal('web01 allocate,vnics,configure,install,publishers,record,boot\n')
      expect(await readFile(log, 'utf8')).to.equal(
        ['allocate', 'vnics', 'configure', 'install', 'site-inventory', 'publishers', 'record', 'boot']
          .map((id) => `${id} ok\n`)
          .join(''),
      )
    })
  })
})
