import {expect} from 'chai'
import {parseParsable, parseZoneList} from 'zmgr'

describe('zoneadm list -cp parser', () => {
  it('reads 8-field OmniOS lines, ids, states, excl/shared and debugids', () => {
    const zones = parseZoneList(
      `${[
        '0:global:running:/::ipkg:shared:0',
        '3:web:running:/zones/web:1b4e28ba-2fa1-11d2-883f-0016d3cca427:lipkg:excl:12',
        '-:vm1:configured:/zones/vm1::bhyve:excl:',
      ].join('\n')}\n`,
    )
    expect(zones.map((z) => [z.id, z.name, z.state, z.zonepath, z.brand, z.ipType, z.debugId])).to.deep.equal([
      [0, 'global', 'running', '/', 'ipkg', 'shared', 0],
      [3, 'web', 'running', '/zones/web', 'lipkg', 'exclusive', 12],
      [undefined, 'vm1', 'configured', '/zones/vm1', 'bhyve', 'exclusive', undefined],
    ])
    expect(zones[1].uuid).to.equal('1b4e28ba-2fa1-11d2-883f-0016d3cca427')
  })

  it('unescapes \\: in the zonepath and reads 7-field lines of older builds', () => {
    const [odd, old] = parseZoneList(
      '-:odd:installed:/zones/a\\:b:0f8fad5b-d9cb-469f-a165-70867728950e:lipkg:shared:15\n-:db:installed:/zones/db:6fa459ea-ee8a-3ca4-894e-db77e160355e:sparse:excl\n',
    )
    expect(odd.zonepath).to.equal('/zones/a:b')
    expect(odd.brand).to.equal('lipkg')
    expect(old.debugId).to.equal(undefined)
    expect(old.ipType).to.equal('exclusive')
  })

  it('skips lines that are not zone lines', () => {
    expect(parseZoneList('garbage\n\n1:x:bogus-state:/z::ipkg:excl:1\n')).to.deep.equal([])
  })
})

describe('dladm parsable output parser', () => {
  it('splits several fields at unescaped colons and unescapes \\: and \\\\', () => {
    expect(
      parseParsable('web0:igb0:2\\:8\\:20\\:1\\:39\\:4e:0\nodd\\\\name0:stub0::12\n', ['link', 'over', 'mac', 'vid']),
    ).to.deep.equal([
      {link: 'web0', over: 'igb0', mac: '2:8:20:1:39:4e', vid: '0'},
      {link: 'odd\\name0', over: 'stub0', mac: '', vid: '12'},
    ])
  })

  it('takes a single field raw, colons and all', () => {
    expect(parseParsable('2:8:20:1:39:4e\n', ['macaddress'])).to.deep.equal([{macaddress: '2:8:20:1:39:4e'}])
  })
})
