import {expect} from 'chai'
import {join} from 'node:path'
import {caseTree, FIXTURES, type Scratch, scratch, validateJson, where, zmgr} from './helpers.js'

describe('zmgr validate: rules contributed by a third-party plugin', () => {
  let tmp: Scratch
  let env: Record<string, string>
  before(async () => {
    tmp = scratch()
    // A plugin linked the way an administrator would, into a private plugin data folder.
    env = {ZMGR_DATA_DIR: join(tmp.dir, 'data')}
    const link = await zmgr(['plugins', 'link', join(FIXTURES, 'plugin-acme'), '--no-install'], env)
    expect(link.exitCode, link.stderr).to.equal(0)
  })
  after(() => tmp.cleanup())

  it('runs the plugin rule beside the built-in ones, located like them', async () => {
    const root = caseTree(tmp.dir)
    const report = await validateJson(root, env)
    expect(report.rules).to.deep.include({
      id: 'acme/zone-owner',
      summary: 'Every zone file names its owning team (an `owner` node).',
      plugin: 'zmgr-plugin-acme',
    })
    expect(report.diagnostics.map((d) => where(root, d))).to.deep.equal([
      'acme::zone::owner zones/lab01.kdl:1:1',
      'acme::zone::owner zones/legacy.kdl:2:1',
      'acme::zone::owner zones/web01.kdl:1:1',
      'acme::zone::owner zones/web02.kdl:1:1',
    ])
    // The plugin's rule reports warnings: the registry still passes.
    expect(report).to.include({ok: true, errors: 0, warnings: 4, exitCode: 0})
  })

  it('reports a rule that throws, and still runs the others', async () => {
    const root = caseTree(tmp.dir, 'duplicate-vnic')
    const report = await validateJson(root, {...env, ACME_RULE_THROW: '1'})
    const codes = report.diagnostics.map((d) => d.code)
    expect(codes).to.have.members(['zmgr::zone::duplicate-vnic', 'zmgr::validate::rule-failed'])
    const failed = report.diagnostics.find((d) => d.code === 'zmgr::validate::rule-failed')!
    expect(failed.message).to.equal(
      'the validation rule "acme/zone-owner" (zmgr-plugin-acme) failed: acme rule exploded',
    )
    expect(report.exitCode).to.equal(1)
  })

  it('is not run once the plugin is gone', async () => {
    const root = caseTree(tmp.dir)
    const report = await validateJson(root, {ZMGR_DATA_DIR: join(tmp.dir, 'no-plugins')})
    expect(report.rules.map((r) => r.plugin)).to.not.include('zmgr-plugin-acme')
    expect(report.diagnostics).to.deep.equal([])
  })
})
