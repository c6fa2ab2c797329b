import {expect} from 'chai'
import {appendFile, readFile, writeFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {brandOptions, type Diagnostic, readItem, templateKind} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

const GREET = resolve('test/fixtures/plugins/greet')

describe('plugin settings', () => {
  describe('in config.kdl, with a plugin loaded by createTestHost', () => {
    let host: TestHost
    beforeEach(async () => {
      host = await createTestHost({plugins: [GREET]})
      expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    })
    afterEach(() => host.cleanup())

    const config = () => join(host.root, 'config.kdl')

    it('reach the plugin through the SDK accessor', async () => {
      expect((await host.zmgr(['greet'])).stdout).to.equal('hello, world\n')
      await appendFile(config(), 'plugin "zmgr-plugin-greet" {\n  greeting "howdy"\n  names "alice" "bob"\n}\n')
      const greeted = await host.zmgr(['greet'])
      expect(greeted.exitCode, greeted.stderr).to.equal(0)
      expect(greeted.stdout).to.equal('howdy, alice and bob\n')
    })

    it('are shown by config show', async () => {
      await appendFile(config(), 'plugin "zmgr-plugin-greet" {\n  greeting "howdy"\n}\nplugin "zmgr-plugin-gone" {}\n')
      expect((await host.zmgr(['config', 'show', '--json'])).result<{plugins: unknown}>().plugins).to.deep.equal({
        'zmgr-plugin-greet': ['greeting "howdy"'],
        'zmgr-plugin-gone': [],
      })
      const shown = await host.zmgr(['config', 'show'])
      expect(shown.stdout).to.match(/^plugin zmgr-plugin-greet: +greeting "howdy"$/m)
      expect(shown.stdout).to.match(/^plugin zmgr-plugin-gone: +\(empty\)$/m)
    })

    it('are checked by validate: a block for no installed plugin warns, the plugin rule reports its own problems at their line', async () => {
      await appendFile(config(), 'plugin "zmgr-plugin-gone" {}\n')
      const warned = await host.zmgr(['validate', '--json'])
      expect(warned.exitCode, warned.stderr).to.equal(0)
      const warning = warned
        .result<{diagnostics: Diagnostic[]}>()
        .diagnostics.find((d) => d.code === 'zmgr::config::unknown-plugin')
      expect(warning).to.include({
        severity: 'warning',
        message: 'config.kdl has settings for the plugin "zmgr-plugin-gone", which is not installed',
      })
      expect(warning?.help).to.match(/installed plugins: .*zmgr-plugin-greet/)

      const text = await readFile(config(), 'utf8')
      await writeFile(config(), `${text}plugin "zmgr-plugin-greet" {\n  greeting 42\n}\n`)
      const line = text.split('\n').length // the block's first line (text ends with a newline)
      const failed = await host.zmgr(['validate', '--json'])
      expect(failed.exitCode).to.equal(1)
      const {diagnostics} = failed.json<{ok: boolean; result: {diagnostics: Diagnostic[]}}>().result
      const found = diagnostics
        .filter((d) => d.location?.file === config() && d.code !== 'zmgr::config::unknown-plugin')
        .map((d) => [d.code, d.severity, d.location?.line])
      expect(found).to.deep.equal([
        ['greet::settings::names', 'error', line],
        ['zmgr::schema::wrong-type', 'error', line + 1],
      ])
    })

    it('refuse a second block for the same plugin', async () => {
      await appendFile(config(), 'plugin "zmgr-plugin-greet" {}\nplugin "zmgr-plugin-greet" {}\n')
      const shown = await host.zmgr(['config', 'show'])
      expect(shown.exitCode).to.equal(2)
      expect(shown.stderr)
        .to.include('zmgr::schema::duplicate')
        .and.include('the settings of plugin "zmgr-plugin-greet" are given twice')
    })
  })

  it('a host without the plugins option does not have the plugin', async () => {
    const host = await createTestHost()
    try {
      const result = await host.zmgr(['greet'])
      expect(result.exitCode).to.not.equal(0)
      expect(result.stderr).to.include('greet')
    } finally {
      await host.cleanup()
    }
  })

  it('brand-options are read, typed and located through the SDK', () => {
    const text =
      'template "vm" {\n  brand "bhyve"\n  brand-options {\n    ram "2G"\n    vcpus "two"\n    disk {\n      size "20G"\n    }\n  }\n}\n'
    const {value} = readItem(templateKind, '/r/templates/vm.kdl', text)
    const options = brandOptions(value!)
    expect(options.names()).to.deep.equal(['ram', 'vcpus', 'disk'])
    expect(options.string('ram')).to.equal('2G')
    expect(options.section('disk').string('size')).to.equal('20G')
    expect(options.integer('vcpus')).to.equal(undefined)
    expect(options.integer('vcpus')).to.equal(undefined) // read twice, reported once
    expect(options.string('bootrom', {required: true})).to.equal(undefined)
    expect(options.diagnostics.map((d) => [d.code, d.location?.line])).to.deep.equal([
      ['zmgr::schema::wrong-type', 5],
      ['zmgr::settings::missing', 3],
    ])
    expect(brandOptions({}).present).to.equal(false)
  })
})
