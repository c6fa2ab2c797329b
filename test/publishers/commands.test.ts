import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

const HAND_WRITTEN = `// The OpenIndiana publisher, kept by hand.
publisher "openindiana.org" {
    origin "https://pkg.openindiana.org/hipster" // the main repository
    origin "https://old.example.org/hipster" // to go
    sticky #true // as pkg has it
}
`

interface JsonError {
  ok: false
  error: {code: string; message: string}
}

describe('publishers: list, show, add, edit, remove', function () {
  this.timeout(120_000)
  let host: TestHost
  const file = (name: string) => join(host.root, 'publishers', `${name}.kdl`)
  const read = (name: string) => readFile(file(name), 'utf8')

  before(async () => {
    // OpenIndiana with nlipkg: `zmgr init` writes oi (ipkg, a linked image: no publisher of its own) and ofl
    // (nlipkg), which names the openindiana.org publisher.
    // Its origin is the global zone's, as pkg publisher shows it (with the trailing slash).
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
  })
  beforeEach(async () => {
    // One host for the suite (the commands touch only the registry); a fresh starter set for each test.
    await host.run('rm', ['-rf', host.root])
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  after(() => host.cleanup())

  describe('list and show', () => {
    it('lists every publisher with its origins, mirrors and search order', async () => {
      await writeFile(
        file('extra'),
        'publisher "extra" {\n    origin "https://pkg.example.org/extra" "https://b.example.org/extra"\n    mirror "https://m.example.org/extra"\n    search-first #true\n}\n',
      )
      const result = await host.zmgr(['publishers', 'list'])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout).to.equal(
        [
          'NAME             ORIGINS                                                    MIRRORS                      SEARCH-FIRST',
          'extra            https://pkg.example.org/extra,https://b.example.org/extra  https://m.example.org/extra  true',
          'openindiana.org  https://pkg.openindiana.org/hipster/                       -                            false',
          '',
        ].join('\n'),
      )
    })

    it('prints JSON, and says how to add one when there is none', async () => {
      const publishers = (await host.zmgr(['publishers', 'list', '--json'])).result<unknown[]>()
      expect(publishers).to.deep.equal([
        {
          name: 'openindiana.org',
          origins: ['https://pkg.openindiana.org/hipster/'],
          mirrors: [],
          searchFirst: false,
          sticky: true,
        },
      ])
      await host.run('rm', [file('openindiana.org')])
      const empty = await host.zmgr(['publishers', 'list'])
      expect(empty.exitCode).to.equal(0)
      // The hint is for a person: stderr, so that stdout stays data for scripts.
      expect(empty.stdout).to.equal('')
      expect(empty.stderr).to.equal(`no publishers in ${host.root}/publishers (add one with \`zmgr publishers add\`)\n`)
    })

    it('shows one publisher with its file and the templates that name it', async () => {
      const result = await host.zmgr(['publishers', 'show', 'openindiana.org'])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout).to.equal(
        [
          'name:         openindiana.org',
          `file:         ${file('openindiana.org')}`,
          'origins:',
          '  https://pkg.openindiana.org/hipster/',
          'search-first: false',
          'sticky:       true',
          'templates:',
          '  ofl',
          '',
        ].join('\n'),
      )
      const publisher = (await host.zmgr(['publishers', 'show', 'openindiana.org', '--json'])).result<{
        templates: string[]
        file: string
      }>()
      expect(publisher).to.deep.include({templates: ['ofl'], file: file('openindiana.org')})
    })

    it('names the known publishers when asked for an unknown one, exit 2', async () => {
      const result = await host.zmgr(['publishers', 'show', 'nope'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr)
        .to.include('error[zmgr::publisher::unknown]')
        .and.include('known publishers: openindiana.org')
      const json = await host.zmgr(['publishers', 'show', 'nope', '--json'])
      expect(json.json<JsonError>().error.code).to.equal('zmgr::publisher::unknown')
    })
  })

  describe('add', () => {
    it('writes publishers/NAME.kdl with only what differs from the defaults', async () => {
      const result = await host.zmgr([
        'publishers',
        'add',
        'extra',
        '--origin',
        'https://pkg.example.org/extra',
        '--origin',
        'https://b.example.org/extra',
        '--mirror',
        'https://m.example.org/extra',
        '--no-sticky',
      ])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(result.stdout).to.equal(`created ${file('extra')}\n`)
      expect(await read('extra')).to.equal(
        'publisher "extra" {\n    origin "https://pkg.example.org/extra" "https://b.example.org/extra"\n    mirror "https://m.example.org/extra"\n    sticky #false\n}\n',
      )
      expect((await host.zmgr(['publishers', 'show', 'extra', '--json'])).result<object>()).to.deep.include({
        sticky: false,
        searchFirst: false,
        mirrors: ['https://m.example.org/extra'],
      })
    })

    it('prints the file on a dry run and writes nothing', async () => {
      const result = await host.zmgr([
        'publishers',
        'add',
        'extra',
        '--origin',
        'https://pkg.example.org/extra',
        '--search-first',
        '--dry-run',
      ])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout).to.equal(
        `dry run: would create ${file('extra')}\n  | publisher "extra" {\n  |     origin "https://pkg.example.org/extra"\n  |     search-first #true\n  | }\n`,
      )
      expect(existsSync(file('extra'))).to.equal(false)
    })

    it('refuses to replace an existing publisher without --force, exit 1', async () => {
      const before = await read('openindiana.org')
      const result = await host.zmgr(['publishers', 'add', 'openindiana.org', '--origin', 'https://x.example.org/'])
      expect(result.exitCode).to.equal(1)
      expect(result.stderr)
        .to.include('error[zmgr::publisher::exists]')
        .and.include('zmgr publishers edit openindiana.org')
      expect(await read('openindiana.org')).to.equal(before)
      expect(
        (await host.zmgr(['publishers', 'add', 'openindiana.org', '--origin', 'https://x.example.org/', '--force']))
          .stdout,
      ).to.equal(`replaced ${file('openindiana.org')}\n`)
      expect(await read('openindiana.org')).to.include('origin "https://x.example.org/"')
    })

    it('refuses a bad name, a bad URI and a missing origin with exit 2 and writes nothing', async () => {
      for (const name of ['bad name', '../etc', '.hidden']) {
        const result = await host.zmgr(['publishers', 'add', name, '--origin', 'https://x.example.org/', '--json'])
        expect(result.exitCode, name).to.equal(2)
        expect(result.json<JsonError>().error.code).to.equal('zmgr::publisher::bad-name')
      }
      const uri = await host.zmgr(['publishers', 'add', 'extra', '--origin', 'ftp://x.example.org/'])
      expect(uri.exitCode).to.equal(2)
      expect(uri.stderr)
        .to.include('error[zmgr::publisher::bad-uri]')
        .and.include(`${file('extra')}:2:12`)
        .and.include('use http://, https:// or file:// URIs')
      expect((await host.zmgr(['publishers', 'add', 'extra'])).exitCode).to.equal(2)
      expect(existsSync(file('extra'))).to.equal(false)
      expect(existsSync(join(host.root, 'etc.kdl'))).to.equal(false)
    })
  })

  describe('edit', () => {
    beforeEach(async () => writeFile(file('openindiana.org'), HAND_WRITTEN))

    it('changes the file in place and keeps every comment', async () => {
      const result = await host.zmgr([
        'publishers',
        'edit',
        'openindiana.org',
        '--remove-origin',
        'https://old.example.org/hipster/',
        '--add-origin',
        'https://mirror.example.org/hipster',
        '--add-mirror',
        'https://m.example.org/hipster',
        '--no-sticky',
      ])
      expect(result.exitCode, result.stderr).to.equal(0)
      expect(result.stdout).to.equal(`updated ${file('openindiana.org')}\n`)
      expect(await read('openindiana.org')).to.equal(`// The OpenIndiana publisher, kept by hand.
publisher "openindiana.org" {
    origin "https://pkg.openindiana.org/hipster" "https://mirror.example.org/hipster" // the main repository
    sticky #false // as pkg has it
    mirror "https://m.example.org/hipster"
}
`)
    })

    it('prints the new text on a dry run and writes nothing', async () => {
      const result = await host.zmgr([
        'publishers',
        'edit',
        'openindiana.org',
        '--origin',
        'https://only.example.org/',
        '--dry-run',
      ])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout)
        .to.include('dry run: would write')
        .and.include('  |     origin "https://only.example.org/" // the main repository\n')
      expect(await read('openindiana.org')).to.equal(HAND_WRITTEN)
    })

    it('refuses no change, an origin it does not have, and an edit that leaves no origin, with exit 2', async () => {
      const cases: Array<[string[], string]> = [
        [[], 'zmgr::usage::nothing-to-change'],
        [['--remove-origin', 'https://nope.example.org/'], 'zmgr::publisher::no-such-origin'],
        [
          [
            '--remove-origin',
            'https://pkg.openindiana.org/hipster',
            '--remove-origin',
            'https://old.example.org/hipster',
          ],
          'zmgr::publisher::no-origin',
        ],
        [['--add-mirror', 'gopher://x'], 'zmgr::publisher::bad-uri'],
      ]
      for (const [args, code] of cases) {
        const result = await host.zmgr(['publishers', 'edit', 'openindiana.org', ...args, '--json'])
        expect(result.exitCode, args.join(' ')).to.equal(2)
        expect(result.json<JsonError>().error.code, args.join(' ')).to.equal(code)
      }
      expect(await read('openindiana.org')).to.equal(HAND_WRITTEN)
    })
  })

  describe('remove', () => {
    it('refuses a publisher a template still names, exit 2, and removes it with --force', async () => {
      const refused = await host.zmgr(['publishers', 'remove', 'openindiana.org'])
      expect(refused.exitCode).to.equal(2)
      expect(refused.stderr).to.include('error[zmgr::publisher::in-use]').and.include('still used by template ofl')
      expect(existsSync(file('openindiana.org'))).to.equal(true)
      const dry = await host.zmgr(['publishers', 'remove', 'openindiana.org', '--force', '--dry-run'])
      expect([dry.exitCode, dry.stdout]).to.deep.equal([0, `dry run: would remove ${file('openindiana.org')}\n`])
      expect(existsSync(file('openindiana.org'))).to.equal(true)
      const forced = await host.zmgr(['publishers', 'remove', 'openindiana.org', '--force', '--json'])
      expect(forced.exitCode).to.equal(0)
      expect(forced.result()).to.deep.include({file: file('openindiana.org'), action: 'remove', dryRun: false})
      expect(existsSync(file('openindiana.org'))).to.equal(false)
    })

    it('removes a publisher no template names, and says which exist for an unknown one', async () => {
      await writeFile(file('extra'), 'publisher "extra" {\n    origin "https://pkg.example.org/extra"\n}\n')
      expect((await host.zmgr(['publishers', 'remove', 'extra'])).stdout).to.equal(`removed ${file('extra')}\n`)
      expect(existsSync(file('extra'))).to.equal(false)
      const unknown = await host.zmgr(['publishers', 'remove', 'extra', '--json'])
      expect(unknown.exitCode).to.equal(2)
      expect(unknown.json<JsonError>().error.code).to.equal('zmgr::publisher::unknown')
    })
  })
})
