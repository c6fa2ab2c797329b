import {expect} from 'chai'
import {mkdir, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('simulator: dladm', () => {
  let host: TestHost
  const dladm = (...args: string[]) => host.run('dladm', args)

  beforeEach(async () => {
    host = await createTestHost()
  })
  afterEach(async () => host.cleanup())

  it('applies the datalink name rules before looking at the lower link', async () => {
    const cases: Array<[string, string]> = [
      ['web01', "dladm: invalid link name 'web01'\n"],
      ['web', "dladm: invalid link name 'web'\n"],
      ['db-primary0', "dladm: invalid link name 'db-primary0'\n"],
      ['0web1', "dladm: invalid link name '0web1'\n"],
      [`${'a'.repeat(31)}1`, `dladm: link name too long '${'a'.repeat(31)}1'\n`],
    ]
    for (const [name, stderr] of cases) {
      const result = await dladm('create-vnic', '-l', 'nosuch0', name)
      expect(result.stderr, name).to.equal(stderr)
      expect(result.exitCode).to.equal(1)
    }
    expect((await dladm('create-vnic', '-l', 'nosuch0', 'web0')).stderr).to.equal(
      "dladm: invalid link name 'nosuch0'\n",
    )
  })

  it('creates VNICs, refuses duplicates, bad VLANs and -f without -v', async () => {
    expect((await dladm('create-vnic', '-l', 'igb0', '-v', '12', 'web0')).exitCode).to.equal(0)
    expect((await dladm('create-vnic', '-l', 'stub0', 'web1')).exitCode).to.equal(0)
    expect((await dladm('create-vnic', '-l', 'igb1', 'web0')).stderr).to.equal(
      'dladm: vnic creation over igb1 failed: object already exists\n',
    )
    expect((await dladm('create-vnic', '-l', 'igb0', '-v', '4095', 'web2')).stderr).to.equal(
      "dladm: invalid VLAN identifier '4095'\n",
    )
    expect((await dladm('create-vnic', '-l', 'igb0', '-f', 'web2')).stderr).to.equal(
      'dladm: -f option can only be used with -v\n',
    )
    const noLink = await dladm('create-vnic', 'web2')
    expect(noLink.exitCode).to.equal(1)
    expect(noLink.stderr).to.match(/^usage: {2}dladm <subcommand> <args> \.\.\.\n/)
    expect((await dladm('show-vnic', '-p', '-o', 'link,over,vid')).stdout).to.equal('web0:igb0:12\nweb1:stub0:0\n')
  })

  it('escapes parsable output only with several fields', async () => {
    await dladm('create-vnic', '-l', 'igb0', '-m', '2:8:20:1:39:4e', 'web0')
    expect((await dladm('show-vnic', '-p', '-o', 'link,over,macaddress,vid')).stdout).to.equal(
      'web0:igb0:2\\:8\\:20\\:1\\:39\\:4e:0\n',
    )
    expect((await dladm('show-vnic', '-p', '-o', 'macaddress', 'web0')).stdout).to.equal('2:8:20:1:39:4e\n')
    expect((await dladm('show-vnic', '-p', '-o', 'LINK,Vid')).stdout).to.equal('web0:0\n')
  })

  it('prints human columns at their widths, -- for empty values and no trailing padding', async () => {
    await dladm('create-vnic', '-l', 'igb0', 'web0')
    expect((await dladm('show-link')).stdout).to.equal(
      [
        'LINK        CLASS     MTU    STATE    BRIDGE     OVER',
        'igb0        phys      1500   up       --         --',
        'igb1        phys      1500   up       --         --',
        'stub0       etherstub 9000   unknown  --         --',
        'web0        vnic      1500   up       --         igb0',
        '',
      ].join('\n'),
    )
    expect((await dladm('show-phys')).stdout).to.equal(
      [
        'LINK         MEDIA                STATE      SPEED    DUPLEX   DEVICE',
        'igb0         Ethernet             up         1000     full     igb0',
        'igb1         Ethernet             up         1000     full     igb1',
        '',
      ].join('\n'),
    )
  })

  it('takes the overflow of a long value out of the following columns', async () => {
    await dladm('create-vnic', '-l', 'igb0', 'averyveryverylong0')
    const line = (await dladm('show-link', 'averyveryverylong0')).stdout.split('\n')[1]
    // LINK overflows by 7; vnic still overflows CLASS, leaving 2 to take out of MTU's padding.
    expect(line).to.equal('averyveryverylong0 vnic 1500 up       --         igb0')
  })

  it('prints nothing when there are no VNICs', async () => {
    const result = await dladm('show-vnic')
    expect(result.stdout).to.equal('')
    expect(result.exitCode).to.equal(0)
  })

  it('checks -p/-o combinations and unknown fields', async () => {
    expect((await dladm('show-link', '-p')).stderr).to.equal('dladm: -p requires -o\n')
    expect((await dladm('show-link', '-p', '-o', 'all')).stderr).to.equal('dladm: "-o all" is invalid with -p\n')
    expect((await dladm('show-vnic', '-p', '-o', 'zone')).stderr).to.equal('dladm: unknown output field: zone\n')
    const human = await dladm('show-link', '-o', 'link,zone')
    expect(human.stderr).to.equal('dladm: warning: ignoring unknown output field: zone\n')
    expect(human.stdout).to.equal('LINK\nigb0\nigb1\nstub0\n')
  })

  it('deletes VNICs and etherstubs with the class and busy checks', async () => {
    await dladm('create-vnic', '-l', 'stub0', 'app0')
    expect((await dladm('delete-vnic', 'nosuch0')).stderr).to.equal("dladm: invalid link name 'nosuch0'\n")
    expect((await dladm('delete-vnic', 'stub0')).stderr).to.equal("dladm: 'stub0' is not a vnic\n")
    expect((await dladm('delete-etherstub', 'app0')).stderr).to.equal("dladm: 'app0' is not an etherstub\n")
    expect((await dladm('delete-etherstub', 'stub0')).stderr).to.equal('dladm: etherstub deletion failed: link busy\n')
    expect((await dladm('delete-vnic', 'app0')).exitCode).to.equal(0)
    expect((await dladm('delete-etherstub', 'stub0')).exitCode).to.equal(0)
    expect((await dladm('create-etherstub', 'stub1')).exitCode).to.equal(0)
    expect((await dladm('create-etherstub', 'stub1')).stderr).to.equal(
      'dladm: etherstub creation failed: object already exists\n',
    )
    expect((await dladm('show-etherstub')).stdout).to.equal('LINK\nstub1\n')
  })

  it('names a missing VNIC in show-vnic and rejects unknown subcommands', async () => {
    expect((await dladm('show-vnic', 'web0')).stderr).to.equal("dladm: invalid vnic name 'web0': object not found\n")
    const unknown = await dladm('frob')
    expect(unknown.exitCode).to.equal(1)
    expect(unknown.stderr).to.match(/^dladm: unknown subcommand 'frob'\nusage: {2}dladm /)
  })

  it('runs show-link when given no subcommand, and prints the basename however it was invoked (OmniOS)', async () => {
    const bare = await dladm()
    expect([bare.exitCode, bare.stdout]).to.deep.equal([0, (await dladm('show-link')).stdout])
    expect(bare.stdout).to.match(/^LINK {8}CLASS/)
    const byPath = await host.run(join(host.binDir, 'dladm'), ['delete-vnic', 'nosuch0'])
    expect(byPath.stderr).to.equal("dladm: invalid link name 'nosuch0'\n")
  })
})

describe('simulator: dladm on OpenIndiana (illumos-gate)', () => {
  let host: TestHost
  const dladm = (...args: string[]) => host.run('dladm', args)

  beforeEach(async () => {
    host = await createTestHost({flavour: 'openindiana'})
  })
  afterEach(async () => host.cleanup())

  it('prints the usage, exit 1, when given no subcommand', async () => {
    const result = await dladm()
    expect([result.exitCode, result.stdout]).to.deep.equal([1, ''])
    expect(result.stderr).to.match(/^usage: {2}dladm <subcommand> <args> \.\.\.\n {4}show-link {9}/)
  })

  it('prefixes diagnostics with argv[0]: the name found on PATH, or the path it was run by', async () => {
    expect((await dladm('delete-vnic', 'nosuch0')).stderr).to.equal("dladm: invalid link name 'nosuch0'\n")
    const sbin = join(host.dir, 'usr', 'sbin')
    await mkdir(sbin, {recursive: true})
    await symlink(join(host.binDir, 'dladm'), join(sbin, 'dladm'))
    const byPath = await host.run(join(sbin, 'dladm'), ['delete-vnic', 'nosuch0'])
    expect(byPath.stderr).to.equal(`${join(sbin, 'dladm')}: invalid link name 'nosuch0'\n`)
    expect((await host.run(join(sbin, 'dladm'), ['frob'])).stderr).to.match(
      new RegExp(`^${join(sbin, 'dladm')}: unknown subcommand 'frob'\nusage:  dladm `),
    )
  })

  it('uses the gate column widths: show-phys SPEED 7 and DUPLEX 10, show-vnic SPEED 7', async () => {
    await dladm('create-vnic', '-l', 'igb0', '-m', '2:8:20:1:39:4e', 'web0')
    expect((await dladm('show-phys')).stdout).to.equal(
      [
        'LINK         MEDIA                STATE      SPEED  DUPLEX    DEVICE',
        'igb0         Ethernet             up         1000   full      igb0',
        'igb1         Ethernet             up         1000   full      igb1',
        '',
      ].join('\n'),
    )
    expect((await dladm('show-vnic')).stdout).to.equal(
      [
        'LINK         OVER         SPEED  MACADDRESS        MACADDRTYPE         VID',
        'web0         igb0         1000   2:8:20:1:39:4e    fixed               0',
        '',
      ].join('\n'),
    )
  })
})
