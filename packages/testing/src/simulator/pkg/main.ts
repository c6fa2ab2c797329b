// pkg(1), the subset a zone manager uses: `pkg [-R root] publisher |
// set-publisher | unset-publisher | list-linked | pubcheck-linked`. A zone's
// image is `<zonepath>/root`; `/` is the global zone (see images.ts).
import {faultPoint} from '../faults.js'
import {getopt, hasOption} from '../getopt.js'
import {Exit, processConsole, runProcess, type Console} from '../io.js'
import {Store} from '../store.js'
import {privileged, simUser} from '../rbac.js'
import type {Publisher} from '../types.js'
import {globalImage, linkedChildren, linkedPublisherProblem, openImage, withSlash, type Image} from './images.js'

const EXIT_BADOPT = 2

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
    '            [--search-first] [--non-sticky | --sticky]',
    '            [-r [-z zonename ... | -Z zonename ...]] publisher',
    '        pkg unset-publisher publisher ...',
    '        pkg list-linked [-H]',
    '        pkg pubcheck-linked',
    '',
    'Options:',
    '        -R dir',
  ]
  fail(console, (subcommand ? `pkg ${subcommand}: invalid arguments\n` : '') + lines.join('\n'), EXIT_BADOPT)
}

function listPublishers(image: Image, args: string[], console: Console): number {
  const parsed = getopt(args, 'HPnF:')
  if (parsed.error) usage(console, 'publisher')
  const flags = new Set(parsed.options.map(([f]) => f))
  const format = parsed.options.find(([f]) => f === 'F')?.[1] ?? 'default'
  if (format !== 'default' && format !== 'tsv')
    fail(console, `pkg publisher: Invalid format specified: '${format}'`, EXIT_BADOPT)
  let publishers = image.publishers.filter((p) => !flags.has('n') || p.enabled)
  if (flags.has('P')) publishers = publishers.slice(0, 1)
  const unknown = parsed.operands.filter((name) => !publishers.some((p) => p.name === name))
  if (unknown.length > 0) fail(console, `pkg publisher: Unknown publisher '${unknown[0]}'.`)
  if (parsed.operands.length > 0) publishers = publishers.filter((p) => parsed.operands.includes(p.name))
  // client_api.py `_publisher_list`: origins sorted by URI, then mirrors; a publisher with neither gets one empty row.
  // ENABLED/STATUS of an origin row are the origin's own (origins are never disabled here), not the publisher's.
  const rows = publishers.flatMap((p) => {
    const enabled = p.origins.length > 0 || p.enabled
    const origins = [...p.origins]
      .sort()
      .map((uri) => ({p, enabled: true, type: 'origin', status: 'online', uri, proxy: '-'}))
    const mirrors = p.mirrors.map((uri) => ({p, enabled, type: 'mirror', status: 'online', uri, proxy: '-'}))
    const rows = [...origins, ...mirrors]
    return rows.length > 0 ? rows : [{p, enabled: p.enabled, type: '', status: '', uri: '', proxy: ''}]
  })
  let text = ''
  if (format === 'tsv') {
    if (!flags.has('H')) text += 'PUBLISHER\tSTICKY\tSYSPUB\tENABLED\tTYPE\tSTATUS\tURI\tPROXY\n'
    for (const r of rows)
      text += `${r.p.name}\t${r.p.sticky}\tfalse\t${r.enabled}\t${r.type}\t${r.status}\t${r.uri}\t${r.proxy}\n`
  } else {
    const line = (name: string, type: string, status: string, proxied: string, location: string): string =>
      `${name.padEnd(27)} ${type.padEnd(8)} ${status.padEnd(6)} ${proxied} ${location}\n`
    if (!flags.has('H')) text += line('PUBLISHER', 'TYPE', 'STATUS', 'P', 'LOCATION')
    for (const r of rows) {
      const attrs = [...(r.p.sticky ? [] : ['non-sticky']), ...(r.p.enabled ? [] : ['disabled'])]
      const name = attrs.length > 0 ? `${r.p.name} (${attrs.join(', ')})` : r.p.name
      text += line(name, r.type, r.status, r.type ? 'F' : '', r.uri)
    }
  }
  console.out(text)
  return 0
}

/** What one `set-publisher` asks for, parsed once and applied to the image and, with -r, to linked children. */
interface PublisherChange {
  name: string
  originUri?: string
  addOrigins: string[]
  removeOrigins: string[]
  addMirrors: string[]
  removeMirrors: string[]
  enable?: boolean
  sticky?: boolean
  searchFirst: boolean
  /** -r: also linked children; -z only these, -Z all but these. */
  recurse?: {only: string[]; except: string[]}
}

function parseSetPublisher(args: string[], console: Console): PublisherChange {
  // Long options pkg(1) accepts as spelled-out forms of the short ones.
  const long: Record<string, string> = {'--search-first': '-P', '--enable': '-e', '--disable': '-d'}
  const expanded = args.flatMap((a) => {
    const eq = /^--(add-origin|remove-origin|add-mirror|remove-mirror)=(.*)$/.exec(a)
    if (eq)
      return [{'add-origin': '-g', 'remove-origin': '-G', 'add-mirror': '-m', 'remove-mirror': '-M'}[eq[1]!]!, eq[2]!]
    if (a === '--non-sticky' || a === '--sticky') return [a === '--sticky' ? '-S' : '-N']
    return [long[a] ?? a]
  })
  const parsed = getopt(expanded, 'PedSNg:G:m:M:O:k:c:rz:Z:')
  if (parsed.error || parsed.operands.length !== 1) usage(console, 'set-publisher')
  const values = (flag: string): string[] => parsed.options.filter(([f]) => f === flag).map(([, v]) => v)
  const only = values('z')
  const except = values('Z')
  if ((only.length > 0 || except.length > 0) && !hasOption(parsed, 'r')) usage(console, 'set-publisher')
  if (only.length > 0 && except.length > 0) usage(console, 'set-publisher')
  const last = (flag: string): string | undefined => values(flag).at(-1)
  const change: PublisherChange = {
    name: parsed.operands[0]!,
    addOrigins: values('g'),
    removeOrigins: values('G'),
    addMirrors: values('m'),
    removeMirrors: values('M'),
    searchFirst: hasOption(parsed, 'P'),
  }
  if (last('O') !== undefined) change.originUri = last('O')
  if (hasOption(parsed, 'e') || hasOption(parsed, 'd')) change.enable = !hasOption(parsed, 'd')
  if (hasOption(parsed, 'S') || hasOption(parsed, 'N')) change.sticky = !hasOption(parsed, 'N')
  if (hasOption(parsed, 'r')) change.recurse = {only, except}
  return change
}

/**
 * client_api.py `_add_update_pub` on a copy of the image's publishers: the
 * updated list, or pkg's reason for refusing (then nothing changes). -O
 * replaces the origins; removals (`*` = all) come before additions, so
 * `-G '*' -g URI` always succeeds; an origin or mirror already there is an
 * error. URIs compare with a trailing `/` added.
 */
function applyChange(current: Publisher[], change: PublisherChange): Publisher[] | string {
  const publishers = structuredClone(current)
  let publisher = publishers.find((p) => p.name === change.name)
  if (!publisher) {
    const removes = change.removeOrigins.length + change.removeMirrors.length + change.addMirrors.length > 0
    if (change.originUri === undefined && change.addOrigins.length === 0) {
      if (removes) return `Unknown publisher '${change.name}'.`
      // [inf] pkg creates a publisher without repositories, which then fails its catalog refresh.
      return `pkg set-publisher: publisher '${change.name}' does not exist; an origin (-g or -O) is required to add it.`
    }
    publisher = {name: change.name, origins: [], mirrors: [], sticky: true, enabled: true}
    publishers.push(publisher)
  }
  if (change.sticky !== undefined) publisher.sticky = change.sticky
  if (change.originUri !== undefined) publisher.origins = [withSlash(change.originUri)]
  for (const [kind, list, add, remove] of [
    ['mirror', publisher.mirrors, change.addMirrors, change.removeMirrors],
    ['origin', publisher.origins, change.addOrigins, change.removeOrigins],
  ] as const) {
    const uris = list as string[]
    if (remove.includes('*')) uris.length = 0
    else
      for (const uri of remove.map(withSlash)) {
        const at = uris.indexOf(uri)
        if (at < 0)
          return kind === 'origin' ? `\nUnknown repository origin '${uri}'` : `\nUnknown repository mirror '${uri}'.`
        uris.splice(at, 1)
      }
    for (const uri of add.map(withSlash)) {
      if (uris.includes(uri))
        return `\n${kind === 'origin' ? 'Origin' : 'Mirror'} '${uri}' already exists for the specified publisher.`
      uris.push(uri)
    }
  }
  if (change.enable !== undefined) publisher.enabled = change.enable
  if (change.searchFirst) publishers.unshift(...publishers.splice(publishers.indexOf(publisher), 1))
  return publishers
}

function setPublisher(image: Image, args: string[], console: Console, store: Store): number {
  const change = parseSetPublisher(args, console)
  const updated = applyChange(image.publishers, change)
  if (typeof updated === 'string') fail(console, updated)
  image.save(updated)
  if (!change.recurse || image.zone !== 'global') return 0
  // client.py `publisher_set` with -r: the same change in each selected linked child; a child's refusal is reported, the rest go on.
  const {only, except} = change.recurse
  let status = 0
  for (const child of linkedChildren(store)) {
    if ((only.length > 0 && !only.includes(child.zone)) || except.includes(child.zone)) continue
    store.withZoneLock(child.zone, () => {
      const result = applyChange(child.publishers, change)
      if (typeof result === 'string') {
        console.err(`${result}\n`)
        status = 1
      } else child.save(result)
    })
  }
  return status
}

function unsetPublisher(image: Image, args: string[], console: Console): number {
  if (args.length === 0) usage(console, 'unset-publisher')
  const unknown = args.find((name) => !image.publishers.some((p) => p.name === name))
  if (unknown !== undefined) fail(console, `pkg unset-publisher: Unknown publisher '${unknown}'.`)
  image.save(image.publishers.filter((p) => !args.includes(p.name)))
  return 0
}

/**
 * client.py `list_linked`: NAME, RELATIONSHIP, PATH, each column as wide as
 * its widest value or header (the last one too), joined by TABs; nothing at
 * all for an image that is not linked. Children are the installed zones of
 * linked brands; a child lists itself only ([inf]: its parent path is left out).
 */
function listLinked(image: Image, args: string[], console: Console, store: Store): number {
  const parsed = getopt(args, 'H')
  if (parsed.error || parsed.operands.length > 0) usage(console, 'list-linked')
  const rows: string[][] =
    image.zone === 'global'
      ? linkedChildren(store).map((child) => [`zone:${child.zone}`, 'child', child.root])
      : image.linked
        ? [[`zone:${image.zone}`, 'self', image.root]]
        : []
  if (rows.length === 0) return 0
  if (image.zone === 'global') rows.unshift(['-', 'self', '/'])
  const header = ['NAME', 'RELATIONSHIP', 'PATH']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]): string => `${cells.map((c, i) => c.padEnd(widths[i]!)).join('\t')}\n`
  console.out((hasOption(parsed, 'H') ? '' : line(header)) + rows.map(line).join(''))
  return 0
}

/**
 * client.py `pubcheck_linked`: in a linked child, the check pkg runs before
 * every install or update (CONTRACT §6.1); in the global zone, the same check
 * in every linked child ([inf]: the wrapping of a child's failure).
 */
function pubcheckLinked(image: Image, args: string[], console: Console, store: Store): number {
  if (args.length > 0) usage(console, 'pubcheck-linked')
  const gz = globalImage(store).publishers
  if (image.zone !== 'global') {
    const problem = image.linked ? linkedPublisherProblem(gz, image.publishers) : undefined
    if (problem) fail(console, problem.slice(0, -1))
    return 0
  }
  const failures = linkedChildren(store).flatMap((child) => {
    const problem = linkedPublisherProblem(gz, child.publishers)
    return problem
      ? [
          `\nA 'pubcheck-linked' operation failed for child 'zone:${child.zone}' with an unexpected\nreturn value of 1 and generated the following output:\n${problem}\n`,
        ]
      : []
  })
  if (failures.length > 0) fail(console, `pkg: Linked image exception(s):\n${failures.join('')}`)
  return 0
}

const SUBCOMMANDS: Record<string, (image: Image, args: string[], console: Console, store: Store) => number> = {
  publisher: listPublishers,
  'set-publisher': setPublisher,
  'unset-publisher': unsetPublisher,
  'list-linked': listLinked,
  'pubcheck-linked': pubcheckLinked,
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
  const open = (): Image => openImage(store, root) ?? fail(console, `pkg: No image rooted at '${root}'`)
  const image = open()
  // pkg -R on a zone image, and any change to the global zone's, need uid 0 (Software Installation runs pkg as uid 0);
  // the read-only subcommands do not.
  if (!['publisher', 'list-linked', 'pubcheck-linked'].includes(subcommand) && !privileged(simUser(store), 'pkg'))
    fail(
      console,
      `pkg: Could not operate on ${root}\nbecause of insufficient permissions. Please try the command again as a privileged user.`,
    )
  const run = (): number => {
    faultPoint(store, {command: 'pkg', subcommands: [subcommand], target: image.zone}, console)
    return handler(open(), rest, console, store)
  }
  return image.zone === 'global' ? run() : store.withZoneLock(image.zone, run)
}

export function main(): void {
  runProcess((args) => pkg(args))
}
