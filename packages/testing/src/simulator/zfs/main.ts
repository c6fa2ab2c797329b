// zfs(8), the subset a zone manager and the brand scripts use: list, get,
// create, destroy, set. Messages and exit codes follow libzfs/zfs_main.c
// (1 for failures, 2 for usage errors).
import {faultPoint} from '../faults.js'
import {getopt, hasOption, optionValue, type ParsedOptions} from '../getopt.js'
import {Exit, processConsole, runProcess, type Console} from '../io.js'
import {Store} from '../store.js'
import type {Dataset} from '../types.js'
import {
  canonicalProperty,
  DatasetTable,
  isWithin,
  NATIVE_DEFAULTS,
  newDataset,
  niceNumber,
  parentName,
  parseSize,
  READ_ONLY,
  remount,
  validDatasetName,
} from './datasets.js'

const USAGE_ERROR = 2

const USAGES: Record<string, string> = {
  list:
    '\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n' +
    '\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n',
  get:
    '\tget [-rHp] [-d max] [-o "all" | field[,...]]\n' +
    '\t    [-t type[,...]] [-s source[,...]]\n' +
    '\t    <"all" | property[,...]> [filesystem|volume|snapshot|bookmark] ...\n',
  create:
    '\tcreate [-p] [-o property=value] ... <filesystem>\n\tcreate [-ps] [-b blocksize] [-o property=value] ... -V <size> <volume>\n',
  destroy: '\tdestroy [-fnpRrv] <filesystem|volume>\n',
  set: '\tset <property=value> ... <filesystem|volume|snapshot> ...\n',
}

function fail(console: Console, message: string, code = 1): never {
  console.err(`${message}\n`)
  throw new Exit(code)
}

function usage(console: Console, subcommand?: string): never {
  const text =
    subcommand === undefined
      ? `usage: zfs command args ...\nwhere 'command' is one of the following:\n\n${Object.values(USAGES).join('')}`
      : `usage:\n${USAGES[subcommand]}`
  fail(console, text.replace(/\n$/, ''), USAGE_ERROR)
}

/** Options parsed, or the usage text for a bad one (`invalid option 'x'` first, as zfs_main.c prints). */
function options(console: Console, subcommand: string, args: string[], optstring: string): ParsedOptions {
  const parsed = getopt(args, optstring)
  if (parsed.error?.kind === '?') {
    console.err(`invalid option '${parsed.error.flag}'\n`)
    usage(console, subcommand)
  }
  if (parsed.error?.kind === ':') {
    console.err(`missing argument for '${parsed.error.flag}' option\n`)
    usage(console, subcommand)
  }
  return parsed
}

/** `-o a,b` property lists, checked against what zfs knows. */
function propertyList(console: Console, subcommand: string, text: string, extra: string[] = []): string[] {
  return text.split(',').map((name) => {
    const canonical = extra.includes(name) ? name : canonicalProperty(name)
    if (canonical === undefined) {
      console.err(`bad property list: invalid property '${name}'\n`)
      usage(console, subcommand)
    }
    return canonical
  })
}

const SIZE_COLUMNS = new Set(['used', 'available', 'referenced', 'volsize'])

/** Column headers: upper-case, with zfs's short names. */
function header(property: string): string {
  const short: Record<string, string> = {available: 'AVAIL', referenced: 'REFER', compression: 'COMPRESS'}
  return short[property] ?? property.toUpperCase()
}

/** -H: TAB-separated; otherwise columns padded to their widest cell, numbers right-aligned, two spaces apart. */
function table(columns: string[], rows: string[][], scripted: boolean, numeric: (column: number) => boolean): string {
  if (scripted) return rows.map((r) => `${r.join('\t')}\n`).join('')
  const all = [columns, ...rows]
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  return all
    .map((row) =>
      row
        .map((cell, i) => {
          if (numeric(i) && row !== columns) return cell.padStart(widths[i]!)
          return i === row.length - 1 ? cell : cell.padEnd(widths[i]!)
        })
        .join('  '),
    )
    .map((line) => `${line}\n`)
    .join('')
}

/** Resolves dataset operands (with -r/-d) in list order; missing ones are reported and make the exit status 1. */
function selectDatasets(
  console: Console,
  datasets: DatasetTable,
  names: string[],
  depth: number | undefined,
  types: Set<string>,
): {selected: Dataset[]; failed: boolean} {
  let failed = false
  const selected: Dataset[] = []
  const within = (d: Dataset, root: string): boolean =>
    isWithin(d.name, root) && (depth === undefined || d.name.split('/').length - root.split('/').length <= depth)
  if (names.length === 0) return {selected: datasets.sorted().filter((d) => types.has(d.type)), failed}
  for (const name of names) {
    const dataset = datasets.get(name)
    if (!dataset) {
      console.err(
        `cannot open '${name}': ${validDatasetName(name) ? 'dataset does not exist' : 'invalid dataset name'}\n`,
      )
      failed = true
      continue
    }
    if (depth === 0) selected.push(dataset)
    else selected.push(...datasets.sorted().filter((d) => within(d, name) && (d === dataset || types.has(d.type))))
  }
  return {selected, failed}
}

function typeFilter(console: Console, subcommand: string, text: string | undefined): Set<string> {
  if (text === undefined) return new Set(['filesystem', 'volume'])
  const types = new Set<string>()
  for (const type of text.split(',')) {
    if (type === 'all') for (const t of ['filesystem', 'volume', 'snapshot', 'bookmark']) types.add(t)
    else if (['filesystem', 'volume', 'snapshot', 'snap', 'bookmark'].includes(type))
      types.add(type === 'snap' ? 'snapshot' : type)
    else {
      console.err(`invalid type '${type}'\n`)
      usage(console, subcommand)
    }
  }
  return types
}

function depthOption(console: Console, subcommand: string, parsed: ParsedOptions): number | undefined {
  const depth = optionValue(parsed, 'd')
  if (depth !== undefined) {
    if (!/^\d+$/.test(depth)) {
      console.err(`invalid depth '${depth}'\n`)
      usage(console, subcommand)
    }
    return Number(depth)
  }
  return hasOption(parsed, 'r') ? Infinity : 0
}

function list(store: Store, console: Console, args: string[]): number {
  const parsed = options(console, 'list', args, 'Hpo:rd:s:S:t:')
  const columns = propertyList(console, 'list', optionValue(parsed, 'o') ?? 'name,used,available,referenced,mountpoint')
  const types = typeFilter(console, 'list', optionValue(parsed, 't'))
  const depth = parsed.operands.length === 0 ? undefined : depthOption(console, 'list', parsed)
  const datasets = new DatasetTable(store.datasets())
  const {selected, failed} = selectDatasets(console, datasets, parsed.operands, depth, types)
  const exact = hasOption(parsed, 'p')
  const rows = selected.map((d) =>
    columns.map((c) => {
      const value = datasets.property(d, c).value
      return SIZE_COLUMNS.has(c) && !exact && /^\d+$/.test(value) ? niceNumber(Number(value)) : value
    }),
  )
  if (rows.length === 0 && parsed.operands.length === 0) console.err('no datasets available\n')
  else if (rows.length > 0)
    console.out(table(columns.map(header), rows, hasOption(parsed, 'H'), (i) => SIZE_COLUMNS.has(columns[i]!)))
  return failed ? 1 : 0
}

function get(store: Store, console: Console, args: string[]): number {
  const parsed = options(console, 'get', args, 'rHpd:o:t:s:')
  const [propertyText, ...names] = parsed.operands
  if (propertyText === undefined) {
    console.err('missing property argument\n')
    usage(console, 'get')
  }
  const fieldText = optionValue(parsed, 'o') ?? 'name,property,value,source'
  const fields = fieldText === 'all' ? ['name', 'property', 'value', 'source'] : fieldText.split(',')
  for (const field of fields)
    if (!['name', 'property', 'value', 'received', 'source'].includes(field)) {
      console.err(`invalid column name '${field}'\n`)
      usage(console, 'get')
    }
  const properties =
    propertyText === 'all'
      ? [...READ_ONLY, ...Object.keys(NATIVE_DEFAULTS)]
      : propertyList(console, 'get', propertyText)
  const datasets = new DatasetTable(store.datasets())
  const depth = depthOption(console, 'get', parsed)
  const types = typeFilter(console, 'get', optionValue(parsed, 't'))
  const {selected, failed} = selectDatasets(console, datasets, names, names.length === 0 ? undefined : depth, types)
  const exact = hasOption(parsed, 'p')
  const rows: string[][] = []
  for (const dataset of selected)
    for (const property of properties) {
      const {value, source} = datasets.property(dataset, property)
      const shown = SIZE_COLUMNS.has(property) && !exact && /^\d+$/.test(value) ? niceNumber(Number(value)) : value
      const cells: Record<string, string> = {name: dataset.name, property, value: shown, received: '-', source}
      rows.push(fields.map((f) => cells[f]!))
    }
  if (rows.length > 0)
    console.out(
      table(
        fields.map((f) => f.toUpperCase()),
        rows,
        hasOption(parsed, 'H'),
        () => false,
      ),
    )
  return failed ? 1 : 0
}

/** `-o name=value` assignments; read-only and unknown properties are refused as zfs does. */
function assignments(console: Console, subcommand: string, texts: string[], what: string): Record<string, string> {
  const local: Record<string, string> = {}
  for (const text of texts) {
    const at = text.indexOf('=')
    if (at < 0) {
      console.err(`missing '=' for ${subcommand === 'set' ? 'property=value' : '-o'} argument\n`)
      usage(console, subcommand)
    }
    const name = text.slice(0, at)
    const value = text.slice(at + 1)
    const canonical = canonicalProperty(name)
    const cannot = `cannot ${subcommand === 'set' ? 'set property for' : 'create'} '${what}'`
    if (canonical === undefined) fail(console, `${cannot}: invalid property '${name}'`)
    if (READ_ONLY.includes(canonical)) fail(console, `${cannot}: '${name}' is readonly`)
    if (canonical === 'mountpoint' && !(value === 'legacy' || value === 'none' || value.startsWith('/')))
      fail(console, `${cannot}: 'mountpoint' must be an absolute path, 'none', or 'legacy'`)
    if (canonical === 'canmount' && !['on', 'off', 'noauto'].includes(value))
      fail(console, `${cannot}: 'canmount' must be one of 'on | off | noauto'`)
    local[canonical] = value
  }
  return local
}

function create(store: Store, console: Console, args: string[]): number {
  const parsed = options(console, 'create', args, 'pso:V:b:')
  const name = parsed.operands[0]
  if (name === undefined) {
    console.err('missing filesystem argument\n')
    usage(console, 'create')
  }
  if (parsed.operands.length > 1) {
    console.err('too many arguments\n')
    usage(console, 'create')
  }
  const size = optionValue(parsed, 'V')
  const local = assignments(
    console,
    'create',
    parsed.options.filter(([f]) => f === 'o').map(([, v]) => v),
    name,
  )
  if (size !== undefined) {
    if (Number.isNaN(parseSize(size))) fail(console, `bad volume size '${size}': invalid numeric value`)
    local.volsize = size.toUpperCase()
  }
  if (!validDatasetName(name)) fail(console, `cannot create '${name}': invalid character in name`)
  const parent = parentName(name)
  if (parent === undefined) fail(console, `cannot create '${name}': missing dataset name`)
  faultPoint(store, {command: 'zfs', subcommands: ['create'], target: name}, console)
  return store.updateDatasets((all) => {
    const datasets = new DatasetTable(all)
    if (datasets.get(name)) fail(console, `cannot create '${name}': dataset already exists`)
    const missing: string[] = []
    for (let p: string | undefined = parent; p !== undefined && !datasets.get(p); p = parentName(p)) missing.unshift(p)
    if (missing.length > 0 && (!hasOption(parsed, 'p') || !datasets.get(missing[0]!.split('/')[0]!)))
      fail(
        console,
        `cannot create '${name}': ${datasets.get(name.split('/')[0]!) ? 'parent does not exist' : 'no such pool'}`,
      )
    for (const ancestor of missing) all.push(newDataset(new DatasetTable(all), ancestor, 'filesystem', {}))
    if (datasets.get(parent)?.type === 'volume') fail(console, `cannot create '${name}': parent is not a filesystem`)
    all.push(newDataset(new DatasetTable(all), name, size === undefined ? 'filesystem' : 'volume', local))
    return 0
  })
}

function destroy(store: Store, console: Console, args: string[]): number {
  const parsed = options(console, 'destroy', args, 'fnpRrv')
  const name = parsed.operands[0]
  if (name === undefined || parsed.operands.length > 1) {
    console.err(name === undefined ? 'missing dataset argument\n' : 'too many arguments\n')
    usage(console, 'destroy')
  }
  faultPoint(store, {command: 'zfs', subcommands: ['destroy'], target: name}, console)
  return store.updateDatasets((all) => {
    const datasets = new DatasetTable(all)
    if (!datasets.get(name)) fail(console, `cannot open '${name}': dataset does not exist`)
    if (!name.includes('/'))
      fail(
        console,
        `cannot destroy '${name}': operation does not apply to pools\n` +
          `use 'zfs destroy -r ${name}' to destroy all datasets in the pool\nuse 'zpool destroy ${name}' to destroy the pool itself`,
      )
    const children = datasets.descendants(name)
    if (children.length > 0 && !hasOption(parsed, 'r') && !hasOption(parsed, 'R'))
      fail(
        console,
        `cannot destroy '${name}': filesystem has children\nuse '-r' to destroy the following datasets:\n` +
          children.map((c) => c.name).join('\n'),
      )
    const busy = [datasets.get(name)!, ...children].find((d) => d.mounted && datasets.mountpoint(d) === 'legacy')
    if (busy && !hasOption(parsed, 'f')) fail(console, `cannot unmount '${busy.name}': Device busy`)
    if (!hasOption(parsed, 'n')) all.splice(0, all.length, ...all.filter((d) => !isWithin(d.name, name)))
    return 0
  })
}

function set(store: Store, console: Console, args: string[]): number {
  const parsed = options(console, 'set', args, '')
  const pairs = parsed.operands.filter((a) => a.includes('='))
  const names = parsed.operands.slice(pairs.length)
  if (pairs.length === 0 || names.length === 0 || names.some((n) => n.includes('='))) {
    console.err(pairs.length === 0 ? 'missing property=value argument(s)\n' : 'missing dataset name(s)\n')
    usage(console, 'set')
  }
  faultPoint(store, {command: 'zfs', subcommands: ['set'], target: names[0]}, console)
  let status = 0
  store.updateDatasets((all) => {
    for (const name of names) {
      const datasets = new DatasetTable(all)
      const dataset = datasets.get(name)
      if (!dataset) {
        console.err(`cannot open '${name}': dataset does not exist\n`)
        status = 1
        continue
      }
      const changes = assignments(console, 'set', pairs, name)
      Object.assign(dataset.local, changes)
      for (const affected of [dataset, ...datasets.descendants(name)])
        remount(datasets, affected, 'mountpoint' in changes)
    }
  })
  return status
}

export function zfs(args: string[], console: Console = processConsole): number {
  const [subcommand, ...rest] = args
  if (subcommand === undefined) usage(console)
  if (subcommand === '-?' || subcommand === 'help') {
    console.out(
      `usage: zfs command args ...\nwhere 'command' is one of the following:\n\n${Object.values(USAGES).join('')}`,
    )
    return 0
  }
  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    return fail(console, `zfs: ${(error as Error).message}`)
  }
  switch (subcommand) {
    case 'list':
      faultPoint(store, {command: 'zfs', subcommands: ['list']}, console)
      return list(store, console, rest)
    case 'get':
      faultPoint(store, {command: 'zfs', subcommands: ['get']}, console)
      return get(store, console, rest)
    case 'create':
      return create(store, console, rest)
    case 'destroy':
      return destroy(store, console, rest)
    case 'set':
      return set(store, console, rest)
    default:
      console.err(`unrecognized command '${subcommand}'\n`)
      return usage(console)
  }
}

export function main(): void {
  runProcess((args) => zfs(args))
}
