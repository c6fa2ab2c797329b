#!/usr/bin/env node
// Bundles tsc's output with esbuild, for the host and every plugin: dist/X.js
// becomes dist/bundle/X.js, one file per command and hook (oclif's manifest
// points at them) plus chunks of the code they share. A command then loads a
// few files instead of a few hundred, which is most of zmgr's start-up.
//
// The host's bundle also holds the SDK (the `zmgr` export) and oclif itself
// (`dist/bundle/oclif.js`, what bin/run.js runs), in chunks the commands share:
// oclif, the SDK and every command that imports them are one instance, and a
// plugin's bundle imports `zmgr` at run time, so it gets that instance too.
// Modules imported on first use (execa, listr2, ip-address) and plugin-plugins
// (only `plugins link` needs it) stay in node_modules, loaded when used, and so
// does zmgr-testing (`zmgr/testing` re-exports it; the release does not ship it).
// The release ships these bundles and tsc's .d.ts files only: tsc's JavaScript
// beside them is what the bundles are made from, and what tests import internals from.
import {build} from 'esbuild'
import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// semver: only oclif's engines check requires it, and that check is left out (below).
const HOST_EXTERNAL = ['execa', 'listr2', 'ip-address', '@oclif/plugin-plugins', 'semver', 'zmgr-testing']
// oclif is CommonJS: in an ES module bundle it needs require, __filename and __dirname.
const COMMONJS_SHIM = [
  "import {createRequire as __zmgrCreateRequire} from 'node:module'",
  "import {fileURLToPath as __zmgrFileURLToPath} from 'node:url'",
  'const require = __zmgrCreateRequire(import.meta.url)',
  'const __filename = __zmgrFileURLToPath(import.meta.url)',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'))",
  "const __zmgrOclifRequire = (id) => __zmgrCreateRequire(require.resolve('@oclif/core/package.json'))(id)",
].join(';')

// oclif requires every dependency at the top of its modules, so each start-up ran
// the template engine, globbing, spinners, help layout, pattern matching, debug
// logging and colour detection that most commands never use. In the bundle these are loaded on first use instead (a module object that
// requires on its first property access): oclif's own modules from the bundle, the
// packages from node_modules as oclif would (left out of the bundle, so start-up
// does not even parse them). The build fails if oclif's code changes shape.
const LAZY_OCLIF_REQUIRES = {
  'config/config.js': ['ejs'],
  'config/plugin.js': ['tinyglobby'],
  'help/util.js': ['ejs'],
  'index.js': ['./help'],
  'ux/action/spinner.js': ['ansi-escapes', 'cli-spinners'],
  'errors/errors/cli.js': ['clean-stack', 'indent-string', 'wrap-ansi'],
  'errors/errors/pretty-print.js': ['indent-string', 'wrap-ansi'],
  'errors/handle.js': ['clean-stack', '../help/index'],
  'parser/parse.js': ['node:readline'],
  'util/os.js': ['node:child_process'],
  'flags.js': ['./help'],
  'help/index.js': ['./command', './root'],
  'help/formatter.js': ['indent-string', 'string-width', 'widest-line', 'wrap-ansi'],
  'performance.js': ['node:perf_hooks'],
  'ux/index.js': ['./action/spinner', './colorize-json'],
  'util/read-pjson.js': ['lilconfig'],
  'config/plugin-loader.js': ['minimatch'],
  'logger.js': ['debug'],
  'ux/supports-color.js': ['supports-color'],
}
// Edits of oclif's code in the bundle, each [file, text, replacement]:
// - oclif checks its own package.json's engines when loaded, requiring all of semver
//   first. In the bundle there is no package.json beside it, so the check never ran
//   anyway (npm checks zmgr's engines at install): the call is left out.
// - Config asks wsl-utils whether this is WSL; that module also loads child_process
//   for its PowerShell helpers. Its answer is is-wsl's, asked directly, and required
//   rather than imported, so it is bundled with oclif (two files fewer to load).
// - Each dependency is matched against each `oclif.plugins` entry with minimatch, which
//   compiles a pattern per pair; zmgr names its plugins, so a name without glob
//   characters is compared as it is, and minimatch is loaded for a pattern only.
// - A core or user plugin's root is found with require.resolve (Node reads its
//   package.json to resolve its main, which a plugin need not have: the built-in ones
//   export nothing, so it throws), and then oclif reads the package.json again. The
//   folder in node_modules of the root is tried first, with oclif's own cached read
//   that loading the plugin then reuses.
// - A plugin's commands are sorted by id with localeCompare, whose first call sets up
//   ICU's collator (several milliseconds, and nothing else at start-up needs it).
//   Command ids are lowercase words, colons and hyphens, which code-unit order sorts
//   the same way.
// - Every logger namespace creates a `debug` instance, which means loading debug,
//   supports-color and ms at start-up to print nothing: debug reads DEBUG once, when
//   loaded, and nothing enables it later. Without DEBUG a logger is a no-op function
//   and debug is never loaded.
const OCLIF_EDITS = [
  ['index.js', /^checkNodeVersion\(\);$/m, ''],
  ['util/os.js', "(await import('wsl-utils')).isWsl ? 'wsl'", "require('is-wsl').default ? 'wsl'"],
  [
    'config/plugin-loader.js',
    'patterns.some((w) => (0, minimatch_1.minimatch)(p, w))',
    'patterns.some((w) => w === p || (/[*?[{(\\\\]/.test(w) && (0, minimatch_1.minimatch)(p, w)))',
  ],
  [
    'logger.js',
    'const debug = (0, debug_1.default)(namespace);',
    'const debug = process.env.DEBUG ? (0, debug_1.default)(namespace) : () => {};',
  ],
  [
    'config/plugin.js',
    '.sort((a, b) => a.id.localeCompare(b.id))',
    '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))',
  ],
  [
    'util/find-root.js',
    '        let pkgPath;\n',
    "        const installed = (0, node_path_1.join)(root, 'node_modules', name);\n        if (await (0, fs_1.safeReadJson)((0, node_path_1.join)(installed, 'package.json'))) return installed;\n        let pkgPath;\n",
  ],
]
const LAZY_MODULE =
  'function __zmgrLazy(load) { let module; return new Proxy({}, {get: (_, key) => (module ??= load())[key]}) }'

const lazyOclifRequires = {
  name: 'lazy-oclif-requires',
  setup(build) {
    const lib = join(root, 'node_modules', '@oclif', 'core', 'lib')
    build.onLoad({filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/}, async ({path}) => {
      const file = relative(lib, path)
      const lazy = LAZY_OCLIF_REQUIRES[file] ?? []
      const edits = OCLIF_EDITS.filter(([edited]) => edited === file)
      if (lazy.length === 0 && edits.length === 0) return undefined
      let source = await readFile(path, 'utf8')
      for (const [, text, replacement] of edits) {
        if (!(typeof text === 'string' ? source.includes(text) : text.test(source)))
          throw new Error(`${path}: ${text} not found (oclif changed: update OCLIF_EDITS)`)
        source = source.replace(text, replacement)
      }
      const found = new Set()
      const contents = source.replace(
        /^(const|var) (\w+) = ((?:__importDefault\()?require\(["']([^"']+)["']\)\)?);$/gm,
        (line, kind, name, expression, specifier) => {
          if (!lazy.includes(specifier)) return line
          found.add(specifier)
          const load =
            specifier.startsWith('.') || specifier.startsWith('node:')
              ? expression
              : expression.replace('require(', '__zmgrOclifRequire(')
          return `${kind} ${name} = __zmgrLazy(() => ${load});`
        },
      )
      const missing = lazy.filter((specifier) => !found.has(specifier))
      if (missing.length > 0)
        throw new Error(
          `${path}: no top-level require of ${missing.join(', ')} (oclif changed: update LAZY_OCLIF_REQUIRES)`,
        )
      return {contents: lazy.length > 0 ? `${contents}\n${LAZY_MODULE}\n` : contents, loader: 'js'}
    })
  },
}

// Node's ES module facade of a builtin reads all its exports when first imported.
// For node:fs that loads the modules behind ReadStream, WriteStream, Dir and promises
// (fs's streams); for node:process it creates process.stdin: milliseconds of every
// start-up, which uses none of them. The bundles take fs from require instead,
// through a module exporting what is not loaded on first read, and process as the
// global it is (importing anything else fails the build, so nothing goes missing).
// (fs's exports are asked of a fresh Node: in this process some of those getters have run.)
const fsExports = JSON.parse(
  execFileSync(process.execPath, [
    '-p',
    "JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(require('node:fs'))).filter(([name, d]) => !d.get && /^[A-Za-z_$][\\w$]*$/.test(name)).map(([name]) => name))",
  ]),
)
const BUILTIN_SHIMS = {
  fs: [
    "import {createRequire} from 'node:module'",
    "const fs = createRequire(import.meta.url)('node:fs')",
    'export default fs',
    `export const {${fsExports.join(', ')}} = fs`,
  ].join('\n'),
  process: 'export default process',
}
const builtinShims = {
  name: 'builtin-shims',
  setup(build) {
    // Import statements only: a require (oclif's) already gets the module itself.
    build.onResolve({filter: /^(node:)?(fs|process)$/}, ({path, kind}) =>
      kind === 'import-statement' ? {path: path.replace(/^node:/, ''), namespace: 'builtin-shim'} : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'builtin-shim'}, ({path}) => ({contents: BUILTIN_SHIMS[path], loader: 'js'}))
  },
}

function jsFiles(dir) {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** Entry points of a package: its commands, and every hook its package.json names under dist/bundle. */
function entryPoints(dir, pjson) {
  const dist = join(dir, 'dist')
  const entries = {}
  for (const file of jsFiles(join(dist, 'commands'))) entries[relative(dist, file).slice(0, -3)] = file
  for (const targets of Object.values(pjson.oclif.hooks ?? {})) {
    for (const target of [targets].flat()) {
      const bundled = relative(join(dir, 'dist', 'bundle'), join(dir, target))
      if (bundled.startsWith('..')) throw new Error(`${pjson.name}: the hook ${target} is not under dist/bundle`)
      entries[bundled.slice(0, -3)] = join(dist, bundled)
    }
  }
  return entries
}

async function bundle(dir, options) {
  const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const outdir = join(dir, 'dist', 'bundle')
  rmSync(outdir, {recursive: true, force: true})
  await build({
    entryPoints: {...(pjson.oclif ? entryPoints(dir, pjson) : {}), ...options.entryPoints},
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    chunkNames: 'chunks/[name]-[hash]',
    // Whitespace and syntax only: names stay, so stack traces and class names read as in the source.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    ...options.build,
    plugins: [builtinShims, ...(options.build.plugins ?? [])],
  })
}

await bundle(root, {
  entryPoints: {
    index: join(root, 'dist', 'index.js'),
    testing: join(root, 'dist', 'testing.js'),
    help: join(root, 'dist', 'help.js'),
    oclif: join(root, 'node_modules', '@oclif', 'core', 'lib', 'index.js'),
  },
  build: {external: HOST_EXTERNAL, banner: {js: COMMONJS_SHIM}, plugins: [lazyOclifRequires]},
})
for (const name of readdirSync(join(root, 'plugins'))) {
  const dir = join(root, 'plugins', name)
  // A plugin imports `zmgr` (and anything else it depends on) from node_modules at run time: the host's one instance.
  if (existsSync(join(dir, 'package.json'))) await bundle(dir, {build: {packages: 'external'}})
}

// zmgr-testing: tests start the simulator's commands as node processes by the
// hundred, and every zmgr child that runs them in process preloads them. One
// bundle per command (the executables import it) and one for the preload load
// a few files instead of forty: about 10 ms less CPU per simulated command
// started, and 40 ms per preloading child.
const testing = join(root, 'packages', 'testing')
const simulator = join(testing, 'dist', 'simulator')
await bundle(testing, {
  entryPoints: {
    ...Object.fromEntries(
      ['zonecfg', 'zoneadm', 'dladm', 'pkg', 'zfs', 'zlogin', 'files'].map((name) => [
        name,
        join(simulator, name, 'main.js'),
      ]),
    ),
    'illumos-sim': join(simulator, 'admin.js'),
    'simulated-children': join(testing, 'dist', 'simulated-children.js'),
  },
  build: {packages: 'external'},
})
