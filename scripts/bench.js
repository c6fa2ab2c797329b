#!/usr/bin/env node
// `npm run bench`: wall-time medians of zmgr commands and library operations,
// each reported as a ratio against `node -e 0` measured in the same run.
// Each run of a command is paired with a run of `node -e 0` just before it and
// the ratio is the median of the pairs' ratios, so load on the machine that
// comes and goes during the run affects both sides alike.
// Every bench/*.js module exports `default async function (bench)`.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const only = process.argv.slice(2)
const rows = []

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function timeCommand(argv, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    ...options,
    env: {...process.env, NO_COLOR: '1', ...options.env},
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0 && !options.allowFailure)
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

const bench = {
  root,
  zmgr: join(root, 'bin', 'run.js'),
  /** A scratch folder removed at the end of the run. */
  tempDir(prefix = 'zmgr-bench-') {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    process.on('exit', () => rmSync(dir, {recursive: true, force: true}))
    return dir
  },
  /**
   * A simulated OpenIndiana host (its default links and datasets) with a zmgr
   * registry initialised for it: the environment to run zmgr in, the root,
   * and `sim(...args)` to run illumos-sim against that host.
   */
  simulatedHost(dir) {
    const repo = root
    const registry = join(dir, 'root')
    const simBin = join(repo, 'packages', 'testing', 'bin')
    const env = {...process.env, ZMGR_SIM_STATE: join(dir, 'sim'), PATH: `${simBin}:${process.env.PATH}`}
    const sim = (...args) => execFileSync(process.execPath, [join(simBin, 'illumos-sim'), ...args], {env})
    sim('init', '--flavour', 'openindiana', '--default-links', '--default-datasets')
    execFileSync(process.execPath, [this.zmgr, 'init', '--root', registry, '--distribution', 'openindiana'], {env})
    return {root: registry, env, sim}
  },
  /** Run a preparation command (not measured); it must succeed. */
  setup(argv, options = {}) {
    timeCommand(argv, options)
  },
  /** Median wall time of a command over `runs` runs (after one warm-up), and its paired ratio to `node -e 0`. */
  command(name, argv, options = {}) {
    const runs = options.runs ?? 15
    timeCommand(argv, options)
    const times = []
    const ratios = []
    for (let i = 0; i < runs; i++) {
      const base = timeCommand(BASELINE)
      const ms = timeCommand(argv, options)
      times.push(ms)
      ratios.push(ms / base)
    }
    rows.push({name, ms: median(times), ratio: median(ratios), runs})
  },
  /** Median wall time of an in-process async function (no process start-up in the figure). */
  async fn(name, fn, options = {}) {
    const runs = options.runs ?? 15
    await fn()
    const times = []
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint()
      await fn()
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    rows.push({name, ms: median(times), runs})
  },
}

const BASELINE = [process.execPath, '-e', '0']
const baselineTimes = Array.from({length: 21}, () => timeCommand(BASELINE))
rows.push({name: 'baseline: node -e 0', ms: median(baselineTimes), ratio: 1, runs: 21})
const baseline = rows[0].ms
const modules = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.js'))
  .sort()
for (const name of modules) {
  if (only.length > 0 && !only.some((filter) => name.includes(filter))) continue
  const module = await import(pathToFileURL(join(root, 'bench', name)).href)
  await module.default(bench)
}

const width = Math.max(...rows.map((row) => row.name.length))
console.log(`${'benchmark'.padEnd(width)}  ${'median'.padStart(10)}  ${'x node -e 0'.padStart(11)}  runs`)
for (const row of rows)
  console.log(
    `${row.name.padEnd(width)}  ${`${row.ms.toFixed(1)} ms`.padStart(10)}  ${(row.ratio ?? row.ms / baseline).toFixed(2).padStart(11)}  ${row.runs}`,
  )
