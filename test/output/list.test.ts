import {expect} from 'chai'
import {formatList, formatTable, type ListField, selectList} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** The examples name OpenIndiana's starter set (oi, ofl, publisher openindiana.org): init detects it on an OpenIndiana host with nlipkg. */
const OPENINDIANA = {flavour: 'openindiana' as const, seed: {brands: ['ipkg', 'lipkg', 'nlipkg']}}

interface Row {
  name: string
  state: string
  note: string
  count: number
}

const FIELDS: ListField<Row>[] = [
  {name: 'name', description: 'the name', get: (row) => row.name},
  {name: 'state', description: 'the state', get: (row) => row.state},
  {
    name: 'count',
    description: 'a number',
    get: (row) => String(row.count),
    sortKey: (row) => row.count,
    align: 'right',
  },
  {name: 'note', description: 'free text', get: (row) => row.note, shrink: true},
  {name: 'hidden', description: 'not shown by default', get: () => 'x', default: false},
]

const ROWS: Row[] = [
  {name: 'web10', state: 'running', note: 'a:b\\c', count: 10},
  {name: 'web9', state: 'installed', note: '', count: 9},
]

describe('output: lists (-H, -p, -o, -s) and tables', () => {
  it('prints a table with a header, "-" for empty values', () => {
    expect(formatList(ROWS, FIELDS, {width: 200})).to.equal(
      ['NAME   STATE      COUNT  NOTE', 'web10  running       10  a:b\\c', 'web9   installed      9  -'].join('\n'),
    )
    expect(formatList(ROWS, FIELDS, {'no-header': true, width: 200}).split('\n')[0]).to.match(/^web10\s+running/)
  })

  it('prints parsable lines as libofmt does: ":" joins, ":" and "\\" escaped, one field raw, empty values empty', () => {
    expect(formatList(ROWS, FIELDS, {parsable: true})).to.equal('web10:running:10:a\\:b\\\\c\nweb9:installed:9:')
    expect(formatList(ROWS, FIELDS, {parsable: true, output: 'note'})).to.equal('a:b\\c\n')
    expect(formatList(ROWS, FIELDS, {parsable: true, output: 'STATE,Name'})).to.equal('running:web10\ninstalled:web9')
  })

  it('sorts by fields, numerically where the field says so, FIELD:desc (or -FIELD) for descending', () => {
    expect(formatList(ROWS, FIELDS, {parsable: true, output: 'name', sort: 'name'})).to.equal('web9\nweb10')
    expect(formatList(ROWS, FIELDS, {parsable: true, output: 'name', sort: '-count'})).to.equal('web10\nweb9')
    expect(formatList(ROWS, FIELDS, {parsable: true, output: 'name', sort: 'state:desc,name'})).to.equal('web10\nweb9')
    expect(selectList(ROWS, FIELDS, {sort: 'count'}).rows.map((row) => row.count)).to.deep.equal([9, 10])
  })

  it('refuses unknown fields with the list of fields, and answers -o help', () => {
    expect(() => selectList(ROWS, FIELDS, {output: 'name,bogus'}))
      .to.throw('unknown output field: bogus')
      .with.property('code', 'zmgr::usage::field')
    expect(() => selectList(ROWS, FIELDS, {sort: 'nope'}))
      .to.throw()
      .with.property('help')
      .that.includes('  hidden  not shown by default')
    expect(() => selectList(ROWS, FIELDS, {output: 'help'}))
      .to.throw()
      .with.property('fieldList')
      .that.match(/^fields: name, state, count, note, hidden\n/)
  })

  it('fits 80 and 60 columns by cutting free-text columns, never the header', () => {
    const rows = [
      {
        name: 'db-primary-eu-west',
        state: 'running',
        note: 'missing from the system; incomplete (create failed at install)',
        count: 3,
      },
    ]
    const columns = FIELDS.slice(0, 4).map((field) => ({
      header: field.name.toUpperCase(),
      get: field.get,
      shrink: field.shrink,
    }))
    const wide = formatTable(rows, columns)
    expect(wide.split('\n')[1].length).to.be.greaterThan(80)
    for (const width of [80, 60]) {
      const lines = formatTable(rows, columns, {width}).split('\n')
      for (const line of lines) expect(line.length, line).to.be.at.most(width)
      expect(lines[0]).to.match(/^NAME\s+STATE\s+COUNT\s+NOTE$/)
      expect(lines[1]).to.match(/^db-primary-eu-west\s+running\s+3\s+missing from.*…$/)
    }
  })
})

describe('output: list commands for scripts', function () {
  this.timeout(300_000)
  let host: TestHost
  before(async () => {
    host = await createTestHost(OPENINDIANA)
    await host.zmgr(['init'])
    const created = await host.zmgr(['zones', 'create', 'web01'])
    expect(created.exitCode, created.stderr).to.equal(0)
    await host.seed({zones: [{name: 'legacy', state: 'installed', brand: 'lipkg'}]})
  })
  after(() => host.cleanup())

  it('zones list: -Hp -o for awk, hints on stderr only', async () => {
    const run = await host.zmgr(['zones', 'list', '-Hp', '-o', 'name,state,managed'])
    expect(run.exitCode).to.equal(0)
    expect(run.stdout).to.equal('legacy:installed:no\nweb01:running:yes\n')
    expect(run.stderr).to.include('zmgr import legacy')
    const table = await host.zmgr(['zones', 'list'])
    expect(table.stdout).to.not.include('import')
    expect(table.stdout.split('\n')[0]).to.match(/^NAME\s+STATE\s+BRAND\s+TEMPLATE\s+ADDRESSES\s+NOTE$/)
    const sorted = await host.zmgr(['zones', 'list', '-H', '-o', 'name', '-s', 'name:desc'])
    expect(sorted.stdout).to.equal('web01\nlegacy\n')
  })

  it('every built-in list takes the same flags', async () => {
    const runs: Array<[string[], string]> = [
      [['templates', 'list', '-Hp', '-o', 'name,brand,default'], 'ofl:nlipkg:\noi:ipkg:yes\n'],
      [['pools', 'list', '-Hp', '-o', 'name,used,size,free'], 'public:1:99:98\n'],
      [['pools', 'allocations', 'public', '-p', '-o', 'address,zone,net'], '192.0.2.100:web01:public\n'],
      [['publishers', 'list', '-Hp', '-o', 'name,origins'], 'openindiana.org:https\\://pkg.openindiana.org/hipster/\n'],
    ]
    for (const [args, expected] of runs) {
      const run = await host.zmgr(args)
      expect(run.stdout, args.join(' ')).to.equal(expected)
      expect(run.exitCode).to.equal(0)
    }
  })

  it('-o help lists the fields and exits 0; an unknown field is a usage error', async () => {
    const help = await host.zmgr(['pools', 'list', '-o', 'help'])
    expect(help.exitCode).to.equal(0)
    expect(help.stdout).to.match(
      /^fields: name, family, network, mode, used, size, percent, note, free, gateway, vlan\n/,
    )
    const bad = await host.zmgr(['zones', 'list', '-o', 'name,colour'])
    expect(bad.exitCode).to.equal(2)
    expect(bad.stdout).to.equal('')
    expect(bad.stderr).to.include('error[zmgr::usage::field]: unknown output field: colour').and.include('addresses')
  })

  it('honours $COLUMNS: a table fits 60 columns', async () => {
    const run = await host.zmgr(['templates', 'list'], {env: {COLUMNS: '60'}})
    for (const line of run.stdout.trimEnd().split('\n')) expect(line.length, line).to.be.at.most(60)
    expect(run.stdout.split('\n')[0]).to.match(/^NAME\s+DEFAULT\s+BRAND\s+IP-TYPE\s+NETS\s+PUBLISHERS$/)
  })
})
