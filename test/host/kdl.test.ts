import {expect} from 'chai'
import {parse, format} from '@bgotink/kdl'
import {formatDocument, kdlString, setChild, appendChild, removeChildren} from 'zmgr'
import {parseKdl} from '../../dist/kdl/source.js'

describe('KDL layer', () => {
  it('reports syntax errors with file, line, column and the line itself', () => {
    const {source, diagnostics} = parseKdl('/r/zones/web01.kdl', 'zone "web01" {\n    net "x" address=\n}\n', 'zone')
    expect(source).to.equal(undefined)
    expect(diagnostics).to.have.length.greaterThan(0)
    expect(diagnostics[0]).to.include({code: 'zmgr::zone::parse', severity: 'error'})
    expect(diagnostics[0].location).to.deep.include({
      file: '/r/zones/web01.kdl',
      line: 2,
      column: 21,
      lineText: '    net "x" address=',
    })
  })

  it('explains KDL v1 booleans', () => {
    const {diagnostics} = parseKdl('c.kdl', 'autoboot true\n', 'config')
    expect(diagnostics[0].message).to.match(/Invalid keyword "true"/)
    expect(diagnostics[0].location).to.deep.include({line: 1, column: 10})
  })

  it('escapes strings the KDL v2 way', () => {
    expect(kdlString('a "b" \\ c\n\u0001')).to.equal('"a \\"b\\" \\\\ c\\n\\u{1}"')
    const text = formatDocument([
      {name: 'x', args: ['tab\there', 'quote"', 7, true, null], props: {'global-nic': 'igb0', skipped: undefined}},
    ])
    expect(text).to.equal('x "tab\\there" "quote\\"" 7 #true #null global-nic="igb0"\n')
    expect(parse(text).nodes[0].getArguments()).to.deep.equal(['tab\there', 'quote"', 7, true, null])
  })

  it('formats nested nodes with four-space indentation and a header comment', () => {
    const text = formatDocument(
      [
        {
          name: 'zone',
          args: ['web01'],
          children: [
            {name: 'brand', args: ['ipkg']},
            {name: 'fs', args: ['/data'], children: [{name: 'options', args: ['ro']}]},
          ],
        },
      ],
      'written by zmgr',
    )
    expect(text).to.equal(
      '// written by zmgr\nzone "web01" {\n    brand "ipkg"\n    fs "/data" {\n        options "ro"\n    }\n}\n',
    )
  })

  it('edits a document in place, keeping comments, indentation and unknown nodes', () => {
    const doc = parse(
      '// my pool\npool "p" {\n    network "192.0.2.0/24" // the lab\n    gateway "192.0.2.1"\n    custom-thing 1\n}\n',
    )
    const pool = doc.nodes[0]
    setChild(pool, {name: 'gateway', args: ['192.0.2.254']})
    setChild(pool, {name: 'vlan', args: [12]})
    appendChild(pool, {name: 'dns', children: [{name: 'resolvers', args: ['192.0.2.53']}]})
    expect(format(doc)).to.equal(
      '// my pool\npool "p" {\n    network "192.0.2.0/24" // the lab\n    gateway "192.0.2.254"\n    custom-thing 1\n    vlan 12\n    dns {\n        resolvers "192.0.2.53"\n    }\n}\n',
    )
    expect(removeChildren(pool, (node) => node.getName() === 'vlan')).to.equal(1)
    expect(format(doc)).to.not.include('vlan')
  })

  it('appends the first child of an empty node', () => {
    const doc = parse('zone "a"\n')
    appendChild(doc.nodes[0], {name: 'brand', args: ['lipkg']})
    expect(format(doc)).to.equal('zone "a" {\n    brand "lipkg"\n}\n')
    expect(parse(format(doc)).nodes[0].children?.nodes[0].getArgument(0)).to.equal('lipkg')
  })
})
