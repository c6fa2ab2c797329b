import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

// The composed example of CONTRACT.md §3.8/§3.9 (OmniOS lipkg zone, two nets,
// fs, dataset, attr, cpu-shares, capped-memory).
const WEB_COMMANDS = `create -b
set zonepath=/zones/web
set brand=lipkg
set autoboot=true
set limitpriv=default,dtrace_proc
set ip-type=exclusive
set cpu-shares=10
add fs
set dir=/data
set special=/export/web-data
set type=lofs
add options [ro,nodevices]
end
add net
set allowed-address=192.168.10.20/24
set defrouter=192.168.10.1
set global-nic=auto
set physical=web0
end
add net
set allowed-address=10.1.0.20/16
set global-nic=igb1
set mac-addr=2:8:20:ab:cd:ef
set physical=web1
set vlan-id=40
end
add capped-memory
set physical=1G
set swap=2G
end
add attr
set name=resolvers
set type=string
set value="1.1.1.1,9.9.9.9"
end
add dataset
set name=tank/web
end
`

// CONTRACT §3.8 and §3.9's composed examples, byte for byte (TABs, trailing blanks).
const WEB_INFO = readFileSync(join(process.cwd(), 'test/fixtures/contract/web.info'), 'utf8')

const WEB_EXPORT = readFileSync(join(process.cwd(), 'test/fixtures/contract/web.export'), 'utf8')

describe('simulator: zonecfg', () => {
  let host: TestHost
  const zonecfg = (...args: string[]) => host.run('zonecfg', args)
  const cmdFile = async (name: string, text: string): Promise<string> => {
    const path = join(host.dir, name)
    await writeFile(path, text)
    return path
  }

  beforeEach(async () => {
    host = await createTestHost()
  })
  afterEach(async () => host.cleanup())

  it('reproduces the contract info and export examples byte for byte', async () => {
    const file = await cmdFile('web.cfg', WEB_COMMANDS)
    const configure = await zonecfg('-z', 'web', '-f', file)
    expect(configure.stderr).to.equal('')
    expect(configure.exitCode).to.equal(0)
    expect((await zonecfg('-z', 'web', 'info')).stdout).to.equal(WEB_INFO)
    expect((await zonecfg('-z', 'web', 'export')).stdout).to.equal(WEB_EXPORT)
  })

  it('re-imports its own export unchanged', async () => {
    await zonecfg('-z', 'web', '-f', await cmdFile('web.cfg', WEB_COMMANDS))
    await zonecfg('-z', 'copy', '-f', await cmdFile('copy.cfg', WEB_EXPORT))
    const copy = await zonecfg('-z', 'copy', 'export')
    expect(copy.stdout).to.equal(WEB_EXPORT)
  })

  it('stops a command file at the first error, with an On line header, and commits what came before', async () => {
    const file = await cmdFile('bad.cfg', 'create -b\nset zonepath=/zones/a\nset autoboot=maybe\nset bootargs=-v\n')
    const result = await zonecfg('-z', 'a', '-f', file)
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.equal(`On line 3 of ${file}:\nautoboot value must be 'true' or 'false'.\n`)
    const info = await zonecfg('-z', 'a', 'info', 'bootargs')
    expect(info.stdout).to.equal('bootargs: \n')
    expect((await zonecfg('-z', 'a', 'info', 'zonepath')).stdout).to.equal('zonepath: /zones/a\n')
  })

  it('keeps going after an error in one-line mode, saves the rest and exits 1', async () => {
    await zonecfg('-z', 'web', 'create -b; set zonepath=/zones/web')
    const result = await zonecfg('-z', 'web', 'set autoboot=maybe; set bootargs=-v')
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.equal("autoboot value must be 'true' or 'false'.\n")
    expect((await zonecfg('-z', 'web', 'info', 'bootargs')).stdout).to.equal('bootargs: -v\n')
  })

  it('commits nothing when input ends inside a resource', async () => {
    const result = await zonecfg('-z', 'web', 'create -b; set zonepath=/zones/web; add net; set physical=web0')
    expect(result.exitCode).to.equal(1)
    expect(result.stderr).to.equal('Resource incomplete.\n')
    const info = await zonecfg('-z', 'web', 'info')
    expect(info.exitCode).to.equal(1)
    expect(info.stderr).to.equal('web: No such zone configured\n')
  })

  it('reads commands from stdin and hints at create for a new zone', async () => {
    const result = await host.run('zonecfg', ['-z', 'web'], {
      input: 'create -b\nset zonepath=/zones/web\ninfo zonepath\n',
    })
    expect(result.stderr).to.equal('web: No such zone configured\n')
    expect(result.stdout).to.equal("Use 'create' to begin configuring a new zone.\nzonepath: /zones/web\n")
    expect(result.exitCode).to.equal(0)
    expect(host.state().zones.map((z) => z.name)).to.deep.equal(['web'])
  })

  it('applies the OmniOS OMNI prefix to create -t', async () => {
    await host.seed({brands: ['ipkg', 'lipkg', 'bhyve']})
    await zonecfg('-z', 'vm', 'create -t bhyve; set zonepath=/zones/vm')
    const info = await zonecfg('-z', 'vm', 'info')
    expect(info.stdout)
      .to.contain('brand: bhyve\n')
      .and.contain('ip-type: exclusive\n')
      .and.contain('autoboot: false\n')
    const missing = await zonecfg('-z', 'k', 'create -t kvm')
    expect(missing.stderr).to.equal('OMNIkvm: No such zone configured\n')
    expect(missing.exitCode).to.equal(1)
  })

  it('refuses create over an existing zone without -F and overwrites with -F', async () => {
    await zonecfg('-z', 'web', 'create -b; set zonepath=/zones/web')
    const refused = await zonecfg('-z', 'web', 'create')
    expect(refused.stderr).to.equal(
      'Zone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.\n',
    )
    expect(refused.exitCode).to.equal(1)
    const forced = await zonecfg('-z', 'web', 'create -F; set zonepath=/zones/new')
    expect(forced.stdout).to.equal('Zone web already exists; overwriting.\n')
    expect(forced.exitCode).to.equal(0)
    expect(host.state().zones[0]!.zonepath).to.equal('/zones/new')
  })

  it('deletes with -F and refuses without it when not on a terminal', async () => {
    await zonecfg('-z', 'web', 'create -b; set zonepath=/zones/web')
    const refused = await zonecfg('-z', 'web', 'delete')
    expect(refused.stderr).to.equal('Input not from terminal and -F not specified:\ndelete command ignored, exiting.\n')
    expect(refused.exitCode).to.equal(1)
    const deleted = await zonecfg('-z', 'web', 'delete', '-F')
    expect(deleted.exitCode).to.equal(0)
    expect(host.state().zones).to.deep.equal([])
  })

  it('reports verify failures at commit and does not save', async () => {
    const result = await zonecfg(
      '-z',
      'web',
      'create -b; set ip-type=exclusive; add net; set physical=web0; set address=10.0.0.1; end',
    )
    expect(result.stderr).to.equal(
      [
        'zonepath cannot be empty.',
        'net: address cannot be specified for an exclusive IP type',
        'Zone web failed to verify',
        'web: Required resource missing',
        'Configuration not saved.',
        '',
      ].join('\n'),
    )
    expect(result.exitCode).to.equal(1)
    expect(host.state().zones).to.deep.equal([])
  })

  it('rejects a brand that is not installed when committing', async () => {
    const result = await zonecfg('-z', 'k', 'create -b; set zonepath=/zones/k; set brand=kvm')
    expect(result.stderr).to.equal('k: unknown brand.\n\nk: Invalid document\nConfiguration not saved.\n')
    expect(result.exitCode).to.equal(1)
  })

  it('uses exit 2 and the zone syntax for a bogus zone name', async () => {
    const result = await zonecfg('-z', 'bad!name', 'info')
    expect(result.exitCode).to.equal(2)
    expect(result.stderr).to.match(/^bad!name: Bogus zone name\n\n<zone> := \[A-Za-z0-9\]\[A-Za-z0-9_.-\]\*\n/)
    expect((await zonecfg()).exitCode).to.equal(2)
  })

  it('treats SUNW zones as read-only', async () => {
    const result = await zonecfg('-z', 'SUNWtest', 'create')
    expect(result.stderr).to.equal('SUNWtest: zones beginning with SUNW are read-only.\n')
    expect(result.exitCode).to.equal(1)
  })

  it('reports scope errors and unqualified removal of several instances', async () => {
    await zonecfg('-z', 'web', '-f', await cmdFile('web.cfg', WEB_COMMANDS))
    const end = await zonecfg('-z', 'web', 'end')
    expect(end.stderr).to.equal('The end command only makes sense in the resource scope.\n')
    const remove = await zonecfg('-z', 'web', 'remove net')
    expect(remove.stderr).to.equal(
      'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.\n',
    )
    const noMatch = await zonecfg('-z', 'web', 'remove net physical=nope0')
    expect(noMatch.stderr).to.equal('remove net: No such resource with that id\n')
    const removed = await zonecfg('-z', 'web', 'remove net physical=web1')
    expect(removed.exitCode).to.equal(0)
    expect((await zonecfg('-z', 'web', 'info', 'net', 'physical=web1')).stdout).to.equal('No such net resource.\n')
  })

  it('selects and modifies a resource', async () => {
    await zonecfg('-z', 'web', '-f', await cmdFile('web.cfg', WEB_COMMANDS))
    await zonecfg('-z', 'web', 'select net physical=web0; set allowed-address=192.168.10.21/24; end')
    const info = await zonecfg('-z', 'web', 'info', 'net', 'physical=web0')
    expect(info.stdout).to.contain('\tallowed-address: 192.168.10.21/24\n')
  })

  it('formats sizes with bytes_to_units', async () => {
    await zonecfg(
      '-z',
      'm',
      'create -b; set zonepath=/zones/m; add capped-memory; set physical=1.5g; set locked=512m; end',
    )
    expect((await zonecfg('-z', 'm', 'info', 'capped-memory')).stdout).to.equal(
      'capped-memory:\n\t[physical: 1.5G]\n\t[locked: 512M]\n',
    )
  })

  it('refuses duplicate resources and incomplete resources at end', async () => {
    await zonecfg('-z', 'web', '-f', await cmdFile('web.cfg', WEB_COMMANDS))
    const dup = await zonecfg('-z', 'web', 'add attr; set name=resolvers; set type=string; set value=x; end')
    expect(dup.stderr).to.contain("An attr resource with the name 'resolvers' already exists.\n")
    const missing = await zonecfg('-z', 'web', 'add fs; set dir=/x; end; cancel')
    expect(missing.stderr).to.equal('special not specified\ntype not specified\n')
    expect(missing.exitCode).to.equal(1)
  })

  it('forbids changing zonepath and brand once installed', async () => {
    await host.seed({zones: [{name: 'db', state: 'installed'}]})
    const result = await zonecfg('-z', 'db', 'set zonepath=/zones/other')
    expect(result.stderr).to.equal('Zone db already installed; set zonepath not allowed.\n')
    expect(host.state().zones[0]!.zonepath).to.equal('/zones/db')
  })
})

describe('simulator: zonecfg on OpenIndiana', () => {
  let host: TestHost
  before(async () => {
    host = await createTestHost({flavour: 'openindiana'})
  })
  after(async () => host.cleanup())

  it('uses ipkg by default, the gate net order, and has no OmniOS net keywords', async () => {
    const create = await host.run('zonecfg', [
      '-z',
      'oi',
      'create; set zonepath=/zones/oi; set ip-type=exclusive; add net; set physical=oi0; set allowed-address=10.0.0.5/24; end; add capped-memory; set physical=1G; end',
    ])
    expect(create.stderr).to.equal('')
    const info = await host.run('zonecfg', ['-z', 'oi', 'info'])
    expect(info.stdout).to.contain('brand: ipkg\n')
    expect(info.stdout).to.contain(
      'net:\n\taddress not specified\n\tallowed-address: 10.0.0.5/24\n\tphysical: oi0\n\tdefrouter not specified\n',
    )
    expect(info.stdout).to.contain('capped-memory:\n\tphysical: 1G\n')
    const exported = await host.run('zonecfg', ['-z', 'oi', 'export'])
    expect(exported.stdout).to.contain(
      'add net\nset allowed-address="10.0.0.5/24"\nset physical="oi0"\nend\nadd capped-memory\nset physical=1G\nend\n',
    )
    // global-nic is no keyword of the gate's lexer: `set <TOKEN>=` is a grammar error at the `=`.
    const globalNic = await host.run('zonecfg', ['-z', 'oi', 'select net physical=oi0; set global-nic=auto; end'])
    expect(globalNic.stderr).to.match(/^syntax error at '='\nCommands:\n\nadd <resource-type>\n/)
  })
})
