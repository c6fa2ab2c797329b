import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type FaultSpec, type TestHost} from 'zmgr/testing'
import {doubleHeld, faultFired, output, registeredAddresses} from './helpers.js'
import {FULL, scale} from './scale.js'

describe('stress: zones against the simulator', function () {
  this.timeout(3_600_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  afterEach(() => host.cleanup())

  /** Nothing of the zone is left: no entry, no system zone, no VNIC, no held lock, no work file. */
  async function expectGone(zone: string): Promise<void> {
    expect(existsSync(join(host.root, 'zones', `${zone}.kdl`)), `zones/${zone}.kdl`).to.equal(false)
    expect(host.state().zones.map((z) => z.name)).not.to.include(zone)
    expect(
      host
        .state()
        .vnics.map((v) => v.name)
        .filter((v) => v.startsWith(`${zone}_`)),
    ).to.deep.equal([])
    expect((await readdir(join(host.root, '.locks')).catch(() => [])).filter((f) => f.includes(zone))).to.deep.equal([])
    expect(existsSync(join(host.root, '.work', `${zone}.zonecfg`)), `.work/${zone}.zonecfg`).to.equal(false)
  }

  const creates = scale(4, 100)
  it(`creates ${creates} zones at once, each with its own address and VNIC`, async () => {
    const names = Array.from({length: creates}, (_, i) => `z${String(i).padStart(3, '0')}`)
    // The starter pool hands out 99 addresses: give it room for every zone.
    expect((await host.zmgr(['pools', 'edit', 'public', '--add-range', '192.0.2.200-192.0.2.250'])).exitCode).to.equal(
      0,
    )
    const started = Date.now()
    const results = await Promise.all(
      names.map((name) =>
        host.zmgr(['zones', 'create', name, '--no-boot'], {timeoutMs: 3_000_000, simulator: 'in-process'}),
      ),
    )
    const seconds = (Date.now() - started) / 1000
    const failed = results.flatMap((result, i) =>
      result.exitCode === 0
        ? []
        : [`${names[i]}: exit ${result.exitCode} ${/zmgr::[a-z-]+::[a-z-]+/.exec(result.stderr)?.[0] ?? ''}`],
    )
    expect(failed, output(results.find((r) => r.exitCode !== 0) ?? {stdout: '', stderr: ''})).to.deep.equal([])
    const held = await registeredAddresses(host)
    expect([...held.keys()].sort()).to.deep.equal(names)
    expect(new Set([...held.values()].flat()).size).to.equal(creates)
    expect(await doubleHeld(host)).to.deep.equal([])
    expect(new Set(host.state().vnics.map((v) => v.name)).size).to.equal(creates)
    expect(host.state().zones.filter((z) => z.state === 'installed')).to.have.length(creates)
    const waited = results.filter((r) => /waiting for the .* lock/.test(r.stdout + r.stderr)).length
    if (FULL)
      console.log(`      ${creates} concurrent creates: ${seconds.toFixed(1)} s, ${waited} said they waited for a lock`)
  })

  const races = scale(2, 12)
  it(`races create and destroy of one name ${races} times without a zone or address going astray`, async () => {
    for (let round = 0; round < races; round++) {
      const delay = (round * 97) % 1500 // destroy starts at different points of the create
      const create = host.zmgr(['zones', 'create', 'race', '--no-boot'], {timeoutMs: 300_000, simulator: 'in-process'})
      await new Promise((resolve) => setTimeout(resolve, delay))
      const destroy = await host.zmgr(['zones', 'destroy', 'race', '--yes'], {
        timeoutMs: 300_000,
        simulator: 'in-process',
      })
      const created = await create
      for (const result of [created, destroy]) {
        expect([0, 1, 2], output(result)).to.include(result.exitCode)
        if (result.exitCode !== 0) expect(result.stderr).to.match(/zmgr::[a-z-]+::[a-z-]+/)
      }
      if (destroy.exitCode === 1) expect(destroy.stderr, output(destroy)).to.include('zmgr::zone::busy')
      const registered = existsSync(join(host.root, 'zones', 'race.kdl'))
      const onSystem = host.state().zones.some((z) => z.name === 'race')
      // Either the zone is whole (entry, system zone, VNIC, address) or it is wholly gone.
      expect(
        registered,
        `round ${round}: create ${created.exitCode}, destroy ${destroy.exitCode}\n${output(destroy)}`,
      ).to.equal(onSystem)
      expect(await doubleHeld(host)).to.deep.equal([])
      if (registered) expect((await host.zmgr(['zones', 'destroy', 'race', '--yes'])).exitCode).to.equal(0)
      await expectGone('race')
    }
    // The address went back every time: the next zone gets the first one.
    const next = await host.zmgr(['zones', 'create', 'after', '--no-boot', '--json'])
    expect(next.result<{addresses: Array<{address: string; prefix: number}>}>().addresses[0], output(next)).to.include({
      address: '192.0.2.100',
      prefix: 24,
    })
  })

  /** Where a create or destroy is killed: the command that hangs when it gets there. */
  const createPoints: Array<[string, FaultSpec]> = [
    ['before allocating', {command: 'dladm', subcommand: 'show-link', action: 'hang'}],
    ['after allocating', {command: 'dladm', subcommand: 'create-vnic', action: 'hang'}],
    ['after the VNIC', {command: 'zonecfg', subcommand: '-f', action: 'hang'}],
    ['after configuring', {command: 'zoneadm', subcommand: 'install', action: 'hang'}],
    // The starter template names no publisher of its own, so only a template that does has a publisher step to kill.
    ['after installing', {command: 'pkg', subcommand: 'list-linked', action: 'hang'}],
    ['after recording', {command: 'zoneadm', subcommand: 'boot', action: 'hang'}],
  ]
  const destroyPoints: Array<[string, FaultSpec]> = [
    ['halting', {command: 'zoneadm', subcommand: 'halt', action: 'hang'}],
    ['uninstalling', {command: 'zoneadm', subcommand: 'uninstall', action: 'hang'}],
    ['deleting the configuration', {command: 'zonecfg', subcommand: 'delete', action: 'hang'}],
    ['deleting the VNIC', {command: 'dladm', subcommand: 'delete-vnic', action: 'hang'}],
  ]

  async function killAt(fault: FaultSpec, args: string[]): Promise<void> {
    await host.clearFaults()
    await host.injectFault({...fault, count: 1})
    const run = host.start(args, {simulator: 'in-process'})
    await faultFired(host, fault)
    run.kill('SIGKILL')
    expect((await run.result).signal).to.equal('SIGKILL')
    await host.clearFaults()
  }

  for (const [where, fault] of FULL ? createPoints : createPoints.slice(1, 2)) {
    it(`kill -9 of create ${where}, then destroy --yes: everything is cleaned and the address is free`, async () => {
      if (where === 'after installing')
        expect((await host.zmgr(['templates', 'edit', 'omnios', '--publisher', 'omnios'])).exitCode).to.equal(0)
      await killAt(fault, ['zones', 'create', 'victim'])
      // A second create of the name must not run over the remains; killed before allocating, there are none.
      const again = await host.zmgr(['zones', 'create', 'victim'])
      expect(where === 'before allocating' ? [0] : [1, 2], output(again)).to.include(again.exitCode)
      const destroy = await host.zmgr(['zones', 'destroy', 'victim', '--yes'])
      // Killed before anything was made: there is nothing to destroy (exit 2, zmgr::zone::unknown).
      if (destroy.exitCode === 2) expect(destroy.stderr, output(destroy)).to.include('zmgr::zone::unknown')
      else expect(destroy.exitCode, output(destroy)).to.equal(0)
      await expectGone('victim')
      const next = await host.zmgr(['zones', 'create', 'next', '--no-boot', '--json'])
      expect(
        next.result<{addresses: Array<{address: string; prefix: number}>}>().addresses[0],
        output(next),
      ).to.include({address: '192.0.2.100', prefix: 24})
    })
  }

  for (const [where, fault] of FULL ? destroyPoints : destroyPoints.slice(1, 2)) {
    it(`kill -9 of destroy while ${where}, then destroy --yes: everything is cleaned and the address is free`, async () => {
      expect((await host.zmgr(['zones', 'create', 'victim'])).exitCode).to.equal(0)
      await killAt(fault, ['zones', 'destroy', 'victim', '--yes'])
      const destroy = await host.zmgr(['zones', 'destroy', 'victim', '--yes'])
      expect(destroy.exitCode, output(destroy)).to.equal(0)
      await expectGone('victim')
      const next = await host.zmgr(['zones', 'create', 'next', '--no-boot', '--json'])
      expect(
        next.result<{addresses: Array<{address: string; prefix: number}>}>().addresses[0],
        output(next),
      ).to.include({address: '192.0.2.100', prefix: 24})
    })
  }
})
