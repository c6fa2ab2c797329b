import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {hostname, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {scale} from './scale.js'

const worker = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lock-worker.js')

function contend(args: string[]): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], {stdio: ['ignore', 'ignore', 'inherit']})
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({code, signal}))
  })
}

/** A pid that is certainly dead: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'])
  await new Promise((resolve) => child.on('exit', resolve))
  return child.pid!
}

describe('stress: lock takeover with many waiters', function () {
  this.timeout(600_000)
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zmgr-stress-lock-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  const waiters = scale(10, 60)
  const killed = scale(3, 15)
  it(`lets one of ${waiters} processes in at a time while ${killed} of them die holding the lock`, async () => {
    const lock = join(dir, 'locks', 'ipam.lock')
    await writeFile(join(dir, 'counter'), '0')
    await writeFile(join(dir, 'entries'), '')
    // Everyone starts by finding a lock whose holder is dead: all of them race to take it over.
    await (await import('node:fs/promises')).mkdir(dirname(lock), {recursive: true})
    await writeFile(
      lock,
      JSON.stringify({pid: await deadPid(), host: hostname(), started: 0, token: 'feedc0de', since: Date.now()}),
    )
    const rounds = 3
    const results = await Promise.all(
      Array.from({length: waiters}, (_, i) => contend([lock, dir, String(rounds), i < killed ? '1' : 'none'])),
    )
    expect(existsSync(join(dir, 'violations')) ? await readFile(join(dir, 'violations'), 'utf8') : '').to.equal('')
    expect(results.filter((r) => r.signal === 'SIGKILL')).to.have.length(killed)
    expect(results.filter((r) => r.signal === null).every((r) => r.code === 0)).to.equal(true)
    const entries = (await readFile(join(dir, 'entries'), 'utf8')).trim().split('\n')
    expect(entries).to.have.length(killed * 2 + (waiters - killed) * rounds)
    expect(Number(await readFile(join(dir, 'counter'), 'utf8'))).to.equal(entries.length)
    // The last holder that died left its lock; every other holding was released, claims included.
    const left = (await readdir(dirname(lock))).filter((name) => name !== 'ipam.lock')
    expect(left).to.deep.equal([])
  })
})
