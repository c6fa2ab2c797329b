import {expect} from 'chai'
import {cpSync, readFileSync, rmSync} from 'node:fs'
import {chmod, mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** The examples name OpenIndiana's starter set (oi, ofl, publisher openindiana.org): init detects it on an OpenIndiana host with nlipkg. */
const OPENINDIANA = {flavour: 'openindiana' as const, seed: {brands: ['ipkg', 'lipkg', 'nlipkg']}}

/** zmgr's own packages: their examples must work as printed (oclif's plugins have theirs). */
const PACKAGES = ['.', 'plugins/zones', 'plugins/ipam', 'plugins/import', 'plugins/validate', 'plugins/publishers']

interface Example {
  command: string
  text: string
}

function examples(): Example[] {
  return PACKAGES.flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, {examples?: Array<string | {command: string}>}>
    }
    return Object.entries(manifest.commands)
      .filter(([command]) => !OCLIF_EXAMPLES.has(command))
      .flatMap(([command, spec]) =>
        (spec.examples ?? []).map((example) => ({
          command,
          text: (typeof example === 'string' ? example : example.command).replaceAll('<%= config.bin %>', 'zmgr'),
        })),
      )
  })
}

/** What each command's examples start from: the state a reader of the help would have. */
type Fixture = 'zone' | 'bare' | 'no-pools' | 'unmanaged' | 'extra-publisher'
const FIXTURE_OF: Record<string, Fixture> = {
  'zones:create': 'bare',
  'pools:create': 'no-pools',
  import: 'unmanaged',
  init: 'bare',
  'publishers:edit': 'extra-publisher',
}
/** zmgr's `plugins link` wraps oclif's and shows oclif's own (templated) examples. */
const OCLIF_EXAMPLES = new Set(['plugins:link'])
/** Commands whose examples build on each other (create web, then web2 from it). */
const IN_SEQUENCE = new Set(['templates:create'])
/** Examples that talk to a person: what they type. */
const INTERACTIVE: Record<string, string> = {
  'zmgr zones login web01': 'exit\n',
  'zmgr zones console web01': '~.\n',
}
/** Examples that a test of their own below runs on a terminal and checks more closely. */
const OWN_TEST = new Set(['zmgr zones destroy web01'])

/**
 * The words of a command line that uses no shell syntax but quotes, as sh
 * splits them (such an example runs in process); undefined when it needs a shell.
 */
function plainWords(text: string): string[] | undefined {
  if (/[|&;<>()$`\\*?[\]{}#~]/.test(text)) return undefined
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, i + 1)
      if (end < 0) throw new Error(`unbalanced quote in the example: ${text}`)
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else word = (word ?? '') + char
  }
  if (word !== undefined) words.push(word)
  return words
}

describe("output: every example in every command's help runs", function () {
  this.timeout(900_000)
  const fixtures = new Map<Fixture, TestHost>()
  const hosts: TestHost[] = []

  async function prepare(kind: Fixture): Promise<TestHost> {
    const host = await createTestHost(OPENINDIANA)
    hosts.push(host)
    const must = async (args: string[]) => {
      const run = await host.zmgr(args)
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).to.equal(0)
    }
    await must(['init'])
    if (kind === 'unmanaged') {
      await host.seed({
        zones: [
          {name: 'web01', state: 'installed'},
          {name: 'db01', state: 'running'},
        ],
      })
      return host
    }
    if (kind === 'no-pools') {
      rmSync(join(host.root, 'pools', 'public.kdl'))
      return host
    }
    await must(['pools', 'create', 'backend', '--network', '10.0.0.0/24', '--range', '10.0.0.10-10.0.0.99'])
    await must([
      'pools',
      'create',
      'lab',
      '--network',
      '198.51.100.0/24',
      '--address',
      '198.51.100.7',
      '--address',
      '198.51.100.9',
    ])
    await must(['templates', 'edit', 'oi', '--net', 'backend=backend@stub0'])
    if (kind === 'zone') await must(['zones', 'create', 'web01'])
    // `publishers edit extra` edits the publisher that `publishers add extra` adds.
    if (kind === 'extra-publisher')
      await must(['publishers', 'add', 'extra', '--origin', 'https://pkg.example.org/extra'])
    return host
  }

  /** A fresh host holding a copy of a fixture's registry and simulated system. */
  async function copyOf(kind: Fixture): Promise<TestHost> {
    const fixture = fixtures.get(kind) ?? (await prepare(kind))
    fixtures.set(kind, fixture)
    const host = await createTestHost(OPENINDIANA)
    hosts.push(host)
    cpSync(fixture.root, host.root, {recursive: true})
    rmSync(host.simState, {recursive: true, force: true})
    cpSync(fixture.simState, host.simState, {recursive: true})
    // A `zmgr` on PATH, as the examples are typed (the simulated commands as functions in it: the examples are under test).
    await mkdir(join(host.dir, 'bin'))
    const zmgr = host.zmgrCommand({simulator: 'in-process'}).map((word) => JSON.stringify(word))
    await writeFile(join(host.dir, 'bin', 'zmgr'), `#!/bin/sh\nexec ${zmgr.join(' ')} "$@"\n`)
    await chmod(join(host.dir, 'bin', 'zmgr'), 0o755)
    return host
  }

  after(async () => {
    for (const host of hosts) await host.cleanup()
  })

  it('finds examples for the built-in commands', () => {
    const commands = new Set(examples().map((example) => example.command))
    for (const command of [
      'zones:list',
      'zones:create',
      'zones:login',
      'pools:list',
      'templates:edit',
      'import',
      'validate',
      'completion',
    ])
      expect(commands, command).to.include(command)
  })

  it('runs them all, each against the state its command expects', async () => {
    const failures: string[] = []
    let sequenceHost: {command: string; host: TestHost} | undefined
    for (const example of examples()) {
      if (OWN_TEST.has(example.text)) continue
      let host: TestHost
      if (IN_SEQUENCE.has(example.command) && sequenceHost?.command === example.command) host = sequenceHost.host
      else {
        host = await copyOf(FIXTURE_OF[example.command] ?? 'zone')
        if (IN_SEQUENCE.has(example.command)) sequenceHost = {command: example.command, host}
      }
      // zsh examples run in zsh; without one, the script must at least be printed.
      const zsh = /\bzsh\b/.test(example.text)
      if (zsh && (await host.run('sh', ['-c', 'command -v zsh'])).exitCode !== 0) {
        const printed = await host.zmgr(['completion', 'zsh'])
        if (printed.exitCode !== 0 || !printed.stdout.includes('bashcompinit'))
          failures.push(`${example.text}: no zsh script`)
        continue
      }
      const input = INTERACTIVE[example.text]
      const env = {PATH: `${join(host.dir, 'bin')}:${host.env.PATH}`}
      const words = input === undefined ? plainWords(example.text) : undefined
      const run =
        words?.[0] === 'zmgr'
          ? await host.zmgr(words.slice(1))
          : await host.run(zsh ? 'zsh' : 'bash', ['-c', example.text], {input, env})
      if (run.exitCode !== 0) failures.push(`${example.text} (exit ${run.exitCode}):\n${run.stderr}${run.stdout}`)
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([])
  })

  it('the confirmation example really asks on a terminal and destroys', async () => {
    const host = await copyOf('zone')
    const env = {PATH: `${join(host.dir, 'bin')}:${host.env.PATH}`}
    const run = await host.run('script', ['-qec', 'zmgr zones destroy web01', '/dev/null'], {input: 'web01\n', env})
    expect(run.exitCode, run.stdout).to.equal(0)
    expect(run.stdout).to.include('Type the zone name (web01) to confirm').and.include('zone web01 destroyed')
    expect(host.state().zones.map((zone) => zone.name)).to.not.include('web01')
  })
})
