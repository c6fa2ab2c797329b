import {expect} from 'chai'
import {crossPoolProblems, type Diagnostic, poolProblems} from 'zmgr'
import {pool} from './helpers.js'

const found = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.severity} ${d.code}@${d.location?.line}:${d.location?.column}`)

describe('ipam: pool problems', () => {
  it('finds nothing wrong with a sane pool', () => {
    expect(
      poolProblems(
        pool(
          'pool "ok" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    range "192.0.2.10" "192.0.2.20"\n    reserve "192.0.2.15"\n}\n',
        ),
      ),
    ).to.deep.equal([])
  })

  it('locates a gateway and a range outside the network at the offending value', () => {
    const problems = poolProblems(
      pool('pool "p" {\n    network "192.0.2.0/24"\n    gateway "10.0.0.1"\n    range "192.0.2.10" "192.0.3.20"\n}\n'),
    )
    expect(found(problems)).to.deep.equal([
      'error zmgr::pool::gateway-outside@3:13',
      'error zmgr::pool::range-outside@4:24',
    ])
    expect(problems[1].message).to.equal("range end 192.0.3.20 is outside the pool's network 192.0.2.0/24")
    expect(problems[1].location?.lineText).to.equal('    range "192.0.2.10" "192.0.3.20"')
  })

  it('reports an IPv6 range in an IPv4 pool as a family mismatch', () => {
    const problems = poolProblems(
      pool('pool "p" {\n    network "192.0.2.0/24"\n    range "2001:db8::1" "2001:db8::9"\n}\n'),
    )
    expect(found(problems)).to.deep.equal([
      'error zmgr::pool::family-mismatch@3:11',
      'error zmgr::pool::family-mismatch@3:25',
    ])
    expect(problems[0].message).to.equal('range start 2001:db8::1 is IPv6 but pool "p" is IPv4 (192.0.2.0/24)')
    expect(problems[0].help).to.include('one pool per family')
  })

  it('reports overlapping and reversed ranges', () => {
    const problems = poolProblems(
      pool(
        'pool "p" {\n    network "192.0.2.0/24"\n    range "192.0.2.10" "192.0.2.20"\n    range "192.0.2.20" "192.0.2.30"\n    range "192.0.2.90" "192.0.2.80"\n}\n',
      ),
    )
    expect(found(problems)).to.deep.equal([
      'error zmgr::pool::range-overlap@4:5',
      'error zmgr::pool::range-reversed@5:5',
    ])
    expect(problems[0].message).to.equal('range 192.0.2.20 - 192.0.2.30 overlaps the range on line 3')
  })

  it('warns about listed duplicates, unusable list entries, stray reserves and an empty pool', () => {
    const problems = poolProblems(
      pool(
        'pool "p" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    addresses "192.0.2.1" "192.0.2.1" "192.0.2.255"\n    reserve "10.0.0.1"\n}\n',
      ),
    )
    expect(found(problems)).to.deep.equal([
      'warning zmgr::pool::duplicate-address@4:27',
      'warning zmgr::pool::reserve-outside@5:13',
      'warning zmgr::pool::address-unusable@4:15',
      'warning zmgr::pool::address-unusable@4:39',
      'warning zmgr::pool::no-usable-address@1:1',
    ])
  })

  it('reports pools that hand out the same address, and overlapping networks', () => {
    const a = pool('pool "a" {\n    network "10.0.0.0/24"\n    range "10.0.0.10" "10.0.0.20"\n}\n')
    const b = pool('pool "b" {\n    network "10.0.0.0/24"\n    range "10.0.0.20" "10.0.0.30"\n}\n')
    const c = pool('pool "c" {\n    network "10.0.0.0/24"\n    range "10.0.0.40" "10.0.0.50"\n}\n')
    const d = pool('pool "d" {\n    network "10.0.0.0/16"\n    range "10.0.9.1" "10.0.9.9"\n}\n')
    const problems = crossPoolProblems([d, c, b, a])
    expect(problems.map((p) => `${p.severity} ${p.code} ${p.message}`)).to.deep.equal([
      'error zmgr::pool::pools-overlap pools "a" and "b" both hand out 10.0.0.20',
      'warning zmgr::pool::network-overlap pool "d" (10.0.0.0/16) overlaps pool "a" (10.0.0.0/24)',
      'warning zmgr::pool::network-overlap pool "d" (10.0.0.0/16) overlaps pool "b" (10.0.0.0/24)',
      'warning zmgr::pool::network-overlap pool "d" (10.0.0.0/16) overlaps pool "c" (10.0.0.0/24)',
    ])
    expect(crossPoolProblems([a, c])).to.deep.equal([])
  })
})
