// Start-up: what every invocation pays. Target: `--version` and `templates list` at most 2x `node -e 0`,
// from the clone and from the packed release installed the way a user installs it
// (`ZMGR_BENCH_INSTALLED=/prefix/bin/zmgr` measures an existing install instead of packing one).
import {execFileSync} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'

function installRelease(bench) {
  if (process.env.ZMGR_BENCH_INSTALLED) return process.env.ZMGR_BENCH_INSTALLED
  const dir = bench.tempDir('zmgr-bench-release-')
  const cache = join(dir, 'npm-cache')
  mkdirSync(cache)
  const npm = (args, cwd) => execFileSync('npm', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  const [{filename}] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], bench.root))
  npm(
    [
      'install',
      '--global',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--cache',
      cache,
      '--prefix',
      join(dir, 'prefix'),
      join(dir, filename),
    ],
    dir,
  )
  return join(dir, 'prefix', 'bin', 'zmgr')
}

export default async function startup(bench) {
  // Installed first: the install's writes (33 MB) are flushed while the clone is measured, not during
  // the installed runs (measured right after it, templates list came out at 2.5x instead of 1.9x).
  const installed = installRelease(bench)
  const root = bench.tempDir()
  bench.setup([process.execPath, bench.zmgr, 'init', '--root', root, '--distribution', 'omnios'])
  bench.command('zmgr --version', [process.execPath, bench.zmgr, '--version'])
  bench.command('zmgr --help', [process.execPath, bench.zmgr, '--help'])
  bench.command('zmgr templates list', [process.execPath, bench.zmgr, 'templates', 'list', '--root', root])
  bench.command('installed: zmgr --version', [process.execPath, installed, '--version'])
  bench.command('installed: zmgr templates list', [process.execPath, installed, 'templates', 'list', '--root', root])
}
