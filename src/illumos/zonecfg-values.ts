/**
 * What a zonecfg command file can carry and which values zonecfg refuses
 * (CONTRACT.md §3.3.1, §3.4, §3.5, §3.7). One place for the rules: the
 * command-file writer, `zmgr validate` and the planning of `zones create` all
 * use them, so a create never fails at configure for a reason validate could
 * have seen.
 */
import type {Entry, Node} from '@bgotink/kdl'
import type {Diagnostic} from '../errors.js'
import {ZmgrError} from '../errors.js'
import type {GlobalConfig} from '../registry/config.js'
import type {Pool} from '../registry/pool.js'
import type {Loaded} from '../registry/registry.js'
import type {Template} from '../registry/template.js'
import {entryOrNode, itemNode, problemAt} from '../validation/locate.js'

/** Characters that end a bare zonecfg token: such values must be double-quoted. */
const ENDS_BARE_TOKEN = /[ \t\n";=[\]()]/

/**
 * Why zonecfg cannot be given this value at all, or undefined. Its lexer has
 * no escape character: a quoted value ends at the next `"` or newline.
 */
export function zonecfgUnsayable(value: string): string | undefined {
  if (value.includes('"')) return 'it contains a double quote (")'
  if (value.includes('\n')) return 'it contains a line break'
  return undefined
}

function assertSayable(value: string): void {
  const problem = zonecfgUnsayable(value)
  // Planning refuses such values first (templateZonecfgProblems); reaching here is a bug.
  if (problem) throw new Error(`zonecfg value ${JSON.stringify(value)} cannot be written: ${problem}`)
}

/** A value for a zonecfg command file: bare when zonecfg reads it back unchanged, else double-quoted. */
export function zonecfgWord(value: string): string {
  assertSayable(value)
  return value === '' || ENDS_BARE_TOKEN.test(value) ? `"${value}"` : value
}

/** A value always double-quoted, as `zonecfg export` writes resource properties. */
export function zonecfgQuoted(value: string): string {
  assertSayable(value)
  return `"${value}"`
}

/** zonecfg's smallest accepted values (§3.4, §3.5). physical's 1M is illumos-gate/OpenIndiana's; zmgr keeps it everywhere. */
export const ZONECFG_MINIMUMS = {
  'max-lwps': 100,
  'max-processes': 100,
  'zfs-io-priority': 1,
  swap: 50 * 1024 ** 2,
  physical: 1024 ** 2,
} as const

const UNITS = ['', 'K', 'M', 'G', 'T']

/** libzonecfg zonecfg_str_to_bytes(): a number with an optional K/M/G/T (powers of 1024); a bare number is bytes. */
export function zonecfgBytes(text: string): number | undefined {
  const match = /^([0-9]*\.?[0-9]+)([A-Za-z]?)$/.exec(text.trim())
  const scale = match ? UNITS.indexOf(match[2].toUpperCase()) : -1
  return match && scale >= 0 ? Math.floor(Number(match[1]) * 1024 ** scale) : undefined
}

/** zonecfg's valid_fs_type(): a path component that is not "." or "..". */
function fsTypeProblem(type: string): string | undefined {
  return type === '' || type.includes('/') || type === '.' || type === '..'
    ? `"${type}" is not a valid type`
    : undefined
}

/** The dataset name check zonecfg runs at verify (`dataset: name invalid`). */
function datasetProblem(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(name) && !name.endsWith('/')
    ? undefined
    : 'zonecfg refuses it at verify (`dataset: name invalid`)'
}

const ATTR_VALUES: Record<string, RegExp> = {
  boolean: /^(true|false)$/,
  int: /^-?[0-9]+$/,
  uint: /^[0-9]+$/,
  string: /^/s,
}

// ---- raw `zonecfg` lines ---------------------------------------------------------------

/** Commands a template may add: the ones that would throw away or cut short what zmgr configured are refused. */
const ALLOWED_COMMANDS = new Set([
  'add',
  'cancel',
  'clear',
  'commit',
  'end',
  'export',
  'info',
  'remove',
  'select',
  'set',
  'verify',
])
const RESOURCE_TYPES = new Set([
  'net',
  'fs',
  'device',
  'rctl',
  'attr',
  'admin',
  'security-flags',
  'dataset',
  'dedicated-cpu',
  'capped-cpu',
  'capped-memory',
])

type Lexeme = {kind: 'word'; text: string} | {kind: 'eq' | 'list' | 'complex'}

/** The tokens of one command after its keyword (token state of zonecfg_lex.l); a string says what is wrong. */
function lexArguments(text: string): Lexeme[] | string {
  const out: Lexeme[] = []
  let pos = 0
  const bare = (stop: string): string => {
    const start = pos
    while (pos < text.length && !stop.includes(text[pos])) pos++
    return text.slice(start, pos)
  }
  const quoted = (): string | undefined => {
    const end = text.indexOf('"', pos + 1)
    if (end < 0) return undefined
    const value = text.slice(pos + 1, end)
    pos = end + 1
    return value
  }
  // A value inside [ ] or ( ): items separated by commas, complex pieces name=value.
  const group = (close: string, stop: string): string | undefined => {
    pos++
    for (;;) {
      while (text[pos] === ' ' || text[pos] === '\t') pos++
      if (text[pos] === '(' && close === ']') {
        const inner = group(')', ' \t",;=()')
        if (inner) return inner
      } else if (text[pos] === '"') {
        if (quoted() === undefined) return 'a double quote is not closed'
      } else if (bare(stop) === '') return `${JSON.stringify(text[pos] ?? 'end of line')} where a value was expected`
      while (text[pos] === ' ' || text[pos] === '\t') pos++
      if (close === ')' && text[pos] === '=') {
        pos++
        continue
      }
      if (text[pos] === close) {
        pos++
        return undefined
      }
      if (text[pos] !== ',') return `${JSON.stringify(text[pos] ?? 'end of line')} where "," or "${close}" was expected`
      pos++
    }
  }
  while (pos < text.length) {
    const ch = text[pos]
    if (ch === ' ' || ch === '\t') pos++
    else if (ch === '=') {
      out.push({kind: 'eq'})
      pos++
    } else if (ch === '[' || ch === '(') {
      const problem = group(ch === '[' ? ']' : ')', ch === '[' ? ' \t",;=[]()' : ' \t",;=()')
      if (problem) return problem
      out.push({kind: ch === '[' ? 'list' : 'complex'})
    } else if (ch === '"') {
      const value = quoted()
      if (value === undefined) return 'a double quote is not closed (zonecfg would read on into the next line)'
      out.push({kind: 'word', text: value})
    } else if (ch === ']' || ch === ')') return `a stray ${JSON.stringify(ch)}`
    else out.push({kind: 'word', text: bare(' \t";=[]()')})
  }
  return out
}

/** The grammar's shape for `prop=value` qualifiers: name, `=`, value, repeated. */
function pairsProblem(items: Lexeme[]): string | undefined {
  for (let i = 0; i < items.length; i += 3) {
    if (items[i]?.kind !== 'word' || items[i + 1]?.kind !== 'eq' || !items[i + 2] || items[i + 2].kind === 'eq')
      return 'expected property=value pairs'
  }
  return undefined
}

interface LineCheck {
  problem?: string
  /** The resource scope the line leaves open (`add fs`, `select net ...`), or closes (null). */
  scope?: string | null
  /** `set <alias>=<n>` at global scope. */
  alias?: {name: string; value: string}
}

/** One command of a raw line, read as zonecfg's grammar reads it. */
function checkCommand(command: string, inScope: boolean): LineCheck {
  const keyword = /^\s*([a-z]+)/.exec(command)?.[1] ?? ''
  if (!ALLOWED_COMMANDS.has(keyword)) {
    return {
      problem: ['create', 'delete', 'revert', 'exit'].includes(keyword)
        ? `\`${keyword}\` would undo or cut short the configuration zmgr writes`
        : `${JSON.stringify(command.trim().split(/\s/)[0])} is not a zonecfg command`,
    }
  }
  const items = lexArguments(command.replace(/^\s*[a-z]+/, ''))
  if (typeof items === 'string') return {problem: items}
  const words = items.map((item) => (item.kind === 'word' ? item.text : undefined))
  const shape = (ok: boolean, text: string): LineCheck => (ok ? {} : {problem: text})
  switch (keyword) {
    case 'set': {
      const ok = items.length === 3 && items[0].kind === 'word' && items[1].kind === 'eq' && items[2].kind !== 'eq'
      if (!ok) return {problem: 'expected `set property=value` with one value (a value containing "=" must be quoted)'}
      return !inScope && items[2].kind === 'word' ? {alias: {name: words[0]!, value: words[2]!}} : {}
    }
    case 'add':
      if (!inScope)
        return items.length === 1 && words[0] !== undefined && RESOURCE_TYPES.has(words[0])
          ? {scope: words[0]}
          : {problem: 'expected `add <resource-type>`'}
      return shape(
        items.length === 2 && items[0].kind === 'word' && items[1].kind !== 'eq',
        'expected `add <property> <value>` (a value containing "=" must be quoted)',
      )
    case 'select':
      if (inScope) return {problem: '`select` is a global-scope command'}
      if (words[0] === undefined || !RESOURCE_TYPES.has(words[0]))
        return {problem: 'expected `select <resource-type> property=value`'}
      return pairsProblem(items.slice(1))
        ? {problem: 'expected `select <resource-type> property=value`'}
        : {scope: words[0]}
    case 'remove':
    case 'info':
      if (inScope && keyword === 'remove')
        return shape(
          items.length === 2 && items[0].kind === 'word' && items[1].kind !== 'eq',
          'expected `remove <property> <value>`',
        )
      return shape(
        items.length === 0 || (words[0] !== undefined && !pairsProblem(items.slice(words[0] === '-F' ? 2 : 1))),
        `expected \`${keyword} <resource-type> [property=value ...]\``,
      )
    case 'end':
    case 'cancel':
      if (!inScope) return {problem: `\`${keyword}\` only makes sense in a resource scope`}
      return items.length === 0 ? {scope: null} : {problem: `\`${keyword}\` takes no arguments`}
    case 'clear':
      return shape(items.length === 1 && words[0] !== undefined, 'expected `clear <property>`')
    default:
      return shape(
        items.every((item) => item.kind === 'word'),
        `\`${keyword}\` takes no property values`,
      )
  }
}

/** Splits zonecfg input into commands at `;` and line ends outside double quotes. */
function splitCommands(text: string): string[] {
  return text.split(/(?:;|\n)(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((c) => c.trim() !== '' && !c.trim().startsWith('#'))
}

// ---- the checks --------------------------------------------------------------------------

/** Every `name` child of the template node, in order (a template that loaded has one per parsed entry). */
function childrenNamed(template: Loaded<Template>, name: string): Node[] {
  return (itemNode(template, 'template')?.children?.nodes ?? []).filter((node) => node.getName() === name)
}

function integerLimit(name: keyof typeof ZONECFG_MINIMUMS, value: string): string | undefined {
  const minimum = ZONECFG_MINIMUMS[name]
  return /^[0-9]+$/.test(value) && Number(value) >= minimum
    ? undefined
    : `zonecfg refuses ${name} below ${minimum} (\`${name} property is out of range.\`)`
}

/**
 * What zonecfg would refuse in a template, each located in its file: values a
 * command file cannot carry, values below zonecfg's minimums, settings it
 * finds incompatible at verify, and raw `zonecfg` lines its grammar rejects or
 * that leave a resource open.
 */
export function templateZonecfgProblems(template: Loaded<Template>): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = (code: string, at: Node | Entry | undefined, message: string, help: string): void => {
    out.push(problemAt(template, at, {code, message, help}))
  }
  const sayable = (value: string | undefined, what: string, at: Node | Entry | undefined): boolean => {
    const problem = value === undefined ? undefined : zonecfgUnsayable(value)
    if (problem)
      report(
        'zmgr::zonecfg::unquotable',
        at,
        `${what} cannot be given to zonecfg: ${problem}`,
        'zonecfg has no escape character: a value can never hold a double quote or a line break; change the value',
      )
    return !problem
  }
  const node = (name: string) => template.nodes.get(name)

  sayable(template.brand, 'the brand', node('brand') && entryOrNode(node('brand')!, 0))
  for (const name of ['limitpriv', 'scheduling-class'] as const) {
    const value = name === 'limitpriv' ? template.limitpriv : template.schedulingClass
    sayable(value, name, node(name) && entryOrNode(node(name)!, 0))
  }
  for (const [name, value] of [
    ['max-lwps', template.maxLwps],
    ['max-processes', template.maxProcesses],
  ] as const) {
    const problem = value === undefined ? undefined : integerLimit(name, String(value))
    if (problem)
      report(
        'zmgr::zonecfg::out-of-range',
        entryOrNode(node(name)!, 0),
        `${name} ${value} is too low: ${problem}`,
        `set ${name} to ${ZONECFG_MINIMUMS[name]} or more, or leave it out`,
      )
  }
  if (
    template.cpuShares !== undefined &&
    template.schedulingClass !== undefined &&
    template.schedulingClass !== 'FSS'
  ) {
    report(
      'zmgr::zonecfg::incompatible',
      entryOrNode(node('scheduling-class')!, 0),
      `cpu-shares needs the FSS scheduling class, not ${JSON.stringify(template.schedulingClass)}`,
      'zonecfg refuses the configuration at commit (`rctl zone.cpu-shares and scheduling-class=... are incompatible`): use scheduling-class "FSS" or drop cpu-shares',
    )
  }
  if (template.cappedMemory) {
    const at = (prop: string) => entryOrNode(node('capped-memory')!, prop)
    const {physical, swap, locked} = template.cappedMemory
    const bytes = {
      physical: physical && zonecfgBytes(physical),
      swap: swap && zonecfgBytes(swap),
      locked: locked && zonecfgBytes(locked),
    }
    for (const prop of ['physical', 'swap'] as const) {
      const value = bytes[prop]
      if (typeof value === 'number' && value < ZONECFG_MINIMUMS[prop]) {
        const floor = prop === 'swap' ? '50M' : '1M'
        report(
          'zmgr::zonecfg::out-of-range',
          at(prop),
          `capped-memory ${prop}=${JSON.stringify(template.cappedMemory[prop])} is below ${floor}`,
          `zonecfg refuses it (\`${prop} value is too small.  It must be at least ${floor}.\`${prop === 'physical' ? ' on OpenIndiana' : ''}); a bare number counts as bytes: write e.g. "${prop === 'swap' ? '2G' : '512M'}"`,
        )
      }
    }
    if (typeof bytes.locked === 'number' && typeof bytes.physical === 'number' && bytes.locked > bytes.physical) {
      report(
        'zmgr::zonecfg::incompatible',
        at('locked'),
        `capped-memory locked=${JSON.stringify(locked)} is more than physical=${JSON.stringify(physical)}`,
        'zonecfg refuses it (`The locked cap must be less than or equal to the physical cap.`)',
      )
    }
  }
  if (template.cappedCpu !== undefined && Math.trunc(template.cappedCpu * 100) < 1) {
    report(
      'zmgr::zonecfg::out-of-range',
      entryOrNode(node('capped-cpu')!, 0),
      `capped-cpu ${template.cappedCpu} is below 0.01 CPU`,
      'zonecfg stores ncpus x 100 as an integer and refuses 0 (`ncpus property is out of range.`)',
    )
  }
  childrenNamed(template, 'fs').forEach((fsNode, index) => {
    const fs = template.fs[index]
    if (!fs) return
    sayable(fs.dir, `fs dir ${JSON.stringify(fs.dir)}`, entryOrNode(fsNode, 0))
    sayable(fs.special, `fs special ${JSON.stringify(fs.special)}`, entryOrNode(fsNode, 'special'))
    const typeProblem = fsTypeProblem(fs.type)
    if (sayable(fs.type, `fs type ${JSON.stringify(fs.type)}`, entryOrNode(fsNode, 'type')) && typeProblem)
      report(
        'zmgr::zonecfg::bad-value',
        entryOrNode(fsNode, 'type'),
        `fs ${fs.dir}: ${typeProblem}`,
        'zonecfg refuses it: the type names /usr/lib/fs/<type>, e.g. "lofs", "tmpfs", "zfs"',
      )
    for (const option of fs.options)
      sayable(option, `fs option ${JSON.stringify(option)}`, entryOrNode(fsNode, 'options'))
  })
  childrenNamed(template, 'dataset').forEach((datasetNode, index) => {
    const name = template.datasets[index]
    if (name === undefined || !sayable(name, `dataset ${JSON.stringify(name)}`, entryOrNode(datasetNode, 0))) return
    const problem = datasetProblem(name)
    if (problem)
      report(
        'zmgr::zonecfg::bad-value',
        entryOrNode(datasetNode, 0),
        `dataset ${JSON.stringify(name)} is not a ZFS dataset name: ${problem}`,
        'write it as pool/path, e.g. "tank/zones/web01-data"',
      )
  })
  childrenNamed(template, 'attr').forEach((attrNode, index) => {
    const attr = template.attrs[index]
    if (!attr) return
    if (
      sayable(attr.name, `attr name ${JSON.stringify(attr.name)}`, entryOrNode(attrNode, 0)) &&
      !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(attr.name)
    ) {
      report(
        'zmgr::zonecfg::bad-value',
        entryOrNode(attrNode, 0),
        `attr name ${JSON.stringify(attr.name)} is not one zonecfg accepts`,
        'an attr name starts with a letter or digit and holds only letters, digits, "-" and "."',
      )
    }
    if (
      sayable(attr.value, `attr ${attr.name} value`, entryOrNode(attrNode, 1)) &&
      !ATTR_VALUES[attr.type].test(attr.value)
    ) {
      report(
        'zmgr::zonecfg::bad-value',
        entryOrNode(attrNode, 1),
        `attr ${attr.name}: ${JSON.stringify(attr.value)} is not a valid ${attr.type}`,
        `zonecfg refuses it (\`invalid attr value for type=${attr.type}\`)`,
      )
    }
  })
  out.push(...rawLineProblems(template))
  return out
}

export interface ZonecfgLineProblem {
  /** Index of the line the problem is on (for an open resource: the line that opened it). */
  index: number
  message: string
  help: string
}

const LINE_HELP =
  'zonecfg stops a command file at the first bad line; quote values that hold blanks, "=", ";", "[", "]", "(" or ")" (CONTRACT §3.3.1)'

/**
 * Command lines as zonecfg's lexer and grammar read them, one by one and
 * together: each command is well-formed, alias limits hold, and no resource
 * is left open at the end (zonecfg would then save nothing).
 */
export function zonecfgLinesProblems(lines: string[]): ZonecfgLineProblem[] {
  const out: ZonecfgLineProblem[] = []
  let scope: {type: string; index: number} | undefined
  lines.forEach((line, index) => {
    for (const command of splitCommands(line)) {
      const check = checkCommand(command, scope !== undefined)
      const alias = check.alias
      const limit =
        alias && ['max-lwps', 'max-processes', 'zfs-io-priority'].includes(alias.name)
          ? integerLimit(alias.name as keyof typeof ZONECFG_MINIMUMS, alias.value)
          : undefined
      const problem = check.problem ?? limit
      if (problem) {
        out.push({
          index,
          message: `zonecfg would refuse ${JSON.stringify(command.trim())}: ${problem}`,
          help:
            limit && !check.problem
              ? `use ${ZONECFG_MINIMUMS[alias!.name as keyof typeof ZONECFG_MINIMUMS]} or more`
              : LINE_HELP,
        })
        return
      }
      if (check.scope === null) scope = undefined
      else if (check.scope !== undefined) scope = {type: check.scope, index}
    }
  })
  if (scope)
    out.push({
      index: scope.index,
      message: `the zonecfg lines leave the ${scope.type} resource open`,
      help: 'end it with an `end` line; zonecfg saves nothing when input ends inside a resource',
    })
  return out
}

/** The template's raw `zonecfg` lines, located at their string in the template. */
function rawLineProblems(template: Loaded<Template>): Diagnostic[] {
  const lines: Array<{text: string; at: Entry | Node}> = []
  for (const lineNode of childrenNamed(template, 'zonecfg')) {
    lineNode.getArguments().forEach((value, index) => {
      if (typeof value === 'string') lines.push({text: value, at: entryOrNode(lineNode, index)})
    })
  }
  return zonecfgLinesProblems(lines.map((l) => l.text)).map(({index, message, help}) =>
    problemAt(template, lines[index].at, {code: 'zmgr::zonecfg::bad-line', message, help}),
  )
}

/** Values from config.kdl and the pools that go into the command file (zonepath, DNS domain). */
export function registryZonecfgProblems(config: GlobalConfig | undefined, pools: Loaded<Pool>[]): Diagnostic[] {
  const out: Diagnostic[] = []
  const help =
    'zonecfg has no escape character: a value can never hold a double quote or a line break; change the value'
  const rootProblem = config && zonecfgUnsayable(config.zonepathRoot)
  if (config?.source && config.file && rootProblem) {
    const node = config.nodes['zonepath-root']
    out.push(
      problemAt({file: config.file, source: config.source}, node && entryOrNode(node, 0), {
        code: 'zmgr::zonecfg::unquotable',
        message: `zonepath-root cannot be given to zonecfg: ${rootProblem}`,
        help,
      }),
    )
  }
  for (const pool of pools) {
    const domain = pool.dns?.domain
    const problem = domain === undefined ? undefined : zonecfgUnsayable(domain)
    if (!problem) continue
    const domainNode = pool.nodes.get('dns')?.children?.nodes.find((n) => n.getName() === 'domain')
    out.push(
      problemAt(pool, domainNode && entryOrNode(domainNode, 0), {
        code: 'zmgr::zonecfg::unquotable',
        message: `the DNS domain of pool ${JSON.stringify(pool.name)} cannot be given to zonecfg: ${problem}`,
        help,
      }),
    )
  }
  return out
}

/** Throws every problem of the template (and of the values around it) as one input error, before anything runs. */
export function assertZonecfgWritable(
  template: Loaded<Template>,
  config: GlobalConfig | undefined,
  pools: Loaded<Pool>[],
): void {
  const problems = [...templateZonecfgProblems(template), ...registryZonecfgProblems(config, pools)].filter(
    (p) => p.severity === 'error',
  )
  if (problems.length > 0) throw ZmgrError.fromDiagnostics(problems)
}
