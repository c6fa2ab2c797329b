// `npm run test:release`: the tarball `npm pack` makes is the release. It is
// installed the way a user installs it (global, offline, empty npm cache), its
// every command is loaded, and a third-party plugin built outside the
// repository is packed, installed and linked into it and run.
// Plain JavaScript, outside `npm test`: packing and installing take a minute or two.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const npmCli = process.env.npm_execpath?.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm']

function npm(args, options = {}) {
  return execFileSync(npmCli[0], [...npmCli.slice(1), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  })
}

function duBytes(dir) {
  let total = 0
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += duBytes(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}

const PLUGIN_PJSON = {
  name: 'zmgr-plugin-hello',
  version: '1.0.0',
  type: 'module',
  files: ['dist'],
  peerDependencies: {zmgr: '^0.1.0'},
  oclif: {commands: './dist/commands', hooks: {'zmgr:validation-rules': './dist/hooks/rules.js'}},
}

// Built JavaScript, as a plugin author's `tsc` would emit it from docs/plugins.md.
const HELLO_COMMAND = `import {Flags, ZmgrCommand, inputError} from 'zmgr'

export default class Hello extends ZmgrCommand {
  static summary = 'Greet from a third-party plugin.'
  static flags = {fail: Flags.boolean({description: 'refuse, to show the error path'})}
  async run() {
    const {flags} = await this.parse(Hello)
    if (flags.fail) throw inputError('hello::input::refused', 'asked to refuse', {help: 'run it without --fail'})
    const templates = (await this.registry.templates()).map((template) => template.name)
    this.log('hello from the plugin; templates: ' + templates.join(', '))
    return {templates}
  }
}
`
const RULES_HOOK = `const hook = async () => [{
  id: 'hello::template-seen',
  summary: 'every template is seen by the plugin',
  check: (snapshot) => snapshot.templates.map((template) => ({
    code: 'hello::template::seen', severity: 'warning', message: 'hello saw template ' + template.name,
  })),
}]
export default hook
`

describe('release tarball', function () {
  this.timeout(900_000)
  let work, prefix, zmgr, env, root, tarball, pluginDir

  function run(args, options = {}) {
    return spawnSync(zmgr, args, {encoding: 'utf8', env, cwd: work, ...options})
  }

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'zmgr-release-'))
    const cache = join(work, 'npm-cache')
    mkdirSync(cache)
    prefix = join(work, 'prefix')
    // Offline with an empty cache: anything npm would fetch fails the install.
    env = {
      ...process.env,
      NO_COLOR: '1',
      XDG_DATA_HOME: join(work, 'data'),
      XDG_CONFIG_HOME: join(work, 'config'),
      XDG_CACHE_HOME: join(work, 'cache'),
      npm_config_offline: 'true',
      npm_config_cache: cache,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    }
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: repo}))[0]
    tarball = packed
    npm(['install', '--global', '--prefix', prefix, join(work, packed.filename)], {env, cwd: work})
    zmgr = join(prefix, 'bin', 'zmgr')
    root = join(work, 'etc-zmgr')
    expect(run(['init', '--root', root, '--distribution', 'omnios']).status).to.equal(0)

    pluginDir = join(work, 'zmgr-plugin-hello')
    mkdirSync(join(pluginDir, 'dist', 'commands'), {recursive: true})
    mkdirSync(join(pluginDir, 'dist', 'hooks'))
    writeFileSync(join(pluginDir, 'package.json'), JSON.stringify(PLUGIN_PJSON, null, 2))
    writeFileSync(join(pluginDir, 'dist', 'commands', 'hello.js'), HELLO_COMMAND)
    writeFileSync(join(pluginDir, 'dist', 'hooks', 'rules.js'), RULES_HOOK)
  })

  after(() => {
    if (work) rmSync(work, {recursive: true, force: true})
  })

  it('holds built JavaScript and its bundled runtime only', () => {
    const files = tarball.files.map((file) => file.path)
    // The simulator and harness live in the zmgr-testing package; zmgr ships only the thin `zmgr/testing` re-export.
    expect(files.filter((file) => /simulator|harness/.test(file))).to.deep.equal([])
    // zmgr's own files: the host and the built-in plugins bundled under node_modules/@zmgr.
    const own = files.filter((file) => !file.startsWith('node_modules/') || file.startsWith('node_modules/@zmgr/'))
    expect(own.filter((file) => /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file))).to.deep.equal([])
    expect(own.filter((file) => /\.tsbuildinfo$|\.js\.map$/.test(file))).to.deep.equal([])
    for (const dev of ['typescript', 'mocha', 'chai', 'oclif', 'tsx', '@types/node']) {
      expect(
        files.some((file) => file.startsWith(`node_modules/${dev}/`)),
        dev,
      ).to.equal(false)
    }
    const installed = duBytes(join(prefix, 'lib', 'node_modules', 'zmgr'))
    console.log(
      `      packed ${(tarball.size / 1e6).toFixed(1)} MB, installed ${(installed / 1e6).toFixed(1)} MB, ${tarball.entryCount} files`,
    )
  })

  it('loads every command of every built-in plugin', () => {
    const host = join(prefix, 'lib', 'node_modules', 'zmgr')
    const ids = [
      host,
      ...readdirSync(join(host, 'node_modules', '@zmgr')).map((name) => join(host, 'node_modules', '@zmgr', name)),
    ].flatMap((dir) => Object.keys(JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')).commands))
    expect(ids).to.include.members([
      'zones:create',
      'pools:create',
      'pools:list',
      'import',
      'validate',
      'publishers:list',
    ])
    for (const id of ids) {
      // --help loads the command's module, so a missing import fails here.
      const result = run([...id.split(':'), '--help'])
      expect(result.status, `${id}: ${result.stderr}`).to.equal(0)
    }
    for (const argv of [
      ['pools', 'list'],
      ['pools', 'show', 'public'],
      ['templates', 'list'],
      ['validate'],
      ['publishers', 'list'],
      ['config', 'show'],
    ]) {
      const result = run([...argv, '--root', root])
      expect(result.status, `${argv.join(' ')}: ${result.stderr}`).to.equal(0)
    }
  })

  it('installs a packed third-party plugin offline and runs its command and hook on the host SDK', () => {
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], {cwd: pluginDir, env}))[0]
    const install = run(['plugins', 'install', `./${packed.filename}`])
    expect(install.status, install.stderr).to.equal(0)
    const hello = run(['hello', '--root', root])
    expect(hello.status, hello.stderr).to.equal(0)
    expect(hello.stdout).to.match(/hello from the plugin; templates: .+/)
    // The host renders the plugin's error with its code and exit status: one ZmgrError class.
    const refused = run(['hello', '--fail', '--root', root])
    expect(refused.status).to.equal(2)
    expect(refused.stderr).to.contain('error[hello::input::refused]: asked to refuse')
    const validate = run(['validate', '--root', root])
    expect(validate.stdout + validate.stderr).to.contain('hello::template::seen')
    expect(run(['plugins', 'uninstall', 'zmgr-plugin-hello']).status).to.equal(0)
    expect(run(['hello', '--root', root]).status).to.not.equal(0)
  })

  it('links a plugin folder offline, giving it the host SDK', () => {
    const link = run(['plugins', 'link', pluginDir])
    expect(link.status, link.stderr).to.equal(0)
    expect(link.stderr).to.not.contain('Warning')
    const refused = run(['hello', '--fail', '--root', root])
    expect(refused.status, refused.stderr).to.equal(2)
    expect(refused.stderr).to.contain('error[hello::input::refused]: asked to refuse')
    expect(realpathSync(join(pluginDir, 'node_modules', 'zmgr'))).to.equal(
      realpathSync(join(prefix, 'lib', 'node_modules', 'zmgr')),
    )
    expect(run(['plugins', 'unlink', 'zmgr-plugin-hello']).status).to.equal(0)
  })
})
