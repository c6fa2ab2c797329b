// `set` and `clear`: zone-wide properties and rctl aliases with their checks;
// inside a resource scope they edit the resource instead.
import {validZoneName} from '../names.js'
import {leadingForce, pairs} from './arguments.js'
import {getAliased, removeAliased, resourcesOfType, setAliased} from './config.js'
import type {SessionContext} from './context.js'
import {Z} from './errors.js'
import {syntaxUsage} from './help.js'
import {tokenText, type Token} from './lexer.js'
import {clearResourceProperty, setResourceProperty} from './resource-properties.js'
import {aliasByName, GLOBAL_PROPS, strToBytes} from './resources.js'

const ZONE_WIDE_SETTABLE = new Set(GLOBAL_PROPS)

export function setCommand(ctx: SessionContext, args: Token[]): void {
  if (ctx.readOnly()) return
  const {force, rest} = leadingForce(args)
  const assignments = pairs(rest)
  if (assignments?.length !== 1) {
    ctx.shortUsage('set')
    return
  }
  const [prop, value] = assignments[0]!
  if (!ctx.scope && !ZONE_WIDE_SETTABLE.has(prop) && !ctx.isAlias(prop)) {
    ctx.fail('Cannot set a resource-specific property from the global scope.')
    return
  }
  if (force) {
    ctx.fail(
      prop === 'zonepath'
        ? 'Zonepath is changeable only in an alternate root.'
        : 'Only zonepath setting can be forced.',
    )
    return
  }
  const listAllowed =
    (ctx.scope?.spec.type === 'fs' && prop === 'options') || (ctx.scope?.spec.type === 'rctl' && prop === 'value')
  if (!listAllowed && value.kind !== 'simple') {
    ctx.fail('A simple value was expected here.')
    return
  }
  if (prop === 'zonename' && !ctx.gotHandle && !ctx.record) {
    renameBeforeCreate(ctx, (value as {text: string}).text)
    return
  }
  if (!ctx.initialize(true)) return
  if (ctx.scope) setResourceProperty(ctx, ctx.scope, prop, value)
  else setZoneProperty(ctx, prop, (value as {text: string}).text)
}

/** `set zonename` before any configuration exists names the zone `create` will make. */
function renameBeforeCreate(ctx: SessionContext, name: string): void {
  if (!validZoneName(name)) {
    ctx.zonePerror(name, 'Bogus zone name')
    ctx.console.err(syntaxUsage(false))
    return
  }
  ctx.zone = name
  ctx.originalName = name
}

function setZoneProperty(ctx: SessionContext, prop: string, value: string): void {
  const props = ctx.config.props
  const installedGuard = (): boolean => {
    if (!ctx.stateAtLeast('installed')) return false
    ctx.zerr(`Zone ${ctx.zone} already installed; set ${prop} not allowed.`)
    return true
  }
  switch (prop) {
    case 'zonename':
      if (!validZoneName(value)) {
        ctx.zonePerror(value, 'Bogus zone name')
        ctx.console.err(syntaxUsage(false))
      } else if (ctx.stateAtLeast('installed')) {
        ctx.zonePerror(value, Z.BAD_ZONE_STATE)
      } else {
        ctx.zone = value
        ctx.needToCommit = true
      }
      return
    case 'zonepath':
      if (installedGuard()) return
      if (!value.startsWith('/')) {
        ctx.fail(`${value} is not an absolute path.`)
        return
      }
      if (/^\/+$/.test(value)) {
        ctx.fail('/ is not allowed as a zonepath.')
        return
      }
      break
    case 'brand':
      if (installedGuard()) return
      break
    case 'autoboot':
      if (value !== 'true' && value !== 'false') {
        ctx.fail("autoboot value must be 'true' or 'false'.")
        return
      }
      break
    case 'ip-type':
      if (value !== 'shared' && value !== 'exclusive') {
        ctx.fail("ip-type value must be 'shared' or 'exclusive'.")
        return
      }
      // allow_exclusive(): the first place an unknown `set brand=` shows up (CONTRACT §3.3).
      if (value === 'exclusive' && !ctx.brands.includes(props.brand ?? '')) {
        ctx.fail(`${ctx.zone}: unknown brand.\n`)
        return
      }
      break
    case 'pool':
      if (value.startsWith('SUNW')) {
        ctx.fail('pool names starting with SUNW are reserved.')
        return
      }
      if (resourcesOfType(ctx.config, 'dedicated-cpu').length > 0) {
        ctx.fail(
          'The dedicated-cpu resource already exists.  A persistent pool is incompatible\nwith the dedicated-cpu resource.',
        )
        return
      }
      break
    default:
      if (ctx.isAlias(prop)) {
        setAliasProperty(ctx, prop, value)
        return
      }
  }
  props[prop] = value
  ctx.needToCommit = true
}

function setAliasProperty(ctx: SessionContext, prop: string, text: string): void {
  const alias = aliasByName(prop)
  let limitText = text
  if (alias.size) {
    const bytes = strToBytes(text)
    if (bytes === undefined) {
      ctx.fail('A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.')
      return
    }
    limitText = String(bytes)
  }
  if (getAliased(ctx.config, prop).status === 'incompatible') {
    ctx.zonePerror(prop, Z.ALIAS_DISALLOW)
    return
  }
  if (!/^[0-9]+$/.test(limitText) || Number(limitText) < alias.min) {
    ctx.fail(`${prop} property is out of range.`)
    return
  }
  setAliased(ctx.config, prop, Number(limitText))
  ctx.needToCommit = true
}

export function clearCommand(ctx: SessionContext, args: Token[]): void {
  if (ctx.readOnly()) return
  const prop = tokenText(args[0])
  if (prop === undefined || args.length !== 1) {
    ctx.shortUsage('clear')
    return
  }
  if (!ctx.initialize(true)) return
  if (ctx.scope) {
    clearResourceProperty(ctx, ctx.scope, prop)
    return
  }
  const props = ctx.config.props
  if (['zonename', 'zonepath', 'brand'].includes(prop)) {
    ctx.zonePerror(prop, Z.CLEAR_DISALLOW)
  } else if (prop === 'autoboot') {
    props.autoboot = 'false'
    ctx.needToCommit = true
  } else if (prop === 'ip-type') {
    props['ip-type'] = 'shared'
    ctx.needToCommit = true
  } else if (ZONE_WIDE_SETTABLE.has(prop)) {
    delete props[prop]
    ctx.needToCommit = true
  } else if (ctx.isAlias(prop)) {
    const found = getAliased(ctx.config, prop)
    if (found.status !== 'set') {
      ctx.fail(`clear ${prop}: ${found.status === 'unset' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW}`)
      return
    }
    removeAliased(ctx.config, prop)
    ctx.needToCommit = true
  } else {
    ctx.zonePerror(prop, Z.NO_PROPERTY_TYPE)
    ctx.longUsage('clear')
  }
}
