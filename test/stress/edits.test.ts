import {expect} from 'chai'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'
import {scale} from './scale.js'

/** zmgr processes at once (3 in `npm test`, 20 in `npm run stress`), each making its own change to one file: every change must survive. */
const EDITS = scale(3, 20)
/** How many of the publishers being removed a template starts naming meanwhile. */
const NAMED = Math.ceil(EDITS / 2)

describe('stress: concurrent read-modify-write edits lose nothing', function () {
  this.timeout(600_000)
  let host: TestHost
  before(async () => {
    // The `oi` template (ipkg, OpenIndiana) is the one `zmgr init` writes on OpenIndiana.
    host = await createTestHost()
    expect((await host.zmgr(['init', '--distribution', 'openindiana'])).exitCode).to.equal(0)
  })
  after(() => host.cleanup())

  async function all(args: (i: number) => string[]): Promise<void> {
    const results = await Promise.all(Array.from({length: EDITS}, (_, i) => host.zmgr(args(i), {timeoutMs: 300_000})))
    for (const result of results) expect(result.exitCode, result.stderr).to.equal(0)
  }

  it(`templates edit: ${EDITS} publishers added at once are all in the template`, async () => {
    await all((i) => ['templates', 'edit', 'oi', '--publisher', `extra${i}.example.org`])
    const text = await readFile(join(host.root, 'templates', 'oi.kdl'), 'utf8')
    for (let i = 0; i < EDITS; i++) expect(text).to.include(`"extra${i}.example.org"`)
    expect(text).to.include('// OpenIndiana whole-root zone') // comments survive
  })

  it(`pools edit: ${EDITS} reservations made at once are all in the pool`, async () => {
    await all((i) => ['pools', 'edit', 'public', '--reserve', `192.0.2.${150 + i}`])
    const pool = (await host.zmgr(['pools', 'show', 'public', '--json'])).result<{reserve: string[]}>()
    for (let i = 0; i < EDITS; i++) expect(pool.reserve).to.include(`192.0.2.${150 + i}`)
  })

  it(`publishers add and remove: ${EDITS} at once each, never removing one a template names`, async () => {
    await all((i) => ['publishers', 'add', `pub${i}`, '--origin', `https://pkg${i}.example.org/`])
    expect((await host.zmgr(['publishers', 'list', '--json'])).result<unknown[]>()).to.have.length(EDITS + 1)
    // While all are being removed, the template starts naming half of them.
    const [edit, ...removals] = await Promise.all([
      host.zmgr(
        ['templates', 'edit', 'oi', ...Array.from({length: NAMED}, (_, i) => ['--publisher', `pub${i}`]).flat()],
        {timeoutMs: 300_000},
      ),
      ...Array.from({length: EDITS}, (_, i) => host.zmgr(['publishers', 'remove', `pub${i}`], {timeoutMs: 300_000})),
    ])
    expect(edit.exitCode, edit.stderr).to.equal(0)
    const template = await readFile(join(host.root, 'templates', 'oi.kdl'), 'utf8')
    const left = (await host.zmgr(['publishers', 'list', '--json'])).result<Array<{name: string}>>().map((p) => p.name)
    removals.forEach((removal, i) => {
      if (removal.exitCode === 0) expect(left).not.to.include(`pub${i}`)
      else {
        // Refused because the template named it by then: it is still there, and still named.
        expect(removal.exitCode, removal.stderr).to.equal(2)
        expect(removal.stderr).to.include('zmgr::publisher::in-use')
        expect(left).to.include(`pub${i}`)
        expect(template).to.include(`"pub${i}"`)
      }
    })
    for (let i = NAMED; i < EDITS; i++) expect(left).not.to.include(`pub${i}`)
  })
})
