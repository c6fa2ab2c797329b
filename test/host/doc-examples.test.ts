import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const check = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/check-doc-examples.js', ...args], {encoding: 'utf8'})

describe('documentation examples', function () {
  this.timeout(120_000)

  it('every TypeScript example of the docs compiles against the built zmgr', () => {
    const result = check()
    expect(result.status, result.stderr).to.equal(0)
    for (const doc of ['plugins', 'hooks', 'validate', 'ipam', 'simulator'])
      expect(result.stdout).to.match(new RegExp(`^docs/${doc}\\.md: \\d+ TypeScript examples type-check$`, 'm'))
  })

  it('an example using what the SDK does not export fails, at its line in the Markdown file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zmgr-doc-'))
    try {
      const doc = join(dir, 'broken.md')
      await writeFile(doc, "# broken\n\n```ts\nimport {ZmgrCommand} from 'zmgr'\nimport {withLock} from 'zmgr'\n```\n")
      const result = check(doc)
      expect(result.status).to.equal(1)
      expect(result.stderr).to.match(/broken\.md:5:\d+: error TS\d+: .*withLock/)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
