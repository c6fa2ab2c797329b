#!/usr/bin/env node
import module from 'node:module'

// fs through require: importing node:fs as an ES module loads fs's streams, which start-up
// does not need (the bundles do the same, scripts/bundle.js).
const {readdirSync, statSync} = module.createRequire(import.meta.url)('node:fs')

// Node 22.1+ keeps compiled code between runs, which shortens every start-up
// (older Nodes lack it). It must be on before oclif is loaded, hence the dynamic import.
module.enableCompileCache?.()

// The CLI runs the bundles `npm run build` makes from tsc's output (scripts/bundle.js).
// In a clone (tsc's build info is there; the release has none) `tsc -b` alone leaves
// them stale: say so rather than run old code.
const modified = (path) => statSync(new URL(path, import.meta.url), {throwIfNoEntry: false})?.mtimeMs
const hostCompiled = modified('../dist/.tsbuildinfo')
if (hostCompiled !== undefined) {
  const plugins = readdirSync(new URL('../plugins/', import.meta.url)).map(
    (name) => modified(`../plugins/${name}/dist/.tsbuildinfo`) ?? 0,
  )
  if (!(modified('../dist/bundle/oclif.js') >= Math.max(hostCompiled, ...plugins))) {
    process.stderr.write(
      "error[zmgr::build::stale]: dist/bundle is missing or older than tsc's output\n help: run `npm run build` (or `node scripts/bundle.js` after `tsc -b`)\n",
    )
    process.exit(1)
  }
}

// oclif from zmgr's bundle: the same instance as the SDK and the commands.
const {default: oclif} = await import('../dist/bundle/oclif.js')
// zmgr and its plugins run built JavaScript; a linked plugin is rebuilt by its author, never transpiled here.
oclif.settings.enableAutoTranspile = false

await oclif.execute({dir: import.meta.url})
