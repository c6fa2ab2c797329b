import {expect} from 'chai'
import {zonecfgBytes, zonecfgLinesProblems, zonecfgQuoted, zonecfgUnsayable, zonecfgWord} from 'zmgr'

describe('zonecfg values (CONTRACT §3.3.1)', () => {
  it('writes a value bare only when no character of it ends a bare token', () => {
    const cases: Array<[string, string]> = [
      ['/zones/web01', '/zones/web01'],
      ['default,dtrace_proc', 'default,dtrace_proc'],
      ['size=512m', '"size=512m"'],
      ['two words', '"two words"'],
      ['tab\there', '"tab\there"'],
      ['a;b', '"a;b"'],
      ['[x]', '"[x]"'],
      ['f(x)', '"f(x)"'],
      ['back\\slash', 'back\\slash'],
      ['', '""'],
    ]
    for (const [value, written] of cases) expect(zonecfgWord(value), value).to.equal(written)
    expect(zonecfgQuoted('lofs')).to.equal('"lofs"')
  })

  it('knows what no quoting can carry', () => {
    expect(zonecfgUnsayable('say "hi"')).to.match(/double quote/)
    expect(zonecfgUnsayable('a\nb')).to.match(/line break/)
    expect(zonecfgUnsayable('a\\b')).to.equal(undefined)
    expect(() => zonecfgWord('say "hi"')).to.throw()
    expect(() => zonecfgQuoted('a\nb')).to.throw()
  })

  it('reads sizes as zonecfg_str_to_bytes does: a bare number is bytes', () => {
    expect(zonecfgBytes('2048')).to.equal(2048)
    expect(zonecfgBytes('512m')).to.equal(512 * 1024 ** 2)
    expect(zonecfgBytes('1.5G')).to.equal(1.5 * 1024 ** 3)
    expect(zonecfgBytes('1GB')).to.equal(undefined)
  })

  it('checks raw command lines as the grammar reads them', () => {
    const problems = (lines: string[]) => zonecfgLinesProblems(lines).map((p) => `${p.index}: ${p.message}`)
    expect(
      problems([
        'set hostid=1234',
        'add fs',
        'set dir="/a b"',
        'add options [ro,"uid=100"]',
        'end',
        'add rctl; set name=zone.max-lwps; add value (priv=privileged,limit=500,action=deny); end',
      ]),
    ).to.deep.equal([])
    expect(problems(['set bootargs=-m=verbose'])).to.have.length(1)
    expect(problems(['add fs', 'add options uid=100', 'end'])).to.deep.equal([
      '1: zonecfg would refuse "add options uid=100": expected `add <property> <value>` (a value containing "=" must be quoted)',
    ])
    expect(problems(['set bootargs="open'])[0]).to.match(/not closed/)
    expect(problems(['create -b'])[0]).to.match(/would undo or cut short/)
    expect(problems(['frobnicate'])[0]).to.match(/not a zonecfg command/)
    expect(problems(['set max-lwps=50'])[0]).to.match(/max-lwps below 100/)
    expect(problems(['end'])[0]).to.match(/only makes sense in a resource scope/)
    expect(problems(['set hostid=1', 'add device', 'set match=/dev/null'])).to.deep.equal([
      '1: the zonecfg lines leave the device resource open',
    ])
  })
})
