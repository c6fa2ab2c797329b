// pkg(1), the publisher subset: `pkg [-R root] publisher | set-publisher |
// unset-publisher`. A zone's image is `<zonepath>/root`; `/` is the global zone.
import {normalize} from 'node:path'
import {faultPoint} from '../faults.js'
import {getopt} from '../getopt.js'
import {Exit, processConsole, runProcess, type Console} from '../io.js'
import {Store} from '../store.js'
import {privileged, simUser} from '../rbac.js'
import {stateAtLeast, type Publisher} from '../types.js'

const EXIT_BADOPT = 2

/** A package image: its publishers and how to save them. */
interface Image {
  /** Zone name, or `global`. */
  zone: string
  publishers: Publisher[]
  save(publishers: Publisher[]): void
}

function fail(console: Console, message: string, code = 1): never {
  console.err(`${message}\n`)
  throw new Exit(code)
}

function usage(console: Console, subcommand?: string): never {
  const lines = [
    'Usage:',
    '        pkg [options] command [cmd_options] [operands]',
    '',
    'Basic subcommands:',
    '        pkg publisher [-HPn] [-F format] [publisher ...]',
    '        pkg set-publisher [-Ped] [-k ssl_key] [-c ssl_cert]',
    '            [-g origin_to_add|--add-origin=origin_to_add ...]',
    '            [-G origin_to_remove|--remove-origin=origin_to_remove ...]',
    '            [-m mirror_to_add|--add-mirror=mirror_to_add ...]',
    '            [-M mirror_to_remove|--remove-mirror=mirror_to_remove ...]',
    '            [--search-first] [--non-sticky | --sticky] publisher',
    '        pkg unset-publisher publisher ...',
    '',
    'Options:',
    '        -R dir',
  ]
  fail(console, (subcommand ? `pkg ${subcommand}: invalid arguments\n` : '') + lines.join('\n'), EXIT_BADOPT)
}

/** Resolves `-R`: the global zone, or an installed zone's `<zonepath>/root`. */
function openImage(store: Store, root: string, console: Console): Image {
  const wanted = normalize(`${root}/`)
  if (wanted === '/')
    return {
      zone: 'global',
      publishers: store.host().publishers,
      save: publishers => store.withGlobalLock(() => store.updateHost(host => void (host.publishers = publishers))),
    }
  const zone = store
    .zones()
    .find(
      z =>
        stateAtLeast(z.state, 'installed') &&
        normalize(`${z.config.props.zonepath ?? ''}/root/`) === wanted &&
        store.flavour().ipsBrands.includes(z.config.props.brand ?? ''),
    )
  if (!zone) fail(console, `pkg: No image rooted at '${root}'`)
  return {
    zone: zone.name,
    publishers: zone.publishers,
    save: publishers => store.saveZone({...store.zone(zone.name)!, publishers}),
  }
}

function listPublishers(image: Image, args: string[], console: Console): number {
  const parsed = getopt(args, 'HPnF:')
  if (parsed.error) usage(console, 'publisher')
  const flags = new Set(parsed.options.map(([f]) => f))
  const format = parsed.options.find(([f]) => f === 'F')?.[1] ?? 'default'
  if (format !== 'default' && format !== 'tsv') fail(console, `pkg publisher: Invalid format specified: '${format}'`, EXIT_BADOPT)
  let publishers = image.publishers.filter(p => !flags.has('n') || p.enabled)
  if (flags.has('P')) publishers = publishers.slice(0, 1)
  const unknown = parsed.operands.filter(name => !publishers.some(p => p.name === name))
  if (unknown.length > 0) fail(console, `pkg publisher: Unknown publisher '${unknown[0]}'.`)
  if (parsed.operands.length > 0) publishers = publishers.filter(p => parsed.operands.includes(p.name))
  const rows = publishers.flatMap(p => [
    ...p.origins.map(uri => ({p, type: 'origin', uri})),
    ...p.mirrors.map(uri => ({p, type: 'mirror', uri})),
  ])
  let text = ''
  if (format === 'tsv') {
    if (!flags.has('H')) text += 'PUBLISHER\tSTICKY\tSYSPUB\tENABLED\tTYPE\tSTATUS\tURI\tPROXY\n'
    for (const {p, type, uri} of rows) text += `${p.name}\t${p.sticky}\tfalse\t${p.enabled}\t${type}\tonline\t${uri}\t-\n`
  } else {
    const line = (name: string, type: string, status: string, proxied: string, location: string): string =>
      `${name.padEnd(27)} ${type.padEnd(8)} ${status.padEnd(6)} ${proxied} ${location}\n`
    if (!flags.has('H')) text += line('PUBLISHER', 'TYPE', 'STATUS', 'P', 'LOCATION')
    for (const {p, type, uri} of rows) text += line(p.name, type, p.enabled ? 'online' : 'disabled', 'F', uri)
  }
  console.out(text)
  return 0
}

function setPublisher(image: Image, args: string[], console: Console): number {
  // Long options pkg(1) accepts as spelled-out forms of the short ones.
  const long: Record<string, string> = {'--search-first': '-P', '--enable': '-e', '--disable': '-d'}
  const expanded = args.flatMap(a => {
    const eq = /^--(add-origin|remove-origin|add-mirror|remove-mirror)=(.*)$/.exec(a)
    if (eq) return [{'add-origin': '-g', 'remove-origin': '-G', 'add-mirror': '-m', 'remove-mirror': '-M'}[eq[1]!]!, eq[2]!]
    if (a === '--non-sticky' || a === '--sticky') return [a === '--sticky' ? '-S' : '-N']
    return [long[a] ?? a]
  })
  const parsed = getopt(expanded, 'PedSNg:G:m:M:O:k:c:')
  if (parsed.error || parsed.operands.length !== 1) usage(console, 'set-publisher')
  const name = parsed.operands[0]!
  const publishers = structuredClone(image.publishers)
  let publisher = publishers.find(p => p.name === name)
  if (!publisher) {
    if (!parsed.options.some(([f]) => f === 'g' || f === 'O'))
      fail(console, `pkg set-publisher: publisher '${name}' does not exist; an origin (-g or -O) is required to add it.`)
    publisher = {name, origins: [], mirrors: [], sticky: true, enabled: true}
    publishers.push(publisher)
  }
  for (const [flag, value] of parsed.options) {
    const uri = value.endsWith('/') || value === '*' ? value : `${value}/`
    if (flag === 'g' && !publisher.origins.includes(uri)) publisher.origins.push(uri)
    if (flag === 'G') {
      if (uri !== '*' && !publisher.origins.includes(uri))
        fail(console, `pkg set-publisher: The origin '${value}' does not exist for publisher '${name}'.`)
      publisher.origins = uri === '*' ? [] : publisher.origins.filter(o => o !== uri)
    }
    if (flag === 'O') publisher.origins = [uri]
    if (flag === 'm' && !publisher.mirrors.includes(uri)) publisher.mirrors.push(uri)
    if (flag === 'M') publisher.mirrors = publisher.mirrors.filter(m => m !== uri)
    if (flag === 'e') publisher.enabled = true
    if (flag === 'd') publisher.enabled = false
    if (flag === 'S') publisher.sticky = true
    if (flag === 'N') publisher.sticky = false
  }
  if (parsed.options.some(([f]) => f === 'P')) publishers.unshift(...publishers.splice(publishers.indexOf(publisher), 1))
  image.save(publishers)
  return 0
}

function unsetPublisher(image: Image, args: string[], console: Console): number {
  if (args.length === 0) usage(console, 'unset-publisher')
  const unknown = args.find(name => !image.publishers.some(p => p.name === name))
  if (unknown !== undefined) fail(console, `pkg unset-publisher: Unknown publisher '${unknown}'.`)
  image.save(image.publishers.filter(p => !args.includes(p.name)))
  return 0
}

const SUBCOMMANDS: Record<string, (image: Image, args: string[], console: Console) => number> = {
  publisher: listPublishers,
  'set-publisher': setPublisher,
  'unset-publisher': unsetPublisher,
}

export function pkg(args: string[], console: Console = processConsole): number {
  const parsed = getopt(args, 'R:')
  if (parsed.error) usage(console)
  const root = parsed.options.find(([f]) => f === 'R')?.[1] ?? process.env.PKG_IMAGE ?? '/'
  const [subcommand, ...rest] = parsed.operands
  if (subcommand === undefined) usage(console)
  const handler = SUBCOMMANDS[subcommand]
  if (!handler) fail(console, `pkg: unknown subcommand '${subcommand}'`, EXIT_BADOPT)
  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    fail(console, `pkg: ${(error as Error).message}`)
  }
  const image = openImage(store, root, console)
  // pkg -R on a zone image, and any change to the global zone's, need uid 0 (Software Installation runs pkg as uid 0).
  if (subcommand !== 'publisher' && !privileged(simUser(store), 'pkg'))
    fail(console, `pkg: Could not operate on ${root}\nbecause of insufficient permissions. Please try the command again as a privileged user.`)
  const run = (): number => {
    faultPoint(store, {command: 'pkg', subcommands: [subcommand], target: image.zone}, console)
    return handler(openImage(store, root, console), rest, console)
  }
  return image.zone === 'global' ? run() : store.withZoneLock(image.zone, run)
}

export function main(): void {
  runProcess(args => pkg(args))
}
