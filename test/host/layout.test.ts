import {expect} from 'chai'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

const repo = process.cwd()

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true})
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? sourceFiles(path) : Promise.resolve(path.endsWith('.ts') ? [path] : [])
    }),
  )
  return nested.flat()
}

describe('repository rules', () => {
  it('built-in plugins import the host only through the public SDK', async () => {
    const offenders: string[] = []
    for (const plugin of await readdir(join(repo, 'plugins'))) {
      for (const file of await sourceFiles(join(repo, 'plugins', plugin, 'src'))) {
        const text = await readFile(file, 'utf8')
        for (const match of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
          if (/(^|\/)src\//.test(match[1]) || /^(\.\.\/){3,}/.test(match[1]) || /^zmgr\/(?!testing$)/.test(match[1]))
            offenders.push(`${file}: ${match[1]}`)
        }
      }
    }
    expect(offenders).to.deep.equal([])
  })

  it('built-in plugins use no package but zmgr, as a third-party plugin installed from a tarball must', async () => {
    const offenders: string[] = []
    for (const plugin of await readdir(join(repo, 'plugins'))) {
      for (const file of await sourceFiles(join(repo, 'plugins', plugin, 'src'))) {
        const text = await readFile(file, 'utf8')
        for (const match of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
          if (!/^(\.|node:|zmgr$|zmgr\/testing$)/.test(match[1])) offenders.push(`${file}: ${match[1]}`)
        }
      }
    }
    expect(offenders).to.deep.equal([])
  })

  it('bundles every runtime dependency into the release tarball', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'))
    expect([...pkg.bundleDependencies].sort()).to.deep.equal(Object.keys(pkg.dependencies).sort())
  })

  it('declares every built-in plugin and the oclif plugins in the host', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'))
    expect(pkg.oclif.plugins).to.include.members([
      '@oclif/plugin-help',
      '@oclif/plugin-autocomplete',
      '@oclif/plugin-plugins',
    ])
    for (const plugin of await readdir(join(repo, 'plugins'))) {
      const pluginPkg = JSON.parse(await readFile(join(repo, 'plugins', plugin, 'package.json'), 'utf8'))
      expect(pkg.dependencies, plugin).to.have.property(pluginPkg.name)
      // By name, not `@zmgr/*`: a pattern makes oclif load minimatch at every start-up.
      expect(pkg.oclif.plugins, plugin).to.include(pluginPkg.name)
    }
  })
})
