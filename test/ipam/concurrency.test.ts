import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {readdir, readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {tempRegistry} from './helpers.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

function run(script: string, args: string[]): Promise<{code: number | null; stdout: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(fixtures, script), ...args], {stdio: ['ignore', 'pipe', 'inherit']})
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout}))
  })
}

describe('ipam: concurrent allocation', function () {
  this.timeout(120_000)
  let env: Awaited<ReturnType<typeof tempRegistry>>
  afterEach(() => env.cleanup())

  // `npm run stress` pushes harder (test/stress): 100 concurrent creates.
  it('never hands one address to two of 8 processes allocating at once from a pool of 6', async () => {
    env = await tempRegistry({
      'pools/public.kdl':
        'pool "public" {\n    network "192.0.2.0/24"\n    gateway "192.0.2.1"\n    range "192.0.2.100" "192.0.2.105"\n}\n',
    })
    const results = await Promise.all(
      Array.from({length: 8}, (_, i) =>
        run('allocate-one.js', [env.root, `zone${String(i).padStart(2, '0')}`, 'public']),
      ),
    )
    const won = results.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout).allocations[0].address as string)
    const lost = results.filter((r) => r.code !== 0).map((r) => JSON.parse(r.stdout).error)
    expect(won).to.have.length(6)
    expect(new Set(won).size).to.equal(6)
    expect([...won].sort()).to.deep.equal(Array.from({length: 6}, (_, i) => `192.0.2.${100 + i}`))
    expect(lost).to.deep.equal(Array(2).fill('zmgr::pool::exhausted'))
    // The ledger agrees: six zone files, each holding the address its process reported.
    const files = await readdir(join(env.root, 'zones'))
    expect(files).to.have.length(6)
    const held = await Promise.all(
      files.map(async (file) => /address="([^/"]+)\//.exec(await readFile(join(env.root, 'zones', file), 'utf8'))![1]),
    )
    expect(new Set(held)).to.deep.equal(new Set(won))
    expect(existsSync(join(env.root, '.locks', 'ipam.lock'))).to.equal(false)
  })

  it('takes over the lock a killed zmgr left behind', async () => {
    env = await tempRegistry({
      'pools/public.kdl': 'pool "public" {\n    network "192.0.2.0/24"\n    range "192.0.2.100" "192.0.2.119"\n}\n',
    })
    const holder = spawn(process.execPath, [join(fixtures, 'hold-lock.js'), env.root], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
    const exited = new Promise((resolve) => holder.once('exit', resolve))
    holder.kill('SIGKILL')
    await exited
    const lock = JSON.parse(await readFile(join(env.root, '.locks', 'ipam.lock'), 'utf8'))
    expect(lock.pid).to.equal(holder.pid)

    const started = Date.now()
    const result = await run('allocate-one.js', [env.root, 'web01', 'public'])
    expect(result.code).to.equal(0)
    expect(JSON.parse(result.stdout).allocations[0].address).to.equal('192.0.2.100')
    expect(Date.now() - started).to.be.below(5000)
  })
})
