// Whole resources: `add <type>` and `select` open a resource scope, `end`
// checks and stores it, `cancel` drops it, `remove <type>` deletes resources.
// In a scope, `add` and `remove` edit list properties instead.
import type {Resource} from '../types.js'
import {leadingForce, qualifiers} from './arguments.js'
import {getAliased, matchResources, removeAliased, resourcesOfType, setAliased} from './config.js'
import type {Scope, SessionContext} from './context.js'
import {Z} from './errors.js'
import {memoryCaps, type MemoryCaps} from './format.js'
import {tokenText, type Token} from './lexer.js'
import {addProperty, removeProperty} from './resource-properties.js'
import {MCAP_ALIASES, type ResourceSpec} from './resources.js'

export function addCommand(ctx: SessionContext, args: Token[]): void {
  if (ctx.readOnly()) return
  if (!ctx.initialize(true)) return
  if (ctx.scope) {
    addProperty(ctx, ctx.scope, args)
    return
  }
  const type = tokenText(args[0])
  if (args.length !== 1 || type === undefined) {
    ctx.shortUsage('add')
    return
  }
  const spec = ctx.spec(type)
  if (!spec) {
    ctx.longUsage('add')
    return
  }
  if (spec.single && singleResourceExists(ctx, spec)) return
  ctx.scope = {spec, res: {type, props: {}}, op: 'add'}
}

/** add_resource() prints these without marking the session as failed. */
function blocked(ctx: SessionContext, message: string): true {
  ctx.zerr(message)
  return true
}

/** add_resource()'s checks for single-instance resources; true (after a message) when blocked. */
function singleResourceExists(ctx: SessionContext, spec: ResourceSpec): boolean {
  const config = ctx.config
  const dedicated = resourcesOfType(config, 'dedicated-cpu').length > 0
  const cpuCap = getAliased(config, 'cpu-cap').status
  switch (spec.type) {
    case 'dedicated-cpu':
      if (dedicated) return blocked(ctx, 'The dedicated-cpu resource already exists.')
      if (cpuCap !== 'unset') return blocked(ctx, 'The capped-cpu resource already exists.')
      if (config.props.pool)
        return blocked(
          ctx,
          'The pool property is already set.  A persistent pool is incompatible with\nthe dedicated-cpu resource.',
        )
      return false
    case 'capped-cpu':
      if (dedicated) return blocked(ctx, 'The dedicated-cpu resource already exists.')
      if (cpuCap === 'incompatible') return blocked(ctx, `capped-cpu: ${Z.ALIAS_DISALLOW}`)
      if (cpuCap === 'set') return blocked(ctx, 'The capped-cpu resource already exists.')
      return false
    case 'capped-memory':
      if (Object.keys(memoryCaps(config, ctx.flavour)).length > 0)
        return blocked(ctx, 'The capped-memory resource or a related resource control already exists.')
      return false
    default:
      if (resourcesOfType(config, spec.type).length > 0)
        return blocked(ctx, `The ${spec.type} resource already exists.`)
      return false
  }
}

export function removeCommand(ctx: SessionContext, args: Token[]): void {
  if (ctx.readOnly()) return
  if (ctx.scope) {
    removeProperty(ctx, ctx.scope, args)
    return
  }
  const {force, rest} = leadingForce(args)
  const type = rest[0]?.kind === 'word' ? rest[0].text : undefined
  const spec = ctx.spec(type)
  if (!spec || type === undefined) {
    ctx.longUsage('remove')
    return
  }
  if (!ctx.initialize(true)) return
  if (spec.single) {
    removeSingle(ctx, spec)
    return
  }
  const wanted = qualifiers(ctx, 'remove', spec, rest.slice(1))
  if (!wanted) return
  const all = resourcesOfType(ctx.config, type)
  let doomed: Resource[]
  if (Object.keys(wanted).length > 0) {
    doomed = matchResources(ctx.config, type, wanted)
    if (doomed.length !== 1) {
      ctx.cmdResPerror('remove', type, doomed.length === 0 ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC)
      return
    }
  } else {
    if (all.length === 0) {
      ctx.cmdResPerror('remove', type, Z.NO_ENTRY)
      return
    }
    if (all.length > 1 && !force) {
      if (!ctx.interactive) {
        ctx.fail(
          'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.',
        )
        return
      }
      const answer = ctx.ask(`Are you sure you want to remove ALL '${type}' resources`)
      if (answer === -1) {
        ctx.zerr('Resource incomplete.')
        return
      }
      if (answer !== 1) return
    }
    doomed = all
  }
  ctx.config.resources = ctx.config.resources.filter((r) => !doomed.includes(r))
  ctx.needToCommit = true
}

function removeSingle(ctx: SessionContext, spec: ResourceSpec): void {
  const config = ctx.config
  if (spec.type === 'capped-cpu' || spec.type === 'capped-memory') {
    const present =
      spec.type === 'capped-cpu'
        ? getAliased(config, 'cpu-cap').status === 'set'
        : Object.keys(memoryCaps(config, ctx.flavour)).length > 0
    if (!present) {
      ctx.cmdResPerror('remove', spec.type, Z.NO_RESOURCE_TYPE)
      return
    }
    if (spec.type === 'capped-cpu') removeAliased(config, 'cpu-cap')
    else applyMemoryCaps(ctx, {}, true)
  } else {
    if (resourcesOfType(config, spec.type).length === 0) {
      ctx.cmdResPerror('remove', spec.type, Z.NO_ENTRY)
      return
    }
    config.resources = config.resources.filter((r) => r.type !== spec.type)
  }
  ctx.needToCommit = true
}

export function selectCommand(ctx: SessionContext, args: Token[]): void {
  if (ctx.readOnly()) return
  const type = args[0]?.kind === 'word' ? args[0].text : undefined
  const spec = ctx.spec(type)
  if (!spec || type === undefined) {
    ctx.longUsage('select')
    return
  }
  if (!ctx.initialize(true)) return
  if (spec.single) {
    const res = selectSingle(ctx, spec)
    if (res) ctx.scope = {spec, res, op: 'select', original: resourcesOfType(ctx.config, type)[0]}
    return
  }
  const wanted = qualifiers(ctx, 'select', spec, args.slice(1))
  if (!wanted) return
  const found = Object.keys(wanted).length > 0 ? matchResources(ctx.config, type, wanted) : []
  if (found.length !== 1) {
    const text = found.length === 0 && Object.keys(wanted).length > 0 ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC
    ctx.cmdResPerror('select', type, text)
    return
  }
  ctx.scope = {spec, res: structuredClone(found[0]!), op: 'select', original: found[0]}
}

/** The working copy for `select` of a single-instance resource, or undefined after an error. */
function selectSingle(ctx: SessionContext, spec: ResourceSpec): Resource | undefined {
  const config = ctx.config
  if (spec.type === 'capped-cpu') {
    const cap = getAliased(config, 'cpu-cap')
    if (cap.status !== 'set') return void ctx.cmdResPerror('select', spec.type, Z.NO_ENTRY)
    return {type: spec.type, props: {ncpus: String(cap.limit / 100)}}
  }
  if (spec.type === 'capped-memory') {
    const caps = memoryCaps(config, ctx.flavour)
    if (Object.keys(caps).length === 0) return void ctx.cmdResPerror('select', spec.type, Z.NO_RESOURCE_TYPE)
    return {type: spec.type, props: Object.fromEntries(Object.entries(caps).map(([k, v]) => [k, String(v)]))}
  }
  const existing = resourcesOfType(config, spec.type)[0]
  if (!existing) return void ctx.cmdResPerror('select', spec.type, Z.NO_ENTRY)
  return structuredClone(existing)
}

export function cancelCommand(ctx: SessionContext, args: Token[]): void {
  if (args.length > 0) {
    ctx.shortUsage('cancel')
    return
  }
  if (!ctx.scope) ctx.scopeUsage('cancel')
  ctx.scope = undefined
}

export function endCommand(ctx: SessionContext, args: Token[]): void {
  if (args.length > 0) {
    ctx.shortUsage('end')
    return
  }
  const scope = ctx.scope
  if (!scope) {
    ctx.scopeUsage('end')
    return
  }
  if (!endChecks(ctx, scope)) {
    ctx.sawError = true
    return
  }
  if (scope.spec.type === 'capped-cpu') {
    setAliased(ctx.config, 'cpu-cap', Math.trunc(Number(scope.res.props.ncpus) * 100))
  } else if (scope.spec.type === 'capped-memory') {
    applyMemoryCaps(ctx, scopeMemoryCaps(scope.res), scope.op === 'select')
  } else if (scope.op === 'add') {
    if (isDuplicate(ctx, scope)) {
      ctx.sawError = true
      return
    }
    ctx.config.resources.push(scope.res)
  } else {
    const index = ctx.config.resources.indexOf(scope.original!)
    ctx.config.resources[index] = scope.res
  }
  ctx.needToCommit = true
  ctx.scope = undefined
}

/** The byte counts a capped-memory scope holds as text. */
export function scopeMemoryCaps(res: Resource): MemoryCaps {
  const caps: MemoryCaps = {}
  for (const [prop, value] of Object.entries(res.props)) caps[prop as keyof MemoryCaps] = Number(value)
  return caps
}

/** Validation at `end`; prints every problem, false when any. */
function endChecks(ctx: SessionContext, scope: Scope): boolean {
  const {spec, res} = scope
  let ok = true
  const bad = (message: string): void => {
    ctx.zerr(message)
    ok = false
  }
  for (const prop of spec.required) if (!res.props[prop]) bad(`${prop} not specified`)
  switch (spec.type) {
    case 'fs':
      if (res.props.dir && !res.props.dir.startsWith('/')) bad(`dir ${res.props.dir} is not an absolute path.`)
      if (res.props.raw && !res.props.raw.startsWith('/')) bad(`raw ${res.props.raw} is not an absolute path.`)
      break
    case 'rctl':
      if ((res.values ?? []).length === 0) bad('no value specified')
      break
    case 'attr':
      if (res.props.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(res.props.name))
        bad(
          /^[A-Za-z0-9]/.test(res.props.name)
            ? `Invalid attr name ${res.props.name}: can only contain alpha-numeric characters, plus '-' and '.'.`
            : `Invalid attr name ${res.props.name}: must start with an alpha-numeric character.`,
        )
      checkAttrValue(res, bad)
      break
    case 'capped-cpu':
      if (!res.props.ncpus) bad('ncpus not specified')
      break
    case 'capped-memory': {
      const {physical, locked} = res.props
      if (!physical && !res.props.swap && !locked)
        bad('No property was specified.  One of physical, swap or locked is required.')
      else if (physical && locked && Number(physical) < Number(locked))
        bad('The locked cap must be less than or equal to the physical cap.')
      break
    }
  }
  return ok
}

function checkAttrValue(res: Resource, bad: (message: string) => void): void {
  const {type, value = ''} = res.props
  const valid: Record<string, RegExp> = {
    boolean: /^(true|false)$/,
    int: /^-?[0-9]+$/,
    uint: /^[0-9]+$/,
    string: /^/,
  }
  if (type === undefined) {
    bad(`invalid attr type ''`)
    return
  }
  const pattern = valid[type]
  if (!pattern) {
    bad(`invalid attr type '${type}'`)
    return
  }
  if (!pattern.test(value)) bad(`invalid attr value for type=${type}`)
}

/** The duplicate check of end_func for `add`. */
function isDuplicate(ctx: SessionContext, scope: Scope): boolean {
  const {spec, res} = scope
  const same = resourcesOfType(ctx.config, spec.type).some((r) =>
    spec.key.every((key) => (r.props[key] ?? '') === (res.props[key] ?? '')),
  )
  if (!same) return false
  if (spec.type === 'net') {
    const [label, value] = res.props.address
      ? ['address', res.props.address]
      : ['allowed-address', res.props['allowed-address'] ?? '']
    ctx.zerr(`A net resource with the physical '${res.props.physical}', and ${label} '${value}' already exists.`)
  } else {
    const key = spec.key[0]!
    ctx.zerr(
      `${spec.type === 'attr' ? 'An' : 'A'} ${spec.type} resource with the ${key} '${res.props[key]}' already exists.`,
    )
  }
  return true
}

/** Stores capped-memory values where the flavour keeps them; `replace` drops unset ones. */
function applyMemoryCaps(ctx: SessionContext, caps: MemoryCaps, replace: boolean): void {
  const config = ctx.config
  for (const [prop, alias] of Object.entries(MCAP_ALIASES)) {
    const value = caps[prop as keyof MemoryCaps]
    if (prop === 'physical' && !ctx.flavour.physicalCapIsRctl) {
      if (value !== undefined) {
        config.resources = config.resources.filter((r) => r.type !== 'capped-memory')
        config.resources.push({type: 'capped-memory', props: {physical: String(value)}})
      } else if (replace) {
        config.resources = config.resources.filter((r) => r.type !== 'capped-memory')
      }
      continue
    }
    if (value !== undefined) setAliased(config, alias, value)
    else if (replace) removeAliased(config, alias)
  }
}
