import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type SeedSpec, type TestHost} from 'zmgr/testing'

/** The four profiles a zone administrator needs without being root (CONTRACT §2.2.1). */
const ZONE_ADMIN = ['Zone Management', 'Zone Security', 'Network Management', 'Software Installation']

interface Plan {
  details: {preflight: {commands: string[]; findings: unknown[]}}
}

describe('zones create: preflight checks before anything changes', function () {
  this.timeout(120_000)
  let host: TestHost
  afterEach(() => host?.cleanup())

  async function hostWith(seed: SeedSpec, flavour: 'omnios' | 'openindiana' = 'omnios'): Promise<TestHost> {
    // A healthy OpenIndiana host has nlipkg (the simulator's default is ipkg only), so init writes the ofl template too.
    host = await createTestHost(flavour === 'openindiana' ? {flavour, seed: {brands: ['ipkg', 'nlipkg']}} : {flavour})
    // The starter set is written for the healthy host; the seed then takes something away.
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    await host.seed(seed)
    return host
  }

  /** Nothing was allocated, configured or created. */
  function unchanged() {
    expect(existsSync(join(host.root, 'zones', 'web01.kdl'))).to.equal(false)
    expect(host.state().zones).to.deep.equal([])
    expect(host.state().vnics).to.deep.equal([])
  }

  it('a brand that is not installed: the diagnostic points at the template and says which package', async () => {
    await hostWith({brands: ['ipkg', 'sparse']})
    const result = await host.zmgr(['zones', 'create', 'web01'])
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.include(
      'error[zmgr::host::brand-missing]: the lipkg brand is not installed on this OmniOS host (template "omnios")',
    )
    expect(result.stderr).to.include(`--> ${join(host.root, 'templates', 'omnios.kdl')}:3:5`)
    expect(result.stderr).to.include(
      'help: install it: pkg install system/zones/brand/lipkg  (installed brands: ipkg, sparse)',
    )
    unchanged()
  })

  it('OpenIndiana without nlipkg: the ofl template cannot create', async () => {
    await hostWith({brands: ['ipkg']}, 'openindiana')
    const result = await host.zmgr(['zones', 'create', 'web01', '--template', 'ofl'])
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.include(
      'error[zmgr::host::brand-missing]: the nlipkg brand is not installed on this OpenIndiana host (template "ofl")',
    )
    unchanged()
  })

  it('a link that does not exist, or that is a VNIC', async () => {
    await hostWith({links: [{name: 'other0', class: 'vnic', over: 'igb1'}]})
    const template = join(host.root, 'templates', 'omnios.kdl')
    await writeFile(template, (await readFile(template, 'utf8')).replace('over="igb0"', 'over="e1000g0"'))
    const missing = await host.zmgr(['zones', 'create', 'web01'])
    expect(missing.exitCode).to.equal(1)
    expect(missing.stderr).to.include(
      'error[zmgr::host::link-missing]: net "public" of template "omnios" is over e1000g0, which does not exist on this host',
    )
    expect(missing.stderr).to.include(
      'help: set over= to one of: igb0 (phys), igb1 (phys), stub0 (etherstub); or create an internal switch: dladm create-etherstub e1000g0',
    )
    await writeFile(template, (await readFile(template, 'utf8')).replace('over="e1000g0"', 'over="other0"'))
    const vnic = await host.zmgr(['zones', 'create', 'web01'])
    expect(vnic.stderr).to.include(
      'error[zmgr::host::link-class]: net "public" of template "omnios" is over other0, a vnic link',
    )
    expect(host.state().vnics.map((v) => v.name)).to.deep.equal(['other0'])
    expect(host.state().zones).to.deep.equal([])
  })

  for (const flavour of ['omnios', 'openindiana'] as const) {
    it(`${flavour}: no dataset mounted on zonepath-root`, async () => {
      host = await createTestHost({flavour, seed: {datasets: []}})
      await host.zmgr(['init'])
      const result = await host.zmgr(['zones', 'create', 'web01'])
      expect(result.exitCode).to.equal(1)
      expect(result.stderr).to.include(
        'error[zmgr::host::zonepath-not-dataset]: zonepath-root /zones is not the mountpoint of a ZFS dataset: zoneadm install cannot create zone datasets there',
      )
      expect(result.stderr).to.include('help: create one: zfs create -o mountpoint=/zones rpool/zones')
      unchanged()
      // The fix the help gives works.
      expect((await host.run('zfs', ['create', '-o', 'mountpoint=/zones', 'rpool/zones'])).exitCode).to.equal(0)
      const again = await host.zmgr(['zones', 'create', 'web01'])
      expect(again.exitCode, again.stderr).to.equal(0)
    })

    it(`${flavour}: a user other than root without the zone profiles is stopped before anything runs`, async () => {
      await hostWith({user: {name: 'bob', profiles: ['Zone Management']}}, flavour)
      const result = await host.zmgr(['zones', 'create', 'web01'])
      expect(result.exitCode).to.equal(1)
      expect(result.stderr).to.include(
        'error[zmgr::host::privileges]: user bob (uid 101) may not manage zones: it lacks the rights profiles Zone Security, Network Management',
      )
      unchanged()
    })
  }

  it('a user with the zone administration profiles creates a zone (commands run under pfexec)', async () => {
    await hostWith({user: {name: 'bob', profiles: ZONE_ADMIN}})
    const result = await host.zmgr(['zones', 'create', 'web01'])
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(host.state().zones.map((z) => [z.name, z.state])).to.deep.equal([['web01', 'running']])
  })

  it('the zonepath dataset would be inside rpool/ROOT', async () => {
    host = await createTestHost({seed: {datasets: [{name: 'rpool/ROOT/omnios/zones', mountpoint: '/zones'}]}})
    await host.zmgr(['init'])
    const result = await host.zmgr(['zones', 'create', 'web01'])
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.include(
      'error[zmgr::host::zonepath-in-root-dataset]: zone datasets under /zones would be rpool/ROOT/omnios/zones/web01',
    )
    unchanged()
  })

  it('delegated datasets that do not exist or inherit their mountpoint, and a zfs fs special that does not exist', async () => {
    await hostWith({datasets: [{name: 'rpool/data'}, {name: 'rpool/data/web'}]})
    const template = join(host.root, 'templates', 'omnios.kdl')
    await writeFile(
      template,
      (await readFile(template, 'utf8')).replace(
        /\n}\n$/,
        '\n    dataset "rpool/data/web"\n    dataset "rpool/nothere"\n    fs "/data" special="rpool/gone" type="zfs"\n}\n',
      ),
    )
    const result = await host.zmgr(['zones', 'create', 'web01'])
    expect(result.exitCode, result.stderr).to.equal(1)
    expect(result.stderr).to.include(
      'error[zmgr::host::dataset-inherited-mountpoint]: delegated dataset rpool/data/web inherits its mountpoint',
    )
    expect(result.stderr).to.include('help: give it its own: zfs set mountpoint=/rpool/data/web rpool/data/web')
    expect(result.stderr).to.include(
      'error[zmgr::host::dataset-missing]: delegated dataset rpool/nothere does not exist',
    )
    expect(result.stderr).to.include(
      'error[zmgr::host::fs-special-missing]: fs /data: the ZFS dataset rpool/gone does not exist',
    )
    unchanged()
  })

  it('a zonepath another zone on the host already has', async () => {
    await hostWith({zones: [{name: 'old', zonepath: '/zones/web01', state: 'installed'}]})
    const result = await host.zmgr(['zones', 'create', 'web01'])
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.include(
      'error[zmgr::host::zonepath-in-use]: zonepath /zones/web01 is already the zonepath of zone old (installed)',
    )
    expect(existsSync(join(host.root, 'zones', 'web01.kdl'))).to.equal(false)
  })

  it('--dry-run --json lists the host reads and the findings with the plan', async () => {
    await hostWith({})
    const result = await host.zmgr(['zones', 'create', 'web01', '--dry-run', '--json'])
    expect(result.exitCode, result.stderr).to.equal(0)
    const json = result.json<Plan | {result: Plan}>()
    const plan = 'result' in json ? json.result : json
    expect(plan.details.preflight.findings).to.deep.equal([])
    const reads = [
      'ls -1 /usr/lib/brand',
      'dladm show-link -p -o link,class',
      'zoneadm list -cp',
      'zfs list -H -t filesystem -o name,mountpoint,mounted',
      'id',
    ]
    expect(plan.details.preflight.commands).to.include.members(reads)
    // Lazily: the distribution is only read when a diagnostic needs it, and nothing is read twice.
    expect(plan.details.preflight.commands).to.not.include('cat /etc/os-release')
    expect(new Set(plan.details.preflight.commands).size).to.equal(plan.details.preflight.commands.length)
    unchanged()
  })

  it('--dry-run shows the plan and the same findings, and fails', async () => {
    await hostWith({brands: ['ipkg']})
    const result = await host.zmgr(['zones', 'create', 'web01', '--dry-run'])
    expect(result.exitCode).to.equal(1)
    expect(result.stdout).to.include('$ zoneadm -z web01 install')
    expect(result.stderr).to.include('error[zmgr::host::brand-missing]')
    unchanged()
  })
})
