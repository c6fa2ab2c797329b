// `npm run test:release`: the tarball `npm pack` makes is the release. It is
// installed the way a user installs it (global, offline, empty npm cache), its
// every command is loaded, and a third-party plugin built outside the
// repository is packed, installed and linked into it and run.
// Plain JavaScript, outside `npm test`: packing and installing take a minute or two.
import {execFileSync, spawnSync} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
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

// A third-party plugin as docs/plugins.md describes it, in TypeScript: built by tsc against the
// packed zmgr's types, tested with zmgr-testing ("Testing a plugin"), then packed and installed.
const PLUGIN_PJSON = {
  name: 'zmgr-plugin-hello',
  version: '1.0.0',
  type: 'module',
  files: ['dist'],
  peerDependencies: {zmgr: '^0.1.0'},
  oclif: {commands: './dist/commands', hooks: {'zmgr:validation-rules': './dist/hooks/rules.js'}},
}

const HELLO_COMMAND = `import {Flags, ZmgrCommand, inputError} from 'zmgr'

export default class Hello extends ZmgrCommand<typeof Hello> {
  static override summary = 'Greet from a third-party plugin.'
  static override flags = {fail: Flags.boolean({description: 'refuse, to show the error path'})}
  async run() {
    if (this.flags.fail) throw inputError('hello::input::refused', 'asked to refuse', {help: 'run it without --fail'})
    const templates = (await this.registry.templates()).map((template) => template.name)
    this.log(\`hello from the plugin; templates: \${templates.join(', ')}\`)
    return {templates}
  }
}
`
const RULES_HOOK = `import type {ZmgrHook} from 'zmgr'

const hook: ZmgrHook<'zmgr:validation-rules'> = async () => [{
  id: 'hello::template-seen',
  summary: 'every template is seen by the plugin',
  check: (snapshot) => snapshot.templates.map((template) => ({
    code: 'hello::template::seen', severity: 'warning', message: \`hello saw template \${template.name}\`,
  })),
}]
export default hook
`
// The plugin author's test; node:assert, as chai is not in the empty npm cache.
const HELLO_TEST = `import assert from 'node:assert/strict'
import {createTestHost, type TestHost} from 'zmgr/testing'

describe('zmgr-plugin-hello', () => {
  let host: TestHost
  before(async () => {
    host = await createTestHost({plugins: ['.']})
    assert.equal((await host.zmgr(['init'])).exitCode, 0)
  })
  after(() => host.cleanup())

  it('greets with the templates', async () => {
    const hello = await host.zmgr(['hello', '--json'])
    assert.equal(hello.exitCode, 0, hello.stderr)
    assert.deepEqual(hello.result<{templates: string[]}>().templates, ['omnios'])
  })

  it('runs on the simulated host', async () => {
    const created = await host.zmgr(['zones', 'create', 'web01'])
    assert.equal(created.exitCode, 0, created.stderr)
    assert.equal(host.state().zones.find((zone) => zone.name === 'web01')?.state, 'running')
  })
})
`
const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'Node16',
  moduleResolution: 'Node16',
  strict: true,
  skipLibCheck: true,
  noImplicitOverride: true,
  rootDir: 'src',
  outDir: 'dist',
  // The author's own @types/node and @types/mocha; the repository's copies stand in for them.
  typeRoots: [join(repo, 'node_modules', '@types')],
  types: ['node'],
}

/** The paths a package.json names for Node and oclif to load. */
function entryPaths(pjson) {
  const exported = (value) =>
    typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap((inner) => exported(inner))
  return [
    ...Object.values(pjson.bin ?? {}),
    ...[pjson.main, pjson.types].filter(Boolean),
    ...exported(pjson.exports),
    ...Object.values(pjson.oclif?.hooks ?? {}).flat(),
    ...[pjson.oclif?.commands, pjson.oclif?.helpClass].filter(Boolean),
  ]
}

describe('release tarball', function () {
  this.timeout(900_000)
  let work, prefix, installed, zmgr, env, root, tarball, pluginDir

  function run(args, options = {}) {
    return spawnSync(zmgr, args, {encoding: 'utf8', env, cwd: work, ...options})
  }

  /** The plugin author's tests (mocha: the repository's copy stands in for the author's). */
  function pluginTests() {
    return spawnSync(
      process.execPath,
      [join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '120000', 'dist-test/*.test.js'],
      {encoding: 'utf8', env, cwd: pluginDir},
    )
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
    tarball = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: repo}))[0]
    npm(['install', '--global', '--prefix', prefix, join(work, tarball.filename)], {env, cwd: work})
    installed = join(prefix, 'lib', 'node_modules', 'zmgr')
    zmgr = join(prefix, 'bin', 'zmgr')
    root = join(work, 'etc-zmgr')
    expect(run(['init', '--root', root, '--distribution', 'omnios']).status).to.equal(0)

    // The plugin's project, outside the repository: zmgr and zmgr-testing from their tarballs (docs/plugins.md).
    const testing = JSON.parse(
      npm(['pack', '--workspace', 'packages/testing', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: repo,
      }),
    )[0]
    pluginDir = join(work, 'zmgr-plugin-hello')
    mkdirSync(join(pluginDir, 'src', 'commands'), {recursive: true})
    mkdirSync(join(pluginDir, 'src', 'hooks'))
    mkdirSync(join(pluginDir, 'test'))
    writeFileSync(join(pluginDir, 'package.json'), JSON.stringify(PLUGIN_PJSON, null, 2))
    writeFileSync(join(pluginDir, 'src', 'commands', 'hello.ts'), HELLO_COMMAND)
    writeFileSync(join(pluginDir, 'src', 'hooks', 'rules.ts'), RULES_HOOK)
    writeFileSync(join(pluginDir, 'test', 'hello.test.ts'), HELLO_TEST)
    writeFileSync(
      join(pluginDir, 'tsconfig.json'),
      JSON.stringify({compilerOptions: COMPILER_OPTIONS, include: ['src']}),
    )
    writeFileSync(
      join(pluginDir, 'test', 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: {rootDir: '.', outDir: '../dist-test', types: ['node', 'mocha']},
        include: ['.'],
      }),
    )
    npm(['install', '--save-dev', join(work, tarball.filename), join(work, testing.filename)], {env, cwd: pluginDir})
    for (const project of ['.', 'test']) {
      execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
        cwd: pluginDir,
        encoding: 'utf8',
      })
    }
  })

  after(() => {
    if (work) rmSync(work, {recursive: true, force: true})
  })

  it('holds the bundles, type declarations and bundled runtime only', () => {
    const files = tarball.files.map((file) => file.path)
    // The simulator and harness live in the zmgr-testing package; zmgr ships only the thin `zmgr/testing` re-export.
    expect(files.filter((file) => /simulator|harness|zmgr-testing/.test(file))).to.deep.equal([])
    // zmgr's own files: the host and the built-in plugins bundled under node_modules/@zmgr.
    const own = files.filter((file) => !file.startsWith('node_modules/') || file.startsWith('node_modules/@zmgr/'))
    // JavaScript: bin/run.js and the esbuild bundles, never tsc's output they are made from.
    expect(
      own.filter((file) => /\.[cm]?js$/.test(file) && !/^(node_modules\/@zmgr\/[^/]+\/)?dist\/bundle\//.test(file)),
    ).to.deep.equal(['bin/run.js'])
    // TypeScript: the host's declarations, which plugin authors compile against; no sources.
    expect(own.filter((file) => /\.[cm]?ts$/.test(file) && !/^dist\/[^/].*\.d\.ts$/.test(file))).to.deep.equal([])
    expect(own).to.include('dist/index.d.ts')
    expect(own.filter((file) => /\.tsbuildinfo$|\.js\.map$/.test(file))).to.deep.equal([])
    for (const dev of ['typescript', 'mocha', 'chai', 'oclif', 'esbuild', '@types/node']) {
      expect(
        files.some((file) => file.startsWith(`node_modules/${dev}/`)),
        dev,
      ).to.equal(false)
    }
    // Every entry point the packages name (exports, types, bin, oclif's commands, hooks, help) is shipped.
    for (const dir of [
      installed,
      ...readdirSync(join(installed, 'node_modules', '@zmgr')).map((name) =>
        join(installed, 'node_modules', '@zmgr', name),
      ),
    ]) {
      const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      for (const path of entryPaths(pjson)) expect(existsSync(join(dir, path)), `${pjson.name}: ${path}`).to.equal(true)
    }
    const size = duBytes(installed)
    console.log(
      `      packed ${(tarball.size / 1e6).toFixed(1)} MB, installed ${(size / 1e6).toFixed(1)} MB, ${tarball.entryCount} files`,
    )
  })

  it('loads every command of every built-in plugin', () => {
    const ids = [
      installed,
      ...readdirSync(join(installed, 'node_modules', '@zmgr')).map((name) =>
        join(installed, 'node_modules', '@zmgr', name),
      ),
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

  it("runs a plugin author's tests with zmgr-testing against the packed zmgr", () => {
    const tests = pluginTests()
    expect(tests.status, tests.stdout + tests.stderr).to.equal(0)
    expect(tests.stdout).to.contain('2 passing')
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
    expect(realpathSync(join(pluginDir, 'node_modules', 'zmgr'))).to.equal(realpathSync(installed))
    // The linked plugin's tests still find zmgr-testing (in its project, not beside the installed zmgr).
    const tests = pluginTests()
    expect(tests.status, tests.stdout + tests.stderr).to.equal(0)
    expect(run(['plugins', 'unlink', 'zmgr-plugin-hello']).status).to.equal(0)
  })

  it('installs and runs on Node 22 too', function () {
    // The registry's `node` package carries a Node binary: a second Node version without a system package.
    // Fetched online (not with the release's empty offline cache); skipped when that fails, unless CI insists.
    const node22 = join(work, 'node22')
    const fetched = spawnSync(
      npmCli[0],
      [...npmCli.slice(1), 'install', '--prefix', node22, '--no-audit', '--no-fund', '--no-save', 'node@22'],
      {encoding: 'utf8', cwd: work, env: {...process.env, npm_config_update_notifier: 'false'}},
    )
    const bin = join(node22, 'node_modules', '.bin')
    const version = spawnSync(join(bin, 'node'), ['--version'], {encoding: 'utf8'})
    if (fetched.status !== 0 || !/^v22\./.test(version.stdout ?? '')) {
      const output = `${fetched.stderr ?? ''}${version.stderr ?? ''}${version.error?.message ?? ''}`
      const why = `node@22 could not be installed: ${output.match(/^npm error (?!A complete log).*$/m)?.[0] ?? output.trim().split('\n')[0]}`
      if (process.env.ZMGR_TEST_REQUIRE_NODE22 === '1') expect.fail(`${why} (ZMGR_TEST_REQUIRE_NODE22=1)`)
      console.log(`      skipped: ${why}`)
      this.skip()
    }
    // Node 22 first on PATH, so npm and zmgr's `#!/usr/bin/env node` run on it; npm is the one zmgr bundles.
    const env22 = {...env, PATH: `${bin}:${process.env.PATH}`}
    const prefix22 = join(work, 'prefix22')
    execFileSync(
      join(bin, 'node'),
      [
        join(installed, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
        'install',
        '--global',
        '--prefix',
        prefix22,
        join(work, tarball.filename),
      ],
      {env: env22, cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']},
    )
    const zmgr22 = (args) => spawnSync(join(prefix22, 'bin', 'zmgr'), args, {encoding: 'utf8', env: env22, cwd: work})
    const shown = zmgr22(['--version'])
    expect(shown.status, shown.stderr).to.equal(0)
    expect(shown.stdout).to.match(/^zmgr\/0\.1\.0 .* node-v22\./)
    const templates = zmgr22(['templates', 'list', '--root', root])
    expect(templates.status, templates.stderr).to.equal(0)
    expect(templates.stdout).to.match(/^omnios\s/m)
    const plugins = zmgr22(['plugins'])
    expect(plugins.status, plugins.stderr).to.equal(0)
  })
})
