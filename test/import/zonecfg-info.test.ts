import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {parseZonecfgInfo, parseZonecfgValue} from 'zmgr'

// CONTRACT §3.8's composed example (OmniOS lipkg zone, exclusive IP, two nets, fs,
// dataset, attr, cpu-shares, capped-memory), byte for byte, shared with the simulator's tests.
const COMPOSED = readFileSync(join(process.cwd(), 'test/fixtures/contract/web.info'), 'utf8')

describe('parseZonecfgInfo (CONTRACT §3.8)', () => {
  const config = parseZonecfgInfo(COMPOSED)

  it('reads the zone-wide properties, leaving out empty ones', () => {
    expect(config).to.include({
      zonename: 'web',
      zonepath: '/zones/web',
      brand: 'lipkg',
      autoboot: true,
      ipType: 'exclusive',
      limitpriv: 'default,dtrace_proc',
    })
    expect(config.bootargs).to.equal(undefined)
    expect(config.globals.map((g) => g.name)).to.deep.equal([
      'zonename',
      'zonepath',
      'brand',
      'autoboot',
      'limitpriv',
      'ip-type',
    ])
  })

  it('reads bracketed alias lines', () => {
    expect(config.aliases).to.deep.equal([{name: 'cpu-shares', value: '10'}])
  })

  it('reads every net property and drops `not specified` lines', () => {
    expect(config.nets).to.deep.equal([
      {
        allowedAddress: '192.168.10.20/24',
        defrouter: '192.168.10.1',
        globalNic: 'auto',
        physical: 'web0',
        properties: [],
        other: [],
      },
      {
        allowedAddress: '10.1.0.20/16',
        globalNic: 'igb1',
        macAddr: '2:8:20:ab:cd:ef',
        physical: 'web1',
        vlanId: '40',
        properties: [],
        other: [],
      },
    ])
  })

  it('keeps every other resource in printed order, with lists, complex values and derived lines', () => {
    expect(config.resources.map((r) => r.type)).to.deep.equal([
      'fs',
      'capped-memory',
      'attr',
      'dataset',
      'rctl',
      'rctl',
      'rctl',
    ])
    expect(config.resources[0].properties).to.deep.equal([
      {name: 'dir', value: '/data'},
      {name: 'special', value: '/export/web-data'},
      {name: 'type', value: 'lofs'},
      {name: 'options', value: ['ro', 'nodevices']},
    ])
    expect(config.resources[1].properties).to.deep.equal([
      {name: 'physical', value: '1G', derived: true},
      {name: 'swap', value: '2G', derived: true},
    ])
    expect(config.resources[2].properties).to.deep.equal([
      {name: 'name', value: 'resolvers'},
      {name: 'type', value: 'string'},
      {name: 'value', value: '1.1.1.1,9.9.9.9'},
    ])
    expect(config.resources[6].properties).to.deep.equal([
      {name: 'name', value: 'zone.max-swap'},
      {name: 'value', value: {priv: 'privileged', limit: '2147483648', action: 'deny'}},
    ])
  })

  it('reads shared-IP nets, net property lines, quoted values and quoted fs options', () => {
    const shared = parseZonecfgInfo(
      [
        'zonename: odd',
        'zonepath: /zones/a:b',
        'brand: lx',
        'autoboot: false',
        'bootargs: "-v -m verbose"',
        'ip-type: shared',
        'fs:',
        '\tdir: /mnt/my data',
        '\tspecial: "/export/my data"',
        '\traw not specified',
        '\ttype: lofs',
        '\toptions: [ro,"uid=100"]',
        'net:',
        '\taddress: 192.0.2.7/24',
        '\tallowed-address not specified',
        '\tdefrouter: 192.0.2.1',
        '\tphysical: e1000g0',
        '\tproperty: (name=gateway,value="192.0.2.1")',
        '\tproperty: (name=ips,value="192.0.2.7/24,192.0.2.8/24")',
        'capped-cpu:',
        '\t[ncpus: 1.50]',
        'dedicated-cpu:',
        '\tncpus: 1-4',
        'fs:',
        '\tdir: /b',
        '\tspecial: /b',
        '\ttype: lofs',
        '\toptions: []',
      ].join('\n'),
    )
    expect(shared).to.include({zonepath: '/zones/a:b', ipType: 'shared', bootargs: '-v -m verbose', autoboot: false})
    expect(shared.nets).to.deep.equal([
      {
        address: '192.0.2.7/24',
        defrouter: '192.0.2.1',
        physical: 'e1000g0',
        properties: [
          {name: 'gateway', value: '192.0.2.1'},
          {name: 'ips', value: '192.0.2.7/24,192.0.2.8/24'},
        ],
        other: [],
      },
    ])
    expect(shared.resources.map((r) => r.type)).to.deep.equal(['fs', 'capped-cpu', 'dedicated-cpu', 'fs'])
    expect(shared.resources[0].properties).to.deep.include({name: 'special', value: '/export/my data'})
    expect(shared.resources[0].properties).to.deep.include({name: 'options', value: ['ro', 'uid=100']})
    expect(shared.resources[1].properties).to.deep.equal([{name: 'ncpus', value: '1.50', derived: true}])
    expect(shared.resources[3].properties).to.deep.include({name: 'options', value: []})
  })

  it('reads zone-wide lines whose trailing blank was lost as empty values, not resources', () => {
    const config = parseZonecfgInfo(
      'zonename: z\nzonepath: /zones/z\nbrand: ipkg\nautoboot: false\nbootargs:\npool:\nip-type: exclusive\n',
    )
    expect(config.resources).to.deep.equal([])
    expect(config.pool).to.equal(undefined)
  })

  it('refuses a line it cannot read', () => {
    expect(() => parseZonecfgInfo('zonename: z\nthis is not zonecfg\n')).to.throw(/cannot read line 2/)
  })

  it('splits list and complex values at commas outside quotes', () => {
    expect(parseZonecfgValue('[a,"b,c"]')).to.deep.equal(['a', 'b,c'])
    expect(parseZonecfgValue('(name=x,value="1,2")')).to.deep.equal({name: 'x', value: '1,2'})
    expect(parseZonecfgValue('"two words"')).to.equal('two words')
  })
})
