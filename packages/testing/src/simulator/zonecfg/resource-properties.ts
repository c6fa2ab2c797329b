// Editing the resource in scope: `set`, `clear`, `add <prop> <value>` and
// `remove <prop> <value>` of its simple and list properties.
import type {Resource} from '../types.js'
import type {Scope, SessionContext} from './context.js'
import {Z} from './errors.js'
import {tokenText, type Token, type Value} from './lexer.js'
import {validateResourceProperty} from './property-checks.js'

export function setResourceProperty(ctx: SessionContext, scope: Scope, prop: string, value: Value): void {
  const spec = scope.spec
  const isList = (spec.list === 'options' && prop === 'options') || (spec.list === 'values' && prop === 'value')
  if (!spec.props.includes(prop) && !isList) {
    ctx.zonePerror(prop, Z.NO_PROPERTY_TYPE)
    ctx.longUsage('set')
    return
  }
  if (isList) {
    if (prop === 'options') scope.res.options = []
    else scope.res.values = []
    if (!(value.kind === 'list' && value.items.length === 0)) addListValue(ctx, scope, prop, value)
    return
  }
  const text = (value as {text: string}).text
  const stored = validateResourceProperty(ctx, spec.type, prop, text)
  if (stored !== undefined) scope.res.props[prop] = stored
}

export function clearResourceProperty(ctx: SessionContext, scope: Scope, prop: string): void {
  if (!scope.spec.props.includes(prop) || scope.spec.required.includes(prop)) {
    ctx.zonePerror(prop, Z.CLEAR_DISALLOW)
    return
  }
  delete scope.res.props[prop]
  ctx.needToCommit = true
}

/** `add <prop> <value>` in resource scope: fs options, rctl values, net/device properties. */
export function addProperty(ctx: SessionContext, scope: Scope, args: Token[]): void {
  const prop = tokenText(args[0])
  const value = args[1]
  if (prop === undefined || args.length !== 2 || value === undefined) {
    ctx.longUsage('add')
    return
  }
  const listProp = {options: 'options', values: 'value', properties: 'property'}[scope.spec.list ?? 'options']
  if (scope.spec.list === undefined || prop !== listProp) {
    ctx.zonePerror(prop, Z.NO_PROPERTY_TYPE)
    ctx.longUsage('add')
    return
  }
  addListValue(ctx, scope, prop, value.kind === 'value' ? value.value : {kind: 'simple', text: tokenText(value) ?? ''})
}

function addListValue(ctx: SessionContext, scope: Scope, prop: string, value: Value): void {
  const items = value.kind === 'list' ? value.items : [value]
  if (prop === 'options') {
    if (value.kind === 'complex') {
      ctx.fail('A simple or list value was expected here.')
      return
    }
    const texts = items.flatMap((item) => (item.kind === 'simple' ? [item.text] : []))
    if (texts.length > 0) scope.res.options = [...(scope.res.options ?? []), ...texts]
    return
  }
  if (value.kind === 'simple') {
    ctx.fail(prop === 'value' ? 'A complex or list value was expected here.' : 'A complex value was expected here.')
    return
  }
  for (const item of items) {
    if (item.kind !== 'complex') continue
    if (prop === 'value') addRctlValue(ctx, scope.res, item.pairs)
    else addComplexProperty(ctx, scope.res, item.pairs)
  }
}

/** do_complex_rctl_val(). Its errors do not mark the session as failed (as in zonecfg.c). */
function addRctlValue(ctx: SessionContext, res: Resource, pairs: Array<{name: string; value: string}>): void {
  const seen: Record<string, string> = {}
  for (const {name, value} of pairs) {
    if (!['priv', 'limit', 'action'].includes(name)) {
      ctx.zonePerror('value', Z.NO_PROPERTY_TYPE)
      ctx.longUsage('add')
      return
    }
    if (name in seen) {
      ctx.zerr(`${name} already specified`)
      return
    }
    seen[name] = value
  }
  const missing = ['priv', 'limit', 'action'].filter((key) => !(key in seen))
  for (const key of missing) ctx.zerr(`${key} not specified`)
  if (missing.length > 0) return
  const valid =
    ['basic', 'privileged', 'system'].includes(seen.priv!) &&
    /^[0-9]+$/.test(seen.limit!) &&
    /^(none|deny|signal=\S+)$/.test(seen.action!)
  if (!valid) {
    ctx.zerr('Invalid rctl value specification')
    return
  }
  res.values = [...(res.values ?? []), {priv: seen.priv!, limit: seen.limit!, action: seen.action!}]
}

function addComplexProperty(ctx: SessionContext, res: Resource, pairs: Array<{name: string; value: string}>): void {
  const name = pairs.find((p) => p.name === 'name')?.value
  const value = pairs.find((p) => p.name === 'value')?.value
  if (name === undefined || value === undefined || pairs.length !== 2) {
    ctx.zonePerror('property', Z.NO_PROPERTY_TYPE)
    return
  }
  res.properties = [...(res.properties ?? []), {name, value}]
}

/** `remove <prop> <value>` in resource scope. */
export function removeProperty(ctx: SessionContext, scope: Scope, args: Token[]): void {
  const prop = tokenText(args[0])
  const token = args[1]
  if (prop === undefined || args.length !== 2 || token === undefined) {
    ctx.longUsage('remove')
    return
  }
  const value: Value = token.kind === 'value' ? token.value : {kind: 'simple', text: tokenText(token) ?? ''}
  const res = scope.res
  const type = scope.spec.type
  if (type === 'net' && prop === 'defrouter') {
    delete res.props.defrouter
    return
  }
  const removeFrom = <T>(list: T[] | undefined, same: (item: T) => boolean): void => {
    const index = list?.findIndex(same) ?? -1
    if (index < 0) ctx.zonePerror(prop, Z.NO_PROPERTY_ID)
    else list!.splice(index, 1)
  }
  const items = value.kind === 'list' ? value.items : [value]
  if (type === 'fs' && prop === 'options') {
    for (const item of items) if (item.kind === 'simple') removeFrom(res.options, (o) => o === item.text)
  } else if (type === 'rctl' && prop === 'value' && value.kind === 'complex') {
    const wanted = Object.fromEntries(value.pairs.map((p) => [p.name, p.value]))
    removeFrom(res.values, (v) => v.priv === wanted.priv && v.limit === wanted.limit && v.action === wanted.action)
  } else if (scope.spec.list === 'properties' && prop === 'property' && value.kind === 'complex') {
    const name = value.pairs.find((p) => p.name === 'name')?.value
    removeFrom(res.properties, (p) => p.name === name)
  } else {
    ctx.zonePerror(prop, Z.NO_PROPERTY_TYPE)
    ctx.longUsage('remove')
  }
}
