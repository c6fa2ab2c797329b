import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {removeWorkFile, writeFileAtomic, writeWorkFile, type ZmgrError} from 'zmgr'
import {withLock} from '../../dist/fs/lock.js'

describe('atomic writes and locks', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zmgr-fs-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  it('replaces a file without leaving temporary files', async () => {
    const file = join(dir, 'sub', 'a.kdl')
    await writeFileAtomic(file, 'one\n')
    await writeFileAtomic(file, 'two\n')
    expect(await readFile(file, 'utf8')).to.equal('two\n')
    expect(await readdir(join(dir, 'sub'))).to.deep.equal(['a.kdl'])
  })

  it('writes working files while other writers remove the shared folder once it is empty', async () => {
    // Many creates at once share .work/: one removing the empty folder must never make another's write fail.
    const work = join(dir, '.work')
    await Promise.all(
      Array.from({length: 30}, async (_, writer) => {
        for (let round = 0; round < 20; round++) {
          const file = join(work, `z${writer}.zonecfg`)
          await writeWorkFile(file, `round ${round}\n`)
          expect(await readFile(file, 'utf8')).to.equal(`round ${round}\n`)
          await removeWorkFile(file)
        }
      }),
    )
    expect(await readdir(dir)).to.not.include('.work')
  })

  it('serialises holders of the same lock', async () => {
    const lock = join(dir, 'x.lock')
    const order: string[] = []
    const hold = (name: string) =>
      withLock(lock, async () => {
        order.push(`${name}+`)
        await new Promise((resolve) => setTimeout(resolve, 20))
        order.push(`${name}-`)
      })
    await Promise.all([hold('a'), hold('b'), hold('c')])
    for (let i = 0; i < order.length; i += 2) expect(order[i].slice(0, 1)).to.equal(order[i + 1].slice(0, 1))
  })

  it('takes over a lock whose holder died', async () => {
    const lock = join(dir, 'ipam.lock')
    const child = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => child.on('exit', resolve))
    await writeFile(
      lock,
      JSON.stringify({pid: child.pid, host: (await import('node:os')).hostname(), since: Date.now()}),
    )
    expect(await withLock(lock, async () => 'got it', {timeoutMs: 1000})).to.equal('got it')
  })

  it('times out on a live holder with a diagnostic', async () => {
    const lock = join(dir, 'busy.lock')
    await writeFile(
      lock,
      JSON.stringify({pid: process.pid, host: (await import('node:os')).hostname(), since: Date.now()}),
    )
    const error = (await withLock(lock, async () => 'never', {timeoutMs: 100}).catch((e) => e)) as ZmgrError
    expect(error).to.include({code: 'zmgr::lock::timeout', exit: 1})
  })
})
