// Start-up: what every invocation pays. Target: `templates list` at most 3x `node -e 0`.
export default async function startup(bench) {
  const root = bench.tempDir()
  bench.setup([process.execPath, bench.zmgr, 'init', '--root', root])
  bench.command('zmgr --version', [process.execPath, bench.zmgr, '--version'])
  bench.command('zmgr --help', [process.execPath, bench.zmgr, '--help'])
  bench.command('zmgr templates list', [process.execPath, bench.zmgr, 'templates', 'list', '--root', root])
}
