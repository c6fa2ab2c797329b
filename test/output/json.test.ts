import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join, resolve} from 'node:path'
import {createTestHost, type RunResult, type TestHost} from 'zmgr/testing'

/** The examples name OpenIndiana's starter set (oi, ofl, publisher openindiana.org): init detects it on an OpenIndiana host with nlipkg. */
const OPENINDIANA = {flavour: 'openindiana' as const, seed: {brands: ['ipkg', 'lipkg', 'nlipkg']}}

// ajv is CommonJS with a default export; createRequire keeps the types simple under NodeNext.
const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020.js').default as new (
  options: object,
) => {
  addSchema(schema: object): void
  getSchema(id: string): ((data: unknown) => boolean) & {errors?: unknown[] | null}
}

const SCHEMAS = resolve('schemas')
const ajv = new Ajv2020({allErrors: true, strict: false})
for (const file of readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')))

function expectValid(schema: string, run: RunResult): void {
  const validate = ajv.getSchema(`https://zmgr.dev/schemas/${schema}.schema.json`)
  expect(validate, `schemas/${schema}.schema.json`).to.be.a('function')
  const document = run.json()
  expect(validate(document), `${schema}: ${JSON.stringify(validate.errors, null, 1)}\n${run.stdout}`).to.equal(true)
}

describe('output: one JSON document, validated against schemas/', function () {
  this.timeout(300_000)
  let host: TestHost
  before(async () => {
    host = await createTestHost(OPENINDIANA)
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    const created = await host.zmgr(['zones', 'create', 'web01'])
    expect(created.exitCode, created.stderr).to.equal(0)
    await host.seed({zones: [{name: 'legacy', state: 'installed', brand: 'lipkg'}]})
  })
  after(() => host.cleanup())

  it('has a schema for every command that takes --json', () => {
    const manifests = [
      '.',
      'plugins/zones',
      'plugins/ipam',
      'plugins/import',
      'plugins/validate',
      'plugins/publishers',
    ].map(
      (dir) =>
        JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')) as {
          commands: Record<string, {flags: Record<string, unknown>}>
        },
    )
    const ids = manifests.flatMap((manifest) =>
      Object.entries(manifest.commands)
        .filter(([, command]) => 'json' in command.flags)
        .map(([id]) => id),
    )
    expect(ids.length).to.be.greaterThan(20)
    const files = new Set(readdirSync(SCHEMAS))
    for (const id of ids) expect(files, id).to.include(`${id.replaceAll(':', '-')}.schema.json`)
  })

  it('validates what the read commands print', async () => {
    const runs: Array<[string, string[]]> = [
      ['zones-list', ['zones', 'list']],
      ['zones-show', ['zones', 'show', 'web01']],
      ['zones-show', ['zones', 'show', 'legacy']],
      ['pools-list', ['pools', 'list']],
      ['pools-show', ['pools', 'show', 'public']],
      ['pools-allocations', ['pools', 'allocations', 'public']],
      ['templates-list', ['templates', 'list']],
      ['templates-show', ['templates', 'show', 'oi']],
      ['publishers-list', ['publishers', 'list']],
      ['publishers-show', ['publishers', 'show', 'openindiana.org']],
      ['config-show', ['config', 'show']],
      ['validate', ['validate', '--system']],
      ['import', ['import', '--dry-run']],
      ['doctor', ['doctor']],
    ]
    for (const [schema, args] of runs) {
      const run = await host.zmgr([...args, '--json'])
      expect(run.stderr, args.join(' ')).to.equal('')
      expectValid(schema, run)
    }
    const zones = (await host.zmgr(['zones', 'list', '--json'])).result<
      Array<{name: string; managed: boolean; nets: Array<{address: string; prefix: number}>}>
    >()
    expect(zones.map((zone) => [zone.name, zone.managed])).to.deep.equal([
      ['legacy', false],
      ['web01', true],
    ])
    expect(zones[1].nets[0]).to.include({address: '192.0.2.100', prefix: 24})
  })

  it('validates what the changing commands print, dry run and real', async () => {
    const runs: Array<[string, string[]]> = [
      ['zones-create', ['zones', 'create', 'web02', '--dry-run']],
      ['zones-create', ['zones', 'create', 'web02', '--no-boot']],
      ['zones-boot', ['zones', 'boot', 'web02']],
      ['zones-boot', ['zones', 'boot', 'web02']],
      ['zones-reboot', ['zones', 'reboot', 'web02']],
      ['zones-shutdown', ['zones', 'shutdown', 'web02', '--dry-run']],
      ['zones-halt', ['zones', 'halt', 'web02']],
      ['zones-destroy', ['zones', 'destroy', 'web02', '--dry-run']],
      ['zones-destroy', ['zones', 'destroy', 'web02', '--yes']],
      ['templates-create', ['templates', 'create', 'web', '--from', 'oi']],
      ['templates-edit', ['templates', 'edit', 'web', '--memory', '1G']],
      ['templates-delete', ['templates', 'delete', 'web']],
      ['pools-create', ['pools', 'create', 'lab', '--network', '198.51.100.0/24']],
      ['pools-edit', ['pools', 'edit', 'lab', '--vlan', '7']],
      ['pools-delete', ['pools', 'delete', 'lab']],
      ['publishers-add', ['publishers', 'add', 'extra', '--origin', 'https://pkg.example.org/extra/']],
      [
        'publishers-edit',
        ['publishers', 'edit', 'extra', '--add-origin', 'https://mirror.example.org/extra/', '--dry-run'],
      ],
      ['publishers-edit', ['publishers', 'edit', 'extra', '--no-sticky']],
      ['publishers-remove', ['publishers', 'remove', 'extra']],
      ['init', ['init', '--dry-run']],
    ]
    for (const [schema, args] of runs) {
      const run = await host.zmgr([...args, '--json'])
      expect(run.exitCode, `${args.join(' ')}\n${run.stdout}${run.stderr}`).to.equal(0)
      expectValid(schema, run)
    }
  })

  it('is one failure document with the same envelope, warnings kept, for every kind of failure', async () => {
    for (const args of [
      ['zones', 'show', 'nope'],
      ['pools', 'show', 'nope'],
      ['templates', 'show', '--bogus'],
      ['zones', 'list', '-o', 'bogus'],
    ]) {
      const run = await host.zmgr([...args, '--json'])
      expect(run.exitCode, args.join(' ')).to.equal(2)
      expect(run.stderr).to.equal('')
      expectValid('document', run)
      expect(run.json<{ok: boolean; error: {code: string}}>()).to.deep.include({ok: false, version: 1})
    }
    // A broken zone file is a warning beside the list, not a silent empty list.
    await writeFile(join(host.root, 'zones', 'broken.kdl'), 'zone "broken" {\n    brand\n')
    const list = await host.zmgr(['zones', 'list', '--json'])
    expect(list.exitCode).to.equal(0)
    expectValid('zones-list', list)
    const document = list.json<{warnings: Array<{code: string; severity: string; location: {file: string}}>}>()
    expect(document.warnings).to.have.length.greaterThan(0)
    expect(document.warnings[0]).to.include({severity: 'warning'})
    expect(document.warnings[0].location.file).to.equal(join(host.root, 'zones', 'broken.kdl'))
  })
})
