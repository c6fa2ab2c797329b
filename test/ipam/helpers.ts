import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {type Pool, poolKind, readItem, Registry} from 'zmgr'

/** A pool read from text, failing the test on any schema error. */
export function pool(text: string, name = /pool "([^"]+)"/.exec(text)![1]): Pool {
  const {value, diagnostics} = readItem(poolKind, `/r/pools/${name}.kdl`, text)
  if (!value) throw new Error(`pool did not load: ${diagnostics.map((d) => d.message).join('; ')}`)
  return value
}

/** A zone file holding the given addresses: `{public: '192.0.2.100/24'}`. */
export function zoneText(name: string, nets: Record<string, string>, pools: Record<string, string> = {}): string {
  const lines = Object.entries(nets).map(
    ([net, address]) =>
      `    net "${net}" vnic="${name}_0" over="igb0"${pools[net] ? ` pool="${pools[net]}"` : ''} address="${address}"`,
  )
  return `zone "${name}" {\n    brand "ipkg"\n    zonepath "/zones/${name}"\n    autoboot #false\n${lines.join('\n')}\n}\n`
}

export const PUBLIC = `pool "public" {
    network "192.0.2.0/24"
    gateway "192.0.2.1"
    range "192.0.2.100" "192.0.2.109"
    reserve "192.0.2.102"
}
`

/** A registry root in a temporary folder with the given files (paths relative to the root). */
export async function tempRegistry(
  files: Record<string, string> = {},
): Promise<{registry: Registry; root: string; cleanup: () => Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'zmgr-ipam-'))
  const root = join(dir, 'root')
  for (const folder of ['pools', 'zones', 'templates']) await mkdir(join(root, folder), {recursive: true})
  for (const [path, text] of Object.entries(files)) await writeFile(join(root, path), text)
  return {registry: new Registry(root), root, cleanup: () => rm(dir, {recursive: true, force: true})}
}
