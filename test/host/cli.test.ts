import {expect} from 'chai'
import {readFile, readdir, writeFile, mkdir} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('zmgr host commands', () => {
  let host: TestHost
  beforeEach(async () => {
    // An OpenIndiana host: `zmgr init` writes the oi (ipkg) and ofl (nlipkg) templates these tests edit.
    // The simulator's openindiana default brand is only ipkg: seed nlipkg so init writes ofl too.
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
  })
  afterEach(() => host.cleanup())

  describe('init', () => {
    it('writes a working starter set, and keeps existing files', async () => {
      const first = await host.zmgr(['init'])
      expect(first.exitCode).to.equal(0)
      expect(first.stdout).to.match(/wrote\s+.*config\.kdl/)
      expect((await readdir(join(host.root, 'templates'))).sort()).to.deep.equal(['ofl.kdl', 'oi.kdl'])
      expect(await readdir(join(host.root, 'pools'))).to.deep.equal(['public.kdl'])
      expect(await readdir(join(host.root, 'publishers'))).to.deep.equal(['openindiana.org.kdl'])

      await writeFile(join(host.root, 'config.kdl'), 'default-template "ofl" // mine\n')
      const second = await host.zmgr(['init'])
      expect(second.exitCode).to.equal(0)
      expect(second.stdout).to.match(/kept\s+.*config\.kdl \(exists; --force overwrites it\)/)
      expect(await readFile(join(host.root, 'config.kdl'), 'utf8')).to.equal('default-template "ofl" // mine\n')

      const forced = await host.zmgr(['init', '--force', '--json'])
      expect(forced.result<{files: Array<{action: string}>}>().files.map((f) => f.action)).to.deep.equal(
        Array(6).fill('overwrite'),
      )
      expect(await readFile(join(host.root, 'config.kdl'), 'utf8')).to.include('default-template "oi"')
    })

    it('changes nothing with --dry-run', async () => {
      const result = await host.zmgr(['init', '--dry-run'])
      expect(result.exitCode).to.equal(0)
      expect(result.stdout).to.include('would write').and.include('dry run: nothing was written')
      expect(await readdir(host.dir)).to.not.include(host.root.split('/').pop())
    })

    it('leaves a starter set that validates and lists', async () => {
      await host.zmgr(['init'])
      const list = await host.zmgr(['templates', 'list'])
      expect(list.stdout.split('\n')[0]).to.match(/^NAME\s+DEFAULT\s+BRAND\s+IP-TYPE\s+NETS\s+PUBLISHERS$/)
      expect(list.stdout).to.match(/oi\s+yes\s+ipkg\s+exclusive\s+public:public@igb0\s+-$/m)
      expect(list.stdout).to.match(/ofl\s+-\s+nlipkg\s+exclusive\s+public:public@igb0\s+openindiana.org/)
    })
  })

  describe('templates and config', () => {
    beforeEach(async () => {
      await host.zmgr(['init'])
    })

    it('shows a template as text and as JSON', async () => {
      const text = await host.zmgr(['templates', 'show', 'oi'])
      expect(text.stdout)
        .to.match(/^brand:\s+ipkg$/m)
        .and.match(/public: pool public over igb0/)
      const json = (await host.zmgr(['templates', 'show', 'oi', '--json'])).result<{
        brand: string
        nets: unknown[]
        cappedMemory: unknown
      }>()
      expect(json.brand).to.equal('ipkg')
      expect(json.nets).to.deep.equal([{name: 'public', pool: 'public', pool6: null, over: 'igb0', vlan: null}])
      expect(json.cappedMemory).to.deep.equal({physical: '2G', swap: '4G'})
    })

    it('shows the global settings with defaults', async () => {
      await writeFile(join(host.root, 'config.kdl'), '// only one setting\ndefault-template "oi"\n')
      const json = (await host.zmgr(['config', 'show', '--json'])).result<Record<string, unknown>>()
      expect(json).to.deep.include({
        defaultTemplate: 'oi',
        zonepathRoot: '/zones',
        vnicName: '{zone}_{index}',
        commandTimeoutSeconds: 3600,
        lockTimeoutSeconds: 300,
      })
    })

    it('shows the timeouts a run gets, and takes them the same way from config.kdl and the environment', async () => {
      await writeFile(join(host.root, 'config.kdl'), 'command-timeout 90\nlock-timeout 0\n')
      const configured = await host.zmgr(['config', 'show'])
      expect(configured.stdout)
        .to.match(/^command-timeout: +90 s$/m)
        .and.match(/^lock-timeout: +0 s$/m)
      const overridden = await host.zmgr(['config', 'show'], {
        env: {ZMGR_COMMAND_TIMEOUT: '7', ZMGR_LOCK_TIMEOUT: ' 5 '},
      })
      expect(overridden.stdout)
        .to.match(/^command-timeout: +7 s \(ZMGR_COMMAND_TIMEOUT\)$/m)
        .and.match(/^lock-timeout: +5 s \(ZMGR_LOCK_TIMEOUT\)$/m)
      for (const [variable, code] of [
        ['ZMGR_COMMAND_TIMEOUT', 'zmgr::config::command-timeout'],
        ['ZMGR_LOCK_TIMEOUT', 'zmgr::config::lock-timeout'],
      ]) {
        const bad = await host.zmgr(['config', 'show'], {env: {[variable]: '1.5'}})
        expect(bad.exitCode, variable).to.equal(2)
        expect(bad.stderr).to.include(`error[${code}]: ${variable}="1.5" is not a whole number of seconds`)
      }
      for (const setting of ['command-timeout', 'lock-timeout']) {
        await writeFile(join(host.root, 'config.kdl'), `${setting} 1.5\n`)
        const bad = await host.zmgr(['config', 'show'])
        expect(bad.exitCode, setting).to.equal(2)
        expect(bad.stderr)
          .to.include(
            `error[zmgr::config::${setting}]: ${setting} must be a whole number of seconds (0 or more), not 1.5`,
          )
          .and.include('config.kdl:1:')
      }
    })

    it('creates, edits and deletes templates, keeping comments', async () => {
      const created = await host.zmgr([
        'templates',
        'create',
        'web',
        '--brand',
        'lipkg',
        '--net',
        'public=public@igb0',
        '--memory',
        '1G',
        '--autoboot',
      ])
      expect(created.exitCode, created.stderr).to.equal(0)
      const file = join(host.root, 'templates', 'web.kdl')
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('brand "lipkg"', 'brand "lipkg" // linked to the GZ'),
      )
      const edited = await host.zmgr([
        'templates',
        'edit',
        'web',
        '--net',
        'backend=public@stub0',
        '--swap',
        '2G',
        '--no-autoboot',
      ])
      expect(edited.exitCode, edited.stderr).to.equal(0)
      expect(await readFile(file, 'utf8')).to.equal(
        'template "web" {\n    brand "lipkg" // linked to the GZ\n    autoboot #false\n    net "public" pool="public" over="igb0"\n    net "backend" pool="public" over="stub0"\n    capped-memory physical="1G" swap="2G"\n}\n',
      )
      expect((await host.zmgr(['templates', 'create', 'web', '--brand', 'ipkg'])).exitCode).to.equal(1)
      const removed = await host.zmgr(['templates', 'delete', 'web'])
      expect(removed.exitCode).to.equal(0)
      expect(await readdir(join(host.root, 'templates'))).to.not.include('web.kdl')
    })

    it('refuses an unknown brand and an edit that would break the file', async () => {
      const brand = await host.zmgr(['templates', 'create', 'x', '--brand', 'nosuch'])
      expect(brand.exitCode).to.equal(2)
      expect(brand.stderr)
        .to.include('zmgr::brand::unknown')
        .and.match(/known brands: .*ipkg/)
      const net = await host.zmgr(['templates', 'edit', 'oi', '--net', 'bad'])
      expect(net.exitCode).to.equal(2)
      expect(net.stderr).to.include('zmgr::usage::net')
      const before = await readFile(join(host.root, 'templates', 'oi.kdl'), 'utf8')
      const size = await host.zmgr(['templates', 'edit', 'oi', '--memory', 'lots'])
      expect(size.exitCode).to.equal(2)
      expect(size.stderr).to.include('zmgr::template::bad-size')
      expect(await readFile(join(host.root, 'templates', 'oi.kdl'), 'utf8')).to.equal(before)
    })

    it('refuses to delete the default template unless forced', async () => {
      const refused = await host.zmgr(['templates', 'delete', 'oi'])
      expect(refused.exitCode).to.equal(2)
      expect(refused.stderr).to.include('default-template in config.kdl')
      expect((await host.zmgr(['templates', 'delete', 'oi', '--force'])).exitCode).to.equal(0)
    })
  })

  describe('errors', () => {
    it('explains a missing root (exit 2), also as JSON', async () => {
      const text = await host.zmgr(['templates', 'list'])
      expect(text.exitCode).to.equal(2)
      expect(text.stderr).to.include('error[zmgr::root::missing]').and.include(`zmgr init --root ${host.root}`)
      const json = await host.zmgr(['templates', 'list', '--json'])
      expect(json.exitCode).to.equal(2)
      expect(json.stderr).to.equal('')
      expect(json.json()).to.deep.include({ok: false})
      expect(json.json<{error: {code: string; help: string}}>().error.code).to.equal('zmgr::root::missing')
    })

    it('points at the line and column of a broken file', async () => {
      await host.zmgr(['init'])
      await writeFile(
        join(host.root, 'templates', 'oi.kdl'),
        'template "oi" {\n    brand "ipkg"\n    autoboot true\n}\n',
      )
      const result = await host.zmgr(['templates', 'show', 'oi'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('error[zmgr::template::parse]')
      expect(result.stderr).to.include(`--> ${join(host.root, 'templates', 'oi.kdl')}:3:14`)
      expect(result.stderr).to.include('3 |     autoboot true\n  |              ^')
      expect(result.stderr).to.not.match(/at .*\.js:\d+/)
      const json = (await host.zmgr(['templates', 'show', 'oi', '--json'])).json<{
        error: {location: {line: number; column: number}}
      }>()
      expect(json.error.location).to.deep.include({line: 3, column: 14})
    })

    it('reports every problem of a file together', async () => {
      await host.zmgr(['init'])
      await writeFile(
        join(host.root, 'templates', 'oi.kdl'),
        'template "oi" {\n    brand "ipkg"\n    autoboot "yes"\n    colour "red"\n}\n',
      )
      const result = await host.zmgr(['templates', 'show', 'oi'])
      expect(result.stderr)
        .to.include('zmgr::schema::wrong-type')
        .and.include('zmgr::schema::unknown-node')
        .and.include('2 problems')
    })

    it('treats bad usage as exit 2 with a usage code', async () => {
      const result = await host.zmgr(['templates', 'show', '--bogus'])
      expect(result.exitCode).to.equal(2)
      expect(result.stderr).to.include('zmgr::usage::invalid')
    })

    it('shows a stack trace only on request', async () => {
      await host.zmgr(['init'])
      await mkdir(join(host.root, 'templates', 'dir.kdl'))
      const plain = await host.zmgr(['templates', 'show', 'dir'])
      expect(plain.exitCode).to.not.equal(0)
      expect(plain.stderr).to.not.match(/^\s+at /m)
      const verbose = await host.zmgr(['templates', 'show', 'dir', '--verbose'])
      expect(verbose.stderr).to.match(/^\s+at /m)
    })
  })

  describe('plugins and completion', () => {
    it('lists the commands every built-in plugin contributes', async () => {
      const help = await host.zmgr(['--help'])
      for (const topic of ['zones', 'pools', 'templates', 'publishers', 'config'])
        expect(help.stdout, topic).to.match(new RegExp(`^  ${topic}\\s`, 'm'))
      for (const command of ['import', 'validate', 'init'])
        expect(help.stdout, command).to.match(new RegExp(`^  ${command}\\s`, 'm'))
    })

    it('builds shell completion that knows plugin commands', async () => {
      const result = await host.zmgr(['autocomplete', 'bash'])
      expect(result.exitCode).to.equal(0)
      const functions = await readFile(
        join(host.env.XDG_CACHE_HOME!, 'zmgr', 'autocomplete', 'functions', 'bash', 'zmgr.bash'),
        'utf8',
      )
      for (const command of ['zones:create --json', 'pools:list', 'templates:edit', 'import --json', 'validate --json'])
        expect(functions, command).to.include(command)
    })
  })
})
