import {expect} from 'chai'
import type {Template} from 'zmgr'
import {BUILTIN_BRANDS} from '../../plugins/zones/dist/brands.js'
import {buildZonecfgFile} from '../../plugins/zones/dist/zonecfg-file.js'

function template(overrides: Partial<Template> = {}): Template {
  return {
    name: 't',
    brand: 'lipkg',
    autoboot: true,
    ipType: 'exclusive',
    nets: [],
    publishers: [],
    attrs: [],
    fs: [],
    datasets: [],
    packages: [],
    zonecfg: [],
    nodes: new Map(),
    ...overrides,
  }
}

describe('zonecfg command file', () => {
  it('starts blank and sets every zone-wide property, a net per address, resources, DNS attrs, brand and raw lines last', () => {
    const text = buildZonecfgFile({
      zonepath: '/zones/web01',
      brand: 'lipkg',
      autoboot: true,
      ipType: 'exclusive',
      nets: [
        {physical: 'web01_0', address: '192.0.2.100/24', defrouter: '192.0.2.1'},
        {physical: 'web01_1', address: '10.0.0.5/16'},
      ],
      template: template({
        cappedMemory: {physical: '2G', swap: '4G'},
        cappedCpu: 1.5,
        cpuShares: 10,
        maxLwps: 2000,
        limitpriv: 'default,dtrace_proc',
        schedulingClass: 'FSS',
        attrs: [{name: 'note', type: 'string', value: 'two words'}],
        fs: [{dir: '/data', special: '/export/data', type: 'lofs', options: ['ro', 'nodevices']}],
        datasets: ['tank/web'],
        zonecfg: ['set hostid=1234'],
      }),
      dns: {domain: 'example.org', resolvers: ['192.0.2.53', '192.0.2.54']},
      brandLines: ['add device', 'set match="/dev/null"', 'end'],
    })
    expect(text).to.equal(`create -b
set zonepath=/zones/web01
set brand=lipkg
set autoboot=true
set ip-type=exclusive
set limitpriv=default,dtrace_proc
set scheduling-class=FSS
set cpu-shares=10
set max-lwps=2000
add net
set allowed-address="192.0.2.100/24"
set physical="web01_0"
set defrouter="192.0.2.1"
end
add net
set allowed-address="10.0.0.5/16"
set physical="web01_1"
end
add capped-memory
set physical="2G"
set swap="4G"
end
add capped-cpu
set ncpus="1.5"
end
add fs
set dir="/data"
set special="/export/data"
set type="lofs"
add options ro
add options nodevices
end
add dataset
set name="tank/web"
end
add attr
set name="note"
set type="string"
set value="two words"
end
add attr
set name="dns-domain"
set type="string"
set value="example.org"
end
add attr
set name="resolvers"
set type="string"
set value="192.0.2.53,192.0.2.54"
end
add device
set match="/dev/null"
end
set hostid=1234
`)
  })

  it('uses address (not allowed-address) for shared-IP zones and quotes odd zone-wide values', () => {
    const text = buildZonecfgFile({
      zonepath: '/zones/my zone',
      brand: 'ipkg',
      autoboot: false,
      ipType: 'shared',
      nets: [{physical: 'igb0', address: '192.0.2.7/24'}],
      template: template(),
      brandLines: [],
    })
    expect(text)
      .to.include('set zonepath="/zones/my zone"\n')
      .and.include('set address="192.0.2.7/24"\nset physical="igb0"\n')
    expect(text).to.not.include('allowed-address')
  })

  it('quotes every value a bare zonecfg token would cut short, and nothing else', () => {
    const text = buildZonecfgFile({
      zonepath: '/zones/a=b',
      brand: 'ipkg',
      autoboot: false,
      ipType: 'exclusive',
      nets: [],
      template: template({
        limitpriv: 'default,dtrace_proc',
        schedulingClass: 'FSS',
        fs: [{dir: '/tmp', special: 'swap', type: 'tmpfs', options: ['size=512m', 'nosuid', 'a;b', 'x(y)', 'p[q]']}],
      }),
      brandLines: [],
    })
    expect(text)
      .to.include('set zonepath="/zones/a=b"\nset brand=ipkg\n')
      .and.include('set limitpriv=default,dtrace_proc\nset scheduling-class=FSS\n')
    expect(text).to.include(
      'add options "size=512m"\nadd options nosuid\nadd options "a;b"\nadd options "x(y)"\nadd options "p[q]"\n',
    )
  })

  it('never writes a value zonecfg cannot read back (planning refuses those first)', () => {
    const spec = {
      zonepath: '/zones/q',
      brand: 'ipkg',
      autoboot: false,
      ipType: 'exclusive' as const,
      nets: [],
      brandLines: [],
    }
    expect(() =>
      buildZonecfgFile({...spec, template: template({attrs: [{name: 'motd', type: 'string', value: 'say "hi"'}]})}),
    ).to.throw(/cannot be written/)
    expect(() => buildZonecfgFile({...spec, template: template({limitpriv: 'a\nb'})})).to.throw(/cannot be written/)
  })
})

describe('built-in brands', () => {
  it('are ipkg, lipkg, nlipkg, sparse and pkgsrc, all IPS images; the ipkg installer brands take packages as -e', () => {
    expect(BUILTIN_BRANDS.map((b) => b.name)).to.deep.equal(['ipkg', 'lipkg', 'nlipkg', 'sparse', 'pkgsrc'])
    const zone = {
      name: 'z',
      zonepath: '/zones/z',
      template: template({packages: ['ooce/nginx', 'developer/gcc13']}),
      nets: [],
    }
    for (const brand of BUILTIN_BRANDS.filter((b) => ['ipkg', 'lipkg', 'nlipkg'].includes(b.name)))
      expect(brand.installArgs!(zone), brand.name).to.deep.equal(['-e', 'ooce/nginx', '-e', 'developer/gcc13'])
  })

  it('sparse and pkgsrc pass no installer options and refuse a template with packages (their installer takes only -h/-s/-v)', () => {
    for (const brand of BUILTIN_BRANDS.filter((b) => b.name === 'sparse' || b.name === 'pkgsrc')) {
      expect(brand.installArgs, brand.name).to.equal(undefined)
      const problems = brand.validateTemplate!(template({packages: ['ooce/nginx']}))
      expect(
        problems.map((p) => [p.code, p.severity ?? 'error']),
        brand.name,
      ).to.deep.equal([['zmgr::brand::packages', 'error']])
      expect(problems[0]!.message).to.include('ooce/nginx')
      expect(brand.validateTemplate!(template())).to.deep.equal([])
    }
  })

  it('sparse refuses an fs mounted over /usr', () => {
    const sparse = BUILTIN_BRANDS.find((b) => b.name === 'sparse')!
    const problems = sparse.validateTemplate!(
      template({fs: [{dir: '/usr/local', special: '/x', type: 'lofs', options: []}]}),
    )
    expect(problems.map((p) => [p.code, p.severity ?? 'error'])).to.deep.equal([['zmgr::brand::sparse-fs', 'error']])
  })
})
