// The hostile-input generator of the stress suite: malformed KDL of every
// file kind, names with shell and path characters, bad flag values and
// hostile file types, each paired with a command that reads what it broke.
import {execFileSync} from 'node:child_process'
import {mkdir, readdir, readFile, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'

export interface BadCase {
  id: string
  kind: 'kdl' | 'name' | 'flag' | 'filetype'
  /** What the case does, for the report. */
  what: string
  /** Prepares the root (writes the broken file); none for names and flags. */
  setup?: (root: string) => Promise<void>
  args: string[]
}

/** A small deterministic generator (mulberry32), so a failing case can be run again by its id. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Mutation = (text: string, rnd: () => number) => {text: string | Buffer; what: string}

const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1))
const JUNK = [
  '{',
  '}',
  '"',
  '\\',
  '/',
  '#',
  '=',
  ';',
  '(',
  ')',
  '\n',
  '\u0000',
  '\u202e',
  '/-',
  '#true',
  '#nan',
  'r#"',
  '"""',
  '\t',
  '\u00a0',
]

const MUTATIONS: Mutation[] = [
  (t, r) => {
    const p = at(t, r)
    return {text: t.slice(0, p), what: `truncated at ${p}`}
  },
  (t, r) => {
    const p = at(t, r)
    const junk = JUNK[Math.floor(r() * JUNK.length)]
    return {text: t.slice(0, p) + junk + t.slice(p), what: `${JSON.stringify(junk)} inserted at ${p}`}
  },
  (t, r) => {
    const p = Math.floor(r() * t.length)
    return {text: t.slice(0, p) + t.slice(p + 1), what: `character ${p} deleted`}
  },
  (t, r) => {
    const lines = t.split('\n')
    const i = Math.floor(r() * lines.length)
    lines.splice(i, 0, lines[i])
    return {text: lines.join('\n'), what: `line ${i + 1} repeated`}
  },
  (t, r) => {
    const lines = t.split('\n')
    const i = Math.floor(r() * lines.length)
    lines.splice(i, 1)
    return {text: lines.join('\n'), what: `line ${i + 1} removed`}
  },
  (t) => ({text: t.replace(/#true|#false/, '"yes"').replace(/"(\d[^"]*)"/, '$1x'), what: 'a value of the wrong type'}),
  (t) => ({text: t.replace(/^(\s*)(\w[\w-]*)/m, '$1$2-typo'), what: 'a node name misspelt'}),
  (t) => ({text: t.replace(/(\w[\w-]*)=/, '$1x='), what: 'a property name misspelt'}),
  (t) => ({text: t.replace(/^(\w+) "[^"]*"/m, '$1 "other-name"'), what: 'the name differs from the file name'}),
  () => ({text: '', what: 'emptied'}),
  (t) => ({
    text: t
      .split('\n')
      .map((line) => `// ${line}`)
      .join('\n'),
    what: 'commented out',
  }),
  (t) => ({text: `/-${t}`, what: 'slash-dash commented'}),
  (t) => ({text: `\ufeff${t}`, what: 'byte order mark'}),
  (t) => ({text: t.replace(/\n/g, '\r\n'), what: 'CRLF line ends'}),
  (t) => ({
    text: Buffer.concat([Buffer.from(t.slice(0, 10)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(t.slice(10))]),
    what: 'invalid UTF-8',
  }),
  () => ({text: `${'x {\n'.repeat(5000)}${'}\n'.repeat(5000)}`, what: 'nested 5000 deep'}),
  (t) => ({text: t.replace(/"([^"]*)"/, `"${'A'.repeat(1_000_000)}"`), what: 'a 1 MB string'}),
  (t) => ({text: t.replace(/\d+/, '99999999999999999999999'), what: 'a huge number'}),
  (t) => ({text: `${t}\n${t}`, what: 'the node twice'}),
  (t) => ({text: t.replace(/"([^"]*)"/, '"$1\u0000"'), what: 'a NUL in a string'}),
]

/** The files of a fresh starter root plus one zone, and the commands that read each kind. */
const TARGETS: Array<{file: string; commands: string[][]}> = [
  {file: 'config.kdl', commands: [['config', 'show'], ['zones', 'create', 'zz01', '--dry-run'], ['validate']]},
  {
    file: 'templates/oi.kdl',
    commands: [
      ['templates', 'show', 'oi'],
      ['zones', 'create', 'zz01', '--no-boot'],
      ['templates', 'edit', 'oi', '--memory', '4G'],
      ['validate'],
    ],
  },
  {
    file: 'pools/public.kdl',
    commands: [
      ['pools', 'show', 'public'],
      ['zones', 'create', 'zz01', '--no-boot'],
      ['pools', 'edit', 'public', '--reserve', '192.0.2.160'],
      ['validate'],
    ],
  },
  {
    file: 'publishers/openindiana.org.kdl',
    commands: [
      ['publishers', 'list'],
      ['zones', 'create', 'zz01', '--no-boot'],
      ['publishers', 'remove', 'openindiana.org'],
      ['validate'],
    ],
  },
  {
    file: 'zones/base01.kdl',
    commands: [
      ['zones', 'list'],
      ['zones', 'create', 'zz01', '--no-boot'],
      ['pools', 'allocations', 'public'],
      ['zones', 'halt', 'base01'],
      ['zones', 'destroy', 'base01', '--yes'],
      ['validate'],
    ],
  },
]

const BAD_NAMES = [
  '../escape',
  'a/b',
  '$(id)',
  '`id`',
  'a;rm -rf x',
  'a b',
  '-x',
  '--help',
  '',
  '.',
  '..',
  'a\nb',
  'ä',
  `${'n'.repeat(64)}`,
  'global',
  'SUNWx',
  'a*',
  'a?',
  '~root',
  '%2e%2e',
  // No NUL: execve cannot pass one in an argument, so no caller can give zmgr such a name.
  ' lead',
  'x'.repeat(300),
  '/abs',
]

/** Commands that take a name, with the rest of their arguments. */
const NAMED: Array<(name: string) => string[]> = [
  (n) => ['zones', 'create', n, '--no-boot'],
  (n) => ['zones', 'destroy', n, '--yes'],
  (n) => ['zones', 'boot', n],
  (n) => ['zones', 'show', n],
  (n) => ['templates', 'create', n, '--brand', 'ipkg'],
  (n) => ['templates', 'edit', n, '--memory', '2G'],
  (n) => ['pools', 'create', n, '--network', '198.51.100.0/24'],
  (n) => ['pools', 'show', n],
  (n) => ['publishers', 'add', n, '--origin', 'https://pkg.example.org/'],
  (n) => ['publishers', 'remove', n],
  (n) => ['import', n],
  (n) => ['zones', 'create', 'zz01', '--template', n, '--no-boot'],
]

const BAD_FLAGS: string[][] = [
  ['zones', 'create', 'zz01', '--address', 'public=not-an-ip'],
  ['zones', 'create', 'zz01', '--address', 'public=192.0.2.1'],
  ['zones', 'create', 'zz01', '--address', 'public=10.0.0.1'],
  ['zones', 'create', 'zz01', '--address', 'public=192.0.2.100'],
  ['zones', 'create', 'zz01', '--address', 'nonet=192.0.2.120'],
  ['zones', 'create', 'zz01', '--address', '=192.0.2.120'],
  ['zones', 'create', 'zz01', '--address', 'public=192.0.2.120/8'],
  ['zones', 'create', 'zz01', '--address', 'public=2001:db8::1'],
  ['zones', 'create', 'zz01', '--template', 'missing'],
  ['zones', 'create', 'zz01', '--bogus'],
  ['zones', 'create'],
  ['pools', 'create', 'p1', '--network', '192.0.2.0/33'],
  ['pools', 'create', 'p1', '--network', '192.0.2.5/24'],
  ['pools', 'create', 'p1', '--network', 'banana'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--range', '10.0.0.9-10.0.0.1'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--range', '10.0.1.1-10.0.1.9'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--vlan', '0'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--vlan', '4095'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--vlan', 'abc'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--gateway', '10.0.1.1'],
  ['pools', 'create', 'p1', '--network', '10.0.0.0/24', '--resolver', 'dns'],
  ['pools', 'edit', 'public', '--remove-range', '1.2.3.4-1.2.3.5'],
  ['pools', 'edit', 'public', '--network', '192.0.2.0/28'],
  ['pools', 'edit', 'public'],
  ['pools', 'delete', 'public'],
  ['templates', 'create', 't1', '--brand', 'nosuchbrand'],
  ['templates', 'create', 't1', '--brand', 'ipkg', '--ip-type', 'both'],
  ['templates', 'create', 't1', '--brand', 'ipkg', '--net', 'garbage'],
  ['templates', 'create', 't1', '--brand', 'ipkg', '--memory', 'lots'],
  ['templates', 'edit', 'oi', '--remove-net', 'nonet'],
  ['templates', 'edit', 'oi', '--remove-publisher', 'nopub'],
  ['templates', 'delete', 'oi'],
  ['publishers', 'add', 'p1', '--origin', 'not a uri'],
  ['publishers', 'add', 'p1'],
  ['zones', 'list', '-o', 'nosuchfield'],
  ['zones', 'list', '-s', 'nosuchfield'],
  ['zones', 'destroy', 'base01'],
  ['zones', 'halt', 'nosuchzone'],
  ['init', '--distribution', 'windows'],
  ['validate', '--bogus'],
]

/** Hostile things where a registry file should be. */
const FILETYPES: Array<{what: string; make: (path: string) => Promise<void>}> = [
  {what: 'a directory', make: async (p) => void (await mkdir(p, {recursive: true}))},
  {what: 'a FIFO', make: async (p) => void execFileSync('mkfifo', [p])},
  {what: 'a symlink to /etc/passwd', make: (p) => symlink('/etc/passwd', p)},
  {what: 'a symlink outside the root', make: (p) => symlink('/tmp', p)},
  {what: 'a dangling symlink', make: (p) => symlink('/nonexistent/zmgr', p)},
  {what: 'a symlink loop', make: async (p) => symlink(p, p)},
  {what: 'a 20 MB file', make: (p) => writeFile(p, `// ${'x'.repeat(20_000_000)}\n`)},
]

const FILETYPE_TARGETS: Array<{file: string; args: string[]}> = [
  {file: 'zones/evil.kdl', args: ['zones', 'create', 'zz01', '--no-boot']},
  {file: 'zones/evil.kdl', args: ['zones', 'list']},
  {file: 'pools/evil.kdl', args: ['pools', 'list']},
  {file: 'templates/evil.kdl', args: ['templates', 'list']},
  {file: 'publishers/evil.kdl', args: ['publishers', 'list']},
  {file: 'config.kdl', args: ['config', 'show']},
  {file: 'zones/base01.kdl', args: ['zones', 'destroy', 'base01', '--yes']},
  {file: 'templates/oi.kdl', args: ['zones', 'create', 'zz01', '--no-boot']},
  {file: '.locks', args: ['zones', 'create', 'zz01', '--no-boot']},
  {file: '.cache', args: ['zones', 'create', 'zz01', '--no-boot']},
  {file: 'zones', args: ['validate']},
]

async function mutated(
  root: string,
  file: string,
  mutation: Mutation,
  rnd: () => number,
): Promise<{text: string | Buffer; what: string}> {
  return mutation(await readFile(join(root, file), 'utf8'), rnd)
}

/**
 * `count` KDL cases (spread over every file kind, mutation and reading
 * command) followed by every bad name with every naming command, every bad
 * flag and every hostile file type: at least 500 in all when count >= 150.
 */
export function generateCases(baseRoot: string, count: number, seed = 12): BadCase[] {
  const rnd = random(seed)
  const cases: BadCase[] = []
  for (let i = 0; i < count; i++) {
    const target = TARGETS[i % TARGETS.length]
    const mutation = MUTATIONS[Math.floor(i / TARGETS.length) % MUTATIONS.length]
    const caseSeed = Math.floor(rnd() * 2 ** 31)
    const args = target.commands[i % target.commands.length]
    const id = `kdl-${i}`
    let what = ''
    cases.push({
      id,
      kind: 'kdl',
      get what() {
        return `${target.file} ${what}: zmgr ${args.join(' ')}`
      },
      setup: async (root) => {
        const result = await mutated(baseRoot, target.file, mutation, random(caseSeed))
        what = result.what
        await writeFile(join(root, target.file), result.text)
      },
      args,
    })
  }
  for (const name of BAD_NAMES)
    for (const [j, command] of NAMED.entries())
      cases.push({
        id: `name-${cases.length}-${j}`,
        kind: 'name',
        what: `name ${JSON.stringify(name)}: zmgr ${command(name).join(' ')}`,
        args: command(name),
      })
  for (const args of BAD_FLAGS)
    cases.push({id: `flag-${cases.length}`, kind: 'flag', what: `zmgr ${args.join(' ')}`, args})
  for (const type of FILETYPES) {
    for (const target of FILETYPE_TARGETS) {
      cases.push({
        id: `filetype-${cases.length}`,
        kind: 'filetype',
        what: `${target.file} is ${type.what}: zmgr ${target.args.join(' ')}`,
        setup: async (root) => {
          await rm(join(root, target.file), {recursive: true, force: true})
          await type.make(join(root, target.file))
        },
        args: target.args,
      })
    }
  }
  return cases
}

/** Every file under a folder with its bytes (symlinks by target, FIFOs by mode), for byte-for-byte comparison; `.cache/` is zmgr's to rewrite. */
export async function snapshotTree(folder: string, skip = new Set(['.cache'])): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, {withFileTypes: true}).catch(() => [])) {
      const path = join(dir, entry.name)
      const rel = relative(folder, path)
      if (skip.has(rel.split('/')[0])) continue
      // Folders themselves are not compared: an empty .locks/ left by a lock is no change to the registry.
      if (entry.isSymbolicLink()) out.set(rel, `symlink -> ${await readlink(path)}`)
      else if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) out.set(rel, (await readFile(path)).toString('base64'))
      else out.set(rel, `special ${(await stat(path)).mode}`)
    }
  }
  await walk(folder)
  return out
}

/** What differs between two snapshots (path: how). */
export function treeDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const diffs: string[] = []
  for (const [path, content] of before)
    if (!after.has(path)) diffs.push(`${path}: removed`)
    else if (after.get(path) !== content) diffs.push(`${path}: changed`)
  for (const path of after.keys()) if (!before.has(path)) diffs.push(`${path}: added`)
  return diffs
}
