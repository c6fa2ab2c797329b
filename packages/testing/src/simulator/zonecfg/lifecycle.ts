// The commands that replace, drop or leave the whole configuration:
// create, delete, revert and exit.
import {hasKernelInstance} from '../types.js'
import {getopt} from './arguments.js'
import {templateConfig, templateName} from './config.js'
import type {SessionContext} from './context.js'
import {Z} from './errors.js'
import type {Token} from './lexer.js'

export function createCommand(ctx: SessionContext, args: Token[]): void {
  const opts = getopt(ctx, 'create', args, 'bF', 'at')
  if (!opts || ctx.readOnly()) return
  if (ctx.record) {
    if (ctx.stateAtLeast('installed')) {
      ctx.zerr(`Zone ${ctx.zone} already installed; create not allowed.`)
      return
    }
    if ('F' in opts) {
      ctx.console.out(`Zone ${ctx.zone} already exists; overwriting.\n`)
    } else if (
      !ctx.confirm(
        `Zone ${ctx.zone} already exists; create anyway`,
        'Zone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.',
      )
    ) {
      return
    }
  }
  if ('a' in opts) {
    ctx.console.err('invalid path to detached zone\n')
    return
  }
  const template = 'b' in opts ? 'SUNWblank' : 't' in opts ? templateName(ctx.flavour, opts.t!) : 'SUNWdefault'
  const config = templateConfig(ctx.flavour, ctx.brands, template)
  if (!config) {
    ctx.zonePerror(template, Z.NO_ZONE)
    return
  }
  ctx.handle = config
  ctx.needToCommit = true
  ctx.gotHandle = true
}

export function deleteCommand(ctx: SessionContext, args: Token[]): void {
  const opts = getopt(ctx, 'delete', args, 'F')
  if (!opts || ctx.readOnly()) return
  const force = 'F' in opts
  if (!force) {
    if (!ctx.initialize(true)) return
    if (
      !ctx.confirm(
        `Are you sure you want to delete zone ${ctx.zone}`,
        'Input not from terminal and -F not specified:\ndelete command ignored, exiting.',
      )
    )
      return
  }
  if (!ctx.record) {
    ctx.zonePerror(ctx.zone, Z.NO_ZONE)
  } else if (hasKernelInstance(ctx.record.state)) {
    ctx.zonePerror(ctx.zone, Z.BAD_ZONE_STATE)
  } else if (!force && ctx.stateAtLeast('incomplete')) {
    ctx.fail(`Zone ${ctx.zone} not in configured state; delete not allowed.  Use -F to force delete.`)
  } else {
    ctx.store.deleteZone(ctx.record.name)
    ctx.record = undefined
  }
  ctx.needToCommit = false
  if (force && !ctx.handle && ctx.interactive) ctx.console.out("Use 'create' to begin configuring a new zone.\n")
  if (ctx.gotHandle) {
    ctx.handle = ctx.record ? structuredClone(ctx.record.config) : undefined
    ctx.gotHandle = ctx.handle !== undefined
  }
}

export function revertCommand(ctx: SessionContext, args: Token[]): void {
  const opts = getopt(ctx, 'revert', args, 'F')
  if (!opts || ctx.readOnly()) return
  if (!ctx.handle) {
    ctx.fail('No changes to revert.')
    return
  }
  if (
    !('F' in opts) &&
    !ctx.confirm(
      'Are you sure you want to revert',
      'Input not from terminal and -F not specified:\nrevert command ignored, exiting.',
    )
  )
    return
  ctx.zone = ctx.originalName
  ctx.record = ctx.store.zone(ctx.originalName)
  ctx.handle = ctx.record ? structuredClone(ctx.record.config) : undefined
  if (!ctx.handle) {
    ctx.gotHandle = false
    ctx.fail(`${ctx.originalName}: no such saved zone to revert to.`)
  }
}

export function exitCommand(ctx: SessionContext, args: Token[]): void {
  const opts = getopt(ctx, 'exit', args, 'F')
  if (!opts) return
  if ('F' in opts) ctx.forceExit = true
  if (
    !ctx.scope ||
    ctx.forceExit ||
    ctx.confirm(
      'Resource incomplete; really quit',
      'Resource incomplete, input not from terminal and -F not specified:\nexit command ignored, but exiting anyway.',
    )
  )
    ctx.timeToExit = true
}
