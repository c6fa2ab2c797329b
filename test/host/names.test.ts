import {expect} from 'chai'
import {adaptLinkName, linkNameProblem, makeVnicName, zoneNameProblem} from 'zmgr'

describe('illumos names', () => {
  it('applies the zone name rules of libzonecfg', () => {
    for (const good of ['web01', 'db-primary', 'a', '9lives', 'x.y_z', 'a'.repeat(63)])
      expect(zoneNameProblem(good), good).to.equal(undefined)
    expect(zoneNameProblem('global')).to.match(/global zone/)
    expect(zoneNameProblem('SUNWfoo')).to.match(/reserved/)
    expect(zoneNameProblem('-web')).to.match(/start with a letter or a digit/)
    expect(zoneNameProblem('web 1')).to.match(/found " "/)
    expect(zoneNameProblem('a'.repeat(64))).to.match(/at most 63/)
  })

  it('applies the datalink name rules of libdladm', () => {
    for (const good of ['web0', 'web10', 'vnic1', 'web01_0', 'a.b0'])
      expect(linkNameProblem(good), good).to.equal(undefined)
    expect(linkNameProblem('web')).to.match(/end in a number/)
    expect(linkNameProblem('web01')).to.match(/leading zero/)
    expect(linkNameProblem('web00')).to.match(/leading zero/)
    expect(linkNameProblem('db-primary0')).to.match(/found "-"/)
    expect(linkNameProblem('0web0')).to.match(/start with a digit/)
    expect(linkNameProblem(`${'a'.repeat(31)}0`)).to.match(/at most 31/)
  })

  it('adapts any pattern result into a valid link name', () => {
    expect(adaptLinkName('web01_0', 0)).to.equal('web01_0')
    expect(adaptLinkName('web010', 0)).to.equal('web01_0')
    expect(adaptLinkName('db-primary', 1)).to.equal('db_primary1')
    expect(adaptLinkName('db-primary0', 0)).to.equal('db_primary0')
    expect(adaptLinkName('9lives_0', 0)).to.equal('z9lives_0')
    const long = adaptLinkName(`${'very-long-zone-name-'.repeat(4)}_12`, 12)
    expect(long).to.have.length(31)
    expect(long.endsWith('12')).to.equal(true)
    for (const name of ['web01', 'db-primary', 'a.b.c', 'x'.repeat(63), '1', 'z-1-0', 'web.01']) {
      expect(
        linkNameProblem(makeVnicName('{zone}_{index}', {zone: name, index: 0, net: 'public'}, new Set())),
        name,
      ).to.equal(undefined)
      expect(
        linkNameProblem(makeVnicName('{zone}{index}', {zone: name, index: 3, net: 'public'}, new Set())),
        name,
      ).to.equal(undefined)
    }
  })

  it('makes VNIC names unique', () => {
    const taken = new Set(['web01_0', 'web01_1'])
    expect(makeVnicName('{zone}_{index}', {zone: 'web01', index: 0, net: 'public'}, taken)).to.equal('web01_2')
    const longZone = 'x'.repeat(40)
    const first = makeVnicName('{zone}_{index}', {zone: longZone, index: 9, net: 'n'}, new Set())
    const second = makeVnicName('{zone}_{index}', {zone: longZone, index: 9, net: 'n'}, new Set([first]))
    expect(second).to.not.equal(first)
    expect(linkNameProblem(second)).to.equal(undefined)
  })
})
