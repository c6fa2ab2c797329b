// dladm(8): VNIC and etherstub management and the show-* listings.
import {existsSync} from 'node:fs'
import {basename, join} from 'node:path'
import {faultPoint} from '../faults.js'
import {getopt, hasOption, optionValue, type ParsedOptions} from '../getopt.js'
import {Exit, processConsole, runProcess, type Console} from '../io.js'
import {etherstub, heldLinks, vnic} from '../links.js'
import {MAX_LINK_NAME, parseMac, validLinkName, formatMac} from '../names.js'
import {privileged, simUser} from '../rbac.js'
import {Store} from '../store.js'
import type {Link} from '../types.js'
import {printRows, selectFields, type Field} from './ofmt.js'

/** The prefix of every diagnostic (CONTRACT §0.1); set per invocation by dladm(). */
let progname = 'dladm'

const USAGES: Record<string, string> = {
  'show-link': '[-pP] [-o <field>,..] [-s [-i <interval>]] [<link>]',
  'show-phys': '[-m | -H | -P] [[-p] [-o <field>[,...]] [<link>]',
  'create-vnic':
    '[-t] -l <link> [-m <value> | auto |\n\t\t      {factory [-n <slot-id>]} | {random [-r <prefix>]} |\n\t\t      {vrrp -V <vrid> -A {inet | inet6}}] [-v <vid> [-f]]\n\t\t      [-p <prop>=<value>[,...]] <vnic-link>',
  'delete-vnic': '[-t] <vnic-link>',
  'show-vnic': '[-pP] [-l <link>] [-o <field>,..] [-s [-i <interval>]] [<link>]',
  'create-etherstub': '[-t] <link>',
  'delete-etherstub': '[-t] <link>',
  'show-etherstub': '[-t] [<link>]',
}

function usageText(): string {
  let text = `usage:  dladm <subcommand> <args> ...\n`
  for (const [name, usage] of Object.entries(USAGES)) text += `    ${name.padEnd(17)} ${usage}\n`
  return text
}

/** die(): `dladm: <message>`, exit 1. */
function die(console: Console, message: string): never {
  console.err(`${progname}: ${message}\n`)
  throw new Exit(1)
}

function usage(console: Console): never {
  console.err(usageText())
  throw new Exit(1)
}

function parse(console: Console, args: string[], optstring: string): ParsedOptions {
  const parsed = getopt(args, optstring)
  if (parsed.error) {
    const {flag, kind} = parsed.error
    console.err(
      `${progname}: ${kind === ':' ? `option '-${flag}' requires a value` : `unrecognized option '-${flag}'`}\n`,
    )
    usage(console)
  }
  return parsed
}

function checkNewLinkName(console: Console, name: string): void {
  if (name.length > MAX_LINK_NAME) die(console, `link name too long '${name}'`)
  if (!validLinkName(name)) die(console, `invalid link name '${name}'`)
}

// --- VNICs ---------------------------------------------------------------------

function createVnic(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 'tl:m:n:r:v:fp:V:A:')
  const vidText = optionValue(parsed, 'v')
  const vid = vidText === undefined ? 0 : Number(vidText)
  if (vidText !== undefined && (!/^[0-9]+$/.test(vidText) || vid < 1 || vid > 4094))
    die(console, `invalid VLAN identifier '${vidText}'`)
  const macOption = optionValue(parsed, 'm')
  let mac: string | undefined
  let macType = 'random'
  if (macOption === 'fixed') die(console, "'fixed' is not a valid MAC address")
  if (macOption === 'factory') macType = `factory, slot ${optionValue(parsed, 'n') ?? '1'}`
  else if (macOption !== undefined && !['auto', 'random', 'vrrp'].includes(macOption)) {
    const bytes = parseMac(macOption)
    if (!bytes) die(console, 'invalid MAC address')
    mac = formatMac(bytes)
    macType = 'fixed'
  }
  if (hasOption(parsed, 'f') && vidText === undefined) die(console, '-f option can only be used with -v')
  const over = optionValue(parsed, 'l')
  const [name] = parsed.operands
  if (over === undefined || parsed.operands.length !== 1 || name === undefined) usage(console)
  checkNewLinkName(console, name)
  const props = optionValue(parsed, 'p')
  if (props !== undefined && !props.split(',').every((p) => /^[a-z-]+=.+$/.test(p)))
    die(console, 'invalid vnic property')

  faultPoint(store, {command: 'dladm', subcommands: ['create-vnic'], target: name}, console)
  const error = store.updateLinks((links) => {
    const lower = links.find((l) => l.name === over)
    if (!lower) return `invalid link name '${over}'`
    if (!privileged(simUser(store), 'dladm')) return `vnic creation over ${over} failed: permission denied`
    if (links.some((l) => l.name === name)) return `vnic creation over ${over} failed: object already exists`
    if (vid === 1) return `VLAN over '${over}' may not use default_tag ID (see dladm(1M))`
    links.push(vnic(name, lower, {vid, ...(mac ? {mac} : {}), macType}))
    return undefined
  })
  if (error) die(console, error)
  faultPoint(store, {command: 'dladm', subcommands: ['create-vnic'], target: name, after: true}, console)
  return 0
}

/** Why a link may not be deleted (VNICs over it, or a running zone holding it). */
function busy(store: Store, links: Link[], name: string): boolean {
  return links.some((l) => l.over === name) || heldLinks(store.zones()).has(name)
}

function deleteLink(store: Store, console: Console, args: string[], kind: 'vnic' | 'etherstub'): number {
  const parsed = parse(console, args, 'tR:')
  const [name] = parsed.operands
  if (parsed.operands.length !== 1 || name === undefined) usage(console)
  faultPoint(store, {command: 'dladm', subcommands: [`delete-${kind}`], target: name}, console)
  const error = store.updateLinks((links) => {
    const index = links.findIndex((l) => l.name === name)
    const link = links[index]
    if (!link) return `invalid link name '${name}'`
    if (kind === 'vnic' && link.class === 'etherstub') return `'${name}' is not a vnic`
    if (kind === 'etherstub' && link.class !== 'etherstub') return `'${name}' is not an etherstub`
    if (link.class !== kind) return `${kind} deletion failed: invalid argument`
    if (!privileged(simUser(store), 'dladm')) return `${kind} deletion failed: permission denied`
    if (busy(store, links, name)) return `${kind} deletion failed: link busy`
    links.splice(index, 1)
    return undefined
  })
  if (error) die(console, error)
  return 0
}

function createEtherstub(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 't')
  const [name] = parsed.operands
  if (parsed.operands.length !== 1 || name === undefined) usage(console)
  checkNewLinkName(console, name)
  faultPoint(store, {command: 'dladm', subcommands: ['create-etherstub'], target: name}, console)
  const error = store.updateLinks((links) => {
    if (!privileged(simUser(store), 'dladm')) return 'etherstub creation failed: permission denied'
    if (links.some((l) => l.name === name)) return 'etherstub creation failed: object already exists'
    links.push(etherstub(name))
    return undefined
  })
  if (error) die(console, error)
  return 0
}

// --- show-* --------------------------------------------------------------------

/** Shared driver: select fields, apply the fault point, print. */
function show<Row>(
  store: Store,
  console: Console,
  subcommand: string,
  parsed: ParsedOptions,
  fields: Field<Row>[],
  defaults: string[],
  rows: () => Row[],
): number {
  const parsable = hasOption(parsed, 'p')
  const selection = selectFields(fields, defaults, optionValue(parsed, 'o'), parsable)
  if ('error' in selection) die(console, selection.error)
  if (selection.warning) console.err(`${progname}: warning: ${selection.warning}\n`)
  faultPoint(
    store,
    {command: 'dladm', subcommands: [subcommand], ...(parsed.operands[0] ? {target: parsed.operands[0]} : {})},
    console,
  )
  printRows(console, selection.fields, rows(), parsable)
  return 0
}

/** show-link and show-phys reject `-p` without `-o` and `-o all` with `-p` themselves. */
function requireFieldsWhenParsable(console: Console, parsed: ParsedOptions): void {
  if (!hasOption(parsed, 'p')) return
  const fields = optionValue(parsed, 'o')
  if (fields === undefined) die(console, '-p requires -o')
  if (fields.toLowerCase() === 'all') die(console, '"-o all" is invalid with -p')
}

function showLink(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 'pPo:si:')
  requireFieldsWhenParsable(console, parsed)
  const links = store.links()
  const [name] = parsed.operands
  if (name !== undefined && !links.some((l) => l.name === name))
    die(console, `link ${name} is not valid: object not found`)
  const fields: Field<Link>[] = [
    {name: 'LINK', width: 12, value: (l) => l.name},
    {name: 'CLASS', width: 10, value: (l) => l.class},
    {name: 'MTU', width: 7, value: (l) => String(l.mtu)},
    {name: 'STATE', width: 9, value: (l) => l.state},
    {name: 'BRIDGE', width: 11, value: () => ''},
    {name: 'OVER', width: 30, value: (l) => l.over ?? ''},
  ]
  return show(
    store,
    console,
    'show-link',
    parsed,
    fields,
    fields.map((f) => f.name),
    () => links.filter((l) => name === undefined || l.name === name),
  )
}

function showPhys(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 'pPo:m')
  requireFieldsWhenParsable(console, parsed)
  const widths = store.flavour().dladmWidths
  const links = store.links()
  const [name] = parsed.operands
  if (name !== undefined && !links.some((l) => l.name === name))
    die(console, `link ${name} is not valid: object not found`)
  const phys = links.filter((l) => l.class === 'phys' && (name === undefined || l.name === name))
  if (hasOption(parsed, 'm')) {
    const fields: Field<Link>[] = [
      {name: 'LINK', width: 13, value: (l) => l.name},
      {name: 'SLOT', width: 9, value: () => 'primary'},
      {name: 'ADDRESS', width: 19, value: (l) => l.mac ?? ''},
      {name: 'INUSE', width: 5, value: () => 'yes'},
      {name: 'CLIENT', width: 13, value: (l) => l.name},
    ]
    return show(
      store,
      console,
      'show-phys',
      parsed,
      fields,
      fields.map((f) => f.name),
      () => phys,
    )
  }
  const fields: Field<Link>[] = [
    {name: 'LINK', width: 13, value: (l) => l.name},
    {name: 'MEDIA', width: 21, value: (l) => l.media ?? ''},
    {name: 'STATE', width: 11, value: (l) => l.state},
    {name: 'SPEED', width: widths.speed, value: (l) => String(l.speed ?? 0)},
    {name: 'DUPLEX', width: widths.duplex, value: (l) => l.duplex ?? 'unknown'},
    {name: 'DEVICE', width: 13, value: (l) => l.device ?? l.name},
    {name: 'FLAGS', width: 7, value: () => ''},
  ]
  return show(
    store,
    console,
    'show-phys',
    parsed,
    fields,
    ['LINK', 'MEDIA', 'STATE', 'SPEED', 'DUPLEX', 'DEVICE'],
    () => phys,
  )
}

function showVnic(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 'pPl:o:si:')
  const links = store.links()
  const [name] = parsed.operands
  const over = optionValue(parsed, 'l')
  if (name !== undefined) {
    const link = links.find((l) => l.name === name)
    if (!link) die(console, `invalid vnic name '${name}': object not found`)
    if (link.class === 'phys') die(console, `failed to show vnic '${name}': invalid argument`)
  }
  if (over !== undefined && !links.some((l) => l.name === over))
    die(console, `invalid link name '${over}': object not found`)
  const speedWidth = store.flavour().dladmWidths.speed
  const fields: Field<Link>[] = [
    {name: 'LINK', width: 13, value: (l) => l.name},
    {name: 'OVER', width: 13, value: (l) => l.over ?? ''},
    {name: 'SPEED', width: speedWidth, value: (l) => String(l.speed ?? 0)},
    {name: 'MACADDRESS', width: 18, value: (l) => l.mac ?? ''},
    {name: 'MACADDRTYPE', width: 20, value: (l) => l.macType ?? ''},
    {name: 'VID', width: 7, value: (l) => String(l.vid ?? 0)},
  ]
  return show(
    store,
    console,
    'show-vnic',
    parsed,
    fields,
    fields.map((f) => f.name),
    () =>
      links.filter(
        (l) => l.class === 'vnic' && (name === undefined || l.name === name) && (over === undefined || l.over === over),
      ),
  )
}

function showEtherstub(store: Store, console: Console, args: string[]): number {
  const parsed = parse(console, args, 't')
  const [name] = parsed.operands
  const stubs = store.links().filter((l) => l.class === 'etherstub')
  if (name !== undefined && !stubs.some((l) => l.name === name)) die(console, `invalid link name '${name}'`)
  const fields: Field<Link>[] = [{name: 'LINK', width: 12, value: (l) => l.name}]
  return show(store, console, 'show-etherstub', parsed, fields, ['LINK'], () =>
    stubs.filter((l) => name === undefined || l.name === name),
  )
}

const SUBCOMMANDS: Record<string, (store: Store, console: Console, args: string[]) => number> = {
  'create-vnic': createVnic,
  'delete-vnic': (store, console, args) => deleteLink(store, console, args, 'vnic'),
  'show-vnic': showVnic,
  'show-link': showLink,
  'show-phys': showPhys,
  'create-etherstub': createEtherstub,
  'delete-etherstub': (store, console, args) => deleteLink(store, console, args, 'etherstub'),
  'show-etherstub': showEtherstub,
}

/**
 * argv[0] as the caller typed it, as far as a script can tell: the kernel
 * hands a `#!` script the path it executed, so a bare name found through PATH
 * arrives as `<dir>/dladm`. When that is the first `dladm` on PATH the caller
 * is taken to have typed `dladm`; otherwise the path is what was typed.
 */
export function typedArgv0(scriptPath: string, path = process.env.PATH ?? ''): string {
  const name = basename(scriptPath)
  for (const dir of path.split(':')) {
    if (dir === '' || !existsSync(join(dir, name))) continue
    return join(dir, name) === scriptPath ? name : scriptPath
  }
  return scriptPath
}

/** `argv0`: the program path as invoked (process.argv[1] for the shim). */
export function dladm(args: string[], console: Console = processConsole, argv0 = 'dladm'): number {
  let store: Store
  try {
    store = Store.fromEnv()
  } catch (error) {
    die(console, (error as Error).message)
  }
  const flavour = store.flavour()
  // OmniOS (since r151030) prints the basename; gate/OI print argv[0] exactly as typed.
  progname = flavour.dladmProgname === 'basename' ? basename(argv0) : argv0
  const [subcommand, ...rest] = args
  if (subcommand === undefined) {
    if (flavour.dladmDefaultShowLink) return showLink(store, console, [])
    usage(console)
  }
  const handler = SUBCOMMANDS[subcommand]
  if (!handler) {
    console.err(`${progname}: unknown subcommand '${subcommand}'\n`)
    usage(console)
  }
  return handler(store, console, rest)
}

export function main(): void {
  const script = process.argv[1] ?? 'dladm'
  runProcess((args) => dladm(args, processConsole, typedArgv0(script)))
}
