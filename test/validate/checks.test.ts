import {expect} from 'chai'
import {caseTree, type Scratch, scratch, validateJson, where} from './helpers.js'

/**
 * One fixture tree per check (test/fixtures/validate/cases/NAME, laid over the
 * clean tree): each must fail exactly that check, at exactly that place.
 */
const CASES: Array<{name: string; severity: 'error' | 'warning'; at: string}> = [
  {name: 'syntax', severity: 'error', at: 'zmgr::zone::parse zones/web02.kdl:4:14'},
  {name: 'schema', severity: 'error', at: 'zmgr::schema::wrong-type templates/ofl.kdl:3:14'},
  {name: 'config-template', severity: 'error', at: 'zmgr::config::unknown-template config.kdl:1:18'},
  {name: 'template-pool', severity: 'error', at: 'zmgr::template::unknown-pool templates/ofl.kdl:3:15'},
  {name: 'template-publisher', severity: 'error', at: 'zmgr::template::unknown-publisher templates/ofl.kdl:4:33'},
  {name: 'template-brand', severity: 'error', at: 'zmgr::template::unknown-brand templates/ofl.kdl:2:11'},
  {name: 'brand-problem', severity: 'warning', at: 'zmgr::brand::linked-publishers templates/ofl.kdl:4:5'},
  {name: 'zone-template', severity: 'warning', at: 'zmgr::zone::unknown-template zones/lab01.kdl:3:14'},
  {name: 'zone-pool', severity: 'error', at: 'zmgr::zone::unknown-pool zones/lab01.kdl:5:42'},
  {name: 'gateway-outside', severity: 'error', at: 'zmgr::pool::gateway-outside pools/lab.kdl:3:13'},
  {name: 'range-outside', severity: 'error', at: 'zmgr::pool::range-outside pools/public.kdl:4:25'},
  {name: 'address-outside-list', severity: 'error', at: 'zmgr::pool::address-outside pools/lab.kdl:3:30'},
  {name: 'reserve-outside', severity: 'warning', at: 'zmgr::pool::reserve-outside pools/public.kdl:4:27'},
  {name: 'family-mismatch', severity: 'error', at: 'zmgr::pool::family-mismatch pools/backend.kdl:3:13'},
  {name: 'pools-overlap', severity: 'error', at: 'zmgr::pool::pools-overlap pools/spare.kdl:1:1'},
  {name: 'duplicate-address', severity: 'error', at: 'zmgr::zone::duplicate-address zones/web03.kdl:4:59'},
  {name: 'address-outside-pool', severity: 'error', at: 'zmgr::zone::address-outside-pool zones/web03.kdl:4:59'},
  {name: 'address-family', severity: 'error', at: 'zmgr::zone::address-outside-pool zones/web03.kdl:4:59'},
  {name: 'address-unusable', severity: 'error', at: 'zmgr::zone::address-unusable zones/web03.kdl:4:59'},
  {name: 'address-outside-range', severity: 'warning', at: 'zmgr::zone::address-outside-range zones/web03.kdl:4:59'},
  {name: 'address-reserved', severity: 'warning', at: 'zmgr::zone::address-reserved zones/web03.kdl:4:59'},
  {name: 'prefix-mismatch', severity: 'error', at: 'zmgr::zone::prefix-mismatch zones/web03.kdl:4:59'},
  {name: 'zone-name', severity: 'error', at: 'zmgr::zone::bad-name zones/SUNWdemo.kdl:1:6'},
  {name: 'vnic-name', severity: 'error', at: 'zmgr::zone::bad-vnic-name zones/web03.kdl:4:18'},
  {name: 'duplicate-vnic', severity: 'error', at: 'zmgr::zone::duplicate-vnic zones/web03.kdl:4:18'},
  {name: 'nearly-full', severity: 'warning', at: 'zmgr::pool::nearly-full pools/lab.kdl:4:5'},
  {name: 'zonecfg-unquotable', severity: 'error', at: 'zmgr::zonecfg::unquotable templates/ofl.kdl:6:16'},
  {name: 'zonecfg-max-lwps', severity: 'error', at: 'zmgr::zonecfg::out-of-range templates/ofl.kdl:6:14'},
  {name: 'zonecfg-swap', severity: 'error', at: 'zmgr::zonecfg::out-of-range templates/ofl.kdl:6:33'},
  {name: 'zonecfg-cpu-shares', severity: 'error', at: 'zmgr::zonecfg::incompatible templates/ofl.kdl:7:22'},
  {name: 'zonecfg-line', severity: 'error', at: 'zmgr::zonecfg::bad-line templates/ofl.kdl:6:31'},
  {name: 'zonecfg-open-resource', severity: 'error', at: 'zmgr::zonecfg::bad-line templates/ofl.kdl:6:13'},
]

describe('zmgr validate: one failing tree per check', () => {
  let tmp: Scratch
  before(() => {
    tmp = scratch()
  })
  after(() => tmp.cleanup())

  for (const {name, severity, at} of CASES) {
    it(`${name}: ${at}`, async () => {
      const root = caseTree(tmp.dir, name)
      const report = await validateJson(root)
      // Exactly this problem: the clean tree around it has none.
      expect(report.diagnostics.map((d) => where(root, d))).to.deep.equal([at])
      const [diagnostic] = report.diagnostics
      expect(diagnostic.severity).to.equal(severity)
      expect(diagnostic.message).to.be.a('string').and.not.be.empty
      expect(diagnostic.help, 'every diagnostic says what to do next').to.be.a('string').and.not.be.empty
      expect(report.exitCode).to.equal(severity === 'error' ? 1 : 0)
      expect(report.ok).to.equal(severity !== 'error')
      expect({errors: report.errors, warnings: report.warnings}).to.deep.equal(
        severity === 'error' ? {errors: 1, warnings: 0} : {errors: 0, warnings: 1},
      )
    })
  }

  it('reports the problems of every file at once, sorted by file and line', async () => {
    const root = caseTree(tmp.dir, 'many')
    const report = await validateJson(root)
    expect(report.diagnostics.map((d) => where(root, d))).to.deep.equal([
      'zmgr::config::unknown-template config.kdl:1:18',
      'zmgr::schema::wrong-type templates/ofl.kdl:3:14',
      'zmgr::zone::parse zones/web02.kdl:4:14',
    ])
    expect(report.exitCode).to.equal(1)
  })
})
