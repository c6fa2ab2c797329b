// verify and commit: the whole-configuration checks of verify_func and
// zonecfg_save(), also run when a session ends with unsaved changes.
import type {Resource, ZoneRecord} from '../types.js'
import {resourcesOfType} from './config.js'
import type {SessionContext} from './context.js'
import {Z} from './errors.js'
import type {Token} from './lexer.js'
import {validPhysical} from './property-checks.js'

export function verifyCommand(ctx: SessionContext, args: Token[]): void {
  if (args.length > 0) {
    ctx.shortUsage('verify')
    return
  }
  if (ctx.readOnly()) return
  verify(ctx, false)
}

export function commitCommand(ctx: SessionContext, args: Token[]): void {
  if (args.length > 0) {
    ctx.shortUsage('commit')
    return
  }
  if (ctx.readOnly()) return
  verify(ctx, true)
}

/** verify_func(): checks the whole configuration; with `save`, commits it when valid. */
export function verify(ctx: SessionContext, save: boolean): void {
  if (!ctx.initialize(true)) return
  const config = ctx.config
  let result: string | undefined
  const problem = (message: string, code: string): void => {
    ctx.fail(message)
    result ??= code
  }
  if (!config.props.zonepath) problem('zonepath cannot be empty.', Z.REQD_RESOURCE_MISSING)
  const brand = config.props.brand ?? ''
  if (!ctx.brands.includes(brand)) {
    ctx.zerr(`${ctx.zone}: unknown brand.\n`)
    ctx.zonePerror(ctx.zone, Z.INVALID_DOCUMENT)
    return
  }
  const exclusive = config.props['ip-type'] === 'exclusive'
  const required = (res: Resource, prop: string): void => {
    if (!res.props[prop]) problem(`${res.type}: ${prop} not specified`, Z.REQD_PROPERTY_MISSING)
  }
  for (const fs of resourcesOfType(config, 'fs')) for (const prop of ['dir', 'special', 'type']) required(fs, prop)
  const defrouterWithoutAddress = new Set<string>()
  const linksWithAddress = new Set<string>()
  for (const net of resourcesOfType(config, 'net')) {
    required(net, 'physical')
    const physical = net.props.physical ?? ''
    if (physical && !validPhysical(ctx, physical)) result ??= Z.INVAL
    if (!exclusive) {
      required(net, 'address')
      if (net.props['allowed-address'])
        problem('net: allowed-address cannot be specified for a shared IP type', Z.INVAL)
    } else if (net.props.address) {
      problem('net: address cannot be specified for an exclusive IP type', Z.INVAL)
    } else {
      if (net.props['allowed-address']) linksWithAddress.add(physical)
      if (net.props.defrouter) defrouterWithoutAddress.add(physical)
    }
  }
  for (const link of defrouterWithoutAddress)
    if (!linksWithAddress.has(link))
      problem(
        `net: defrouter for ${link} cannot be specified without allowed-address for an exclusive IP type`,
        Z.INVAL,
      )
  let cpuShares = false
  let cpuCap = false
  for (const rctl of resourcesOfType(config, 'rctl')) {
    required(rctl, 'name')
    cpuShares ||= rctl.props.name === 'zone.cpu-shares'
    cpuCap ||= rctl.props.name === 'zone.cpu-cap'
    if ((rctl.values ?? []).length === 0) problem('rctl: no value specified', Z.REQD_PROPERTY_MISSING)
  }
  const dedicated = resourcesOfType(config, 'dedicated-cpu').length > 0
  if (dedicated && cpuShares) problem('rctl zone.cpu-shares and dedicated-cpu are incompatible.', Z.INCOMPATIBLE)
  const sched = config.props['scheduling-class']
  if (cpuShares && sched && sched !== 'FSS')
    problem(`WARNING: rctl zone.cpu-shares and scheduling-class=${sched} are incompatible`, Z.INCOMPATIBLE)
  if (dedicated && cpuCap) problem('rctl zone.cpu-cap and the dedicated-cpu are incompatible.', Z.INCOMPATIBLE)
  for (const attr of resourcesOfType(config, 'attr')) for (const prop of ['name', 'type', 'value']) required(attr, prop)
  for (const dataset of resourcesOfType(config, 'dataset')) {
    if (!dataset.props.name) problem('dataset: name not specified', Z.REQD_PROPERTY_MISSING)
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(dataset.props.name) || dataset.props.name.endsWith('/'))
      problem('dataset: name invalid', 'Bad property value')
  }
  for (const admin of resourcesOfType(config, 'admin')) for (const prop of ['user', 'auths']) required(admin, prop)
  if (ctx.scope) problem('resource specification incomplete', Z.INSUFFICIENT_SPEC)

  if (save) {
    if (result === undefined) result = saveZone(ctx)
    else ctx.zerr(`Zone ${ctx.zone} failed to verify`)
  }
  if (result !== undefined) ctx.zonePerror(ctx.zone, result)
}

/** zonecfg_save(): writes the zone record and index; returns an error text on failure. */
function saveZone(ctx: SessionContext): string | undefined {
  const renamed = ctx.zone !== ctx.originalName
  if (renamed && ctx.store.zone(ctx.zone)) return Z.NAME_IN_USE
  const config = structuredClone(ctx.config)
  const record: ZoneRecord = ctx.record
    ? {...ctx.record, name: ctx.zone, config}
    : {name: ctx.zone, state: 'configured', zoneid: null, uuid: '', debugid: null, config, publishers: []}
  record.debugid ??= ctx.store.nextId('nextDebugId')
  if (renamed && ctx.record) ctx.store.renameZone(ctx.originalName, record)
  else ctx.store.saveZone(record)
  ctx.record = record
  ctx.originalName = ctx.zone
  ctx.needToCommit = false
  return undefined
}
