import {expect} from 'chai'
import {formatIp, Ledger, nextFree, poolForAddress, PoolSpace, poolToJson} from 'zmgr'
import {pool, PUBLIC} from './helpers.js'

const empty = new Ledger([])
const next = (p: ReturnType<typeof pool>, ledger = empty) => {
  const ip = nextFree(p, ledger)
  return ip && formatIp(ip)
}

describe('ipam: pool address space', () => {
  it('counts what a range pool can hand out: range less gateway and reserve', () => {
    expect(PoolSpace.of(pool(PUBLIC)).size).to.equal(9n)
    expect(next(pool(PUBLIC))).to.equal('192.0.2.100')
  })

  it('never hands out the IPv4 network, broadcast or gateway address', () => {
    const p = pool(
      'pool "all" {\n    network "192.0.2.0/30"\n    gateway "192.0.2.1"\n    range "192.0.2.0" "192.0.2.3"\n}\n',
    )
    expect(PoolSpace.of(p).size).to.equal(1n)
    expect(next(p)).to.equal('192.0.2.2')
    expect(next(p, new Ledger([{zone: 'a', net: 'n', address: '192.0.2.2/30'}]))).to.equal(undefined)
  })

  it('hands out both addresses of a /31 point-to-point link (RFC 3021)', () => {
    const p = pool('pool "p2p" {\n    network "192.0.2.0/31"\n    range "192.0.2.0" "192.0.2.1"\n}\n')
    expect(PoolSpace.of(p).size).to.equal(2n)
    expect(next(p)).to.equal('192.0.2.0')
  })

  it('skips the IPv6 subnet-router anycast address and counts a /64 exactly', () => {
    const p = pool(
      'pool "v6" {\n    network "2001:db8::/64"\n    gateway "2001:db8::1"\n    range "2001:db8::" "2001:db8::ffff:ffff:ffff:ffff"\n}\n',
    )
    expect(PoolSpace.of(p).size).to.equal((1n << 64n) - 2n)
    expect(next(p)).to.equal('2001:db8::2')
    expect(new Ledger([]).usage(p)).to.include({used: 0, percent: 0})
  })

  it('list mode hands out exactly the listed addresses, lowest first', () => {
    const p = pool('pool "lab" {\n    network "198.51.100.0/24"\n    addresses "198.51.100.9" "198.51.100.7"\n}\n')
    expect(p.mode).to.equal('list')
    expect(next(p)).to.equal('198.51.100.7')
    expect(next(p, new Ledger([{zone: 'a', net: 'n', address: '198.51.100.7/24'}]))).to.equal('198.51.100.9')
  })

  it('merges several ranges and walks them in address order', () => {
    const p = pool(
      'pool "two" {\n    network "10.0.0.0/24"\n    range "10.0.0.50" "10.0.0.51"\n    range "10.0.0.10" "10.0.0.11"\n}\n',
    )
    const ledger = new Ledger(
      ['10.0.0.10', '10.0.0.11', '10.0.0.50'].map((address, i) => ({
        zone: `z${i}`,
        net: 'n',
        address: `${address}/24`,
      })),
    )
    expect(next(p, ledger)).to.equal('10.0.0.51')
  })

  it('turns a pool into canonical JSON', () => {
    const p = pool(
      'pool "v6" {\n    network "2001:DB8::/64"\n    range "2001:db8::0100" "2001:db8::01ff"\n    vlan 7\n}\n',
    )
    expect(poolToJson(p)).to.deep.equal({
      name: 'v6',
      family: 6,
      network: '2001:db8::/64',
      mode: 'range',
      gateway: null,
      ranges: [{first: '2001:db8::100', last: '2001:db8::1ff'}],
      addresses: [],
      reserve: [],
      vlan: 7,
      dns: null,
    })
  })

  it('finds the pool of an address: the one whose range holds it, else the narrowest network', () => {
    const a = pool('pool "a" {\n    network "10.0.0.0/24"\n    range "10.0.0.10" "10.0.0.20"\n}\n')
    const b = pool('pool "b" {\n    network "10.0.0.0/24"\n    range "10.0.0.30" "10.0.0.40"\n}\n')
    const wide = pool('pool "wide" {\n    network "10.0.0.0/16"\n    range "10.0.1.1" "10.0.1.9"\n}\n')
    expect(poolForAddress([wide, b, a], '10.0.0.35/24')?.name).to.equal('b')
    expect(poolForAddress([wide, b, a], '10.0.0.99')?.name).to.equal('a')
    expect(poolForAddress([wide, b, a], '10.0.7.1')?.name).to.equal('wide')
    expect(poolForAddress([wide, b, a], '192.0.2.1')).to.equal(undefined)
  })
})
