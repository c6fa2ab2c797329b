import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {copyFile, cp, mkdir, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

describe('zmgr/testing', () => {
  it('is the zmgr-testing package, which the runtime does not contain', async () => {
    const testing = await import('zmgr/testing')
    const harness = await import('zmgr-testing')
    expect(testing.createTestHost).to.equal(harness.createTestHost)
    expect(testing.SIMULATOR_BIN).to.match(/packages\/testing\/bin$/)
  })

  it('tells a plugin author to install zmgr-testing when it is missing', async () => {
    // An installed zmgr as npm lays it out, without zmgr-testing beside it.
    const dir = await mkdtemp(join(tmpdir(), 'zmgr-entry-'))
    try {
      const zmgr = join(dir, 'node_modules', 'zmgr')
      await mkdir(join(zmgr, 'dist'), {recursive: true})
      await copyFile('package.json', join(zmgr, 'package.json'))
      await cp(join('dist', 'bundle'), join(zmgr, 'dist', 'bundle'), {recursive: true})
      const child = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import('zmgr/testing').catch((e) => { console.log(JSON.stringify({code: e.code, message: e.message, help: e.help})); process.exit(3) })",
        ],
        {cwd: dir, encoding: 'utf8'},
      )
      expect(child.status, child.stderr).to.equal(3)
      const error = JSON.parse(child.stdout)
      expect(error.code).to.equal('zmgr::testing::not-installed')
      expect(error.message).to.equal('zmgr/testing needs the zmgr-testing package, which is not installed')
      expect(error.help).to.include('npm pack -w packages/testing')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
