// The read-only commands: info, export and help.
import {writeFileSync} from 'node:fs'
import {getopt, qualifiers} from './arguments.js'
import type {Scope, SessionContext} from './context.js'
import {
  aliasLine,
  cpuCapInfo,
  exportConfig,
  fullInfo,
  globalPropLine,
  memoryCapsInfo,
  resourceInfo,
  resourceTypeInfo,
} from './format.js'
import {printHelp} from './help.js'
import {tokenText, type Token} from './lexer.js'
import {scopeMemoryCaps} from './resource-scope.js'
import {GLOBAL_PROPS} from './resources.js'

export function infoCommand(ctx: SessionContext, args: Token[]): void {
  if (!ctx.initialize(true)) return
  const config = ctx.config
  if (ctx.scope) {
    ctx.console.out(scopeInfo(ctx, ctx.scope))
    return
  }
  const what = args[0]?.kind === 'word' ? args[0].text : undefined
  if (what === undefined) {
    ctx.console.out(fullInfo(config, ctx.zone, ctx.flavour, ctx.specs))
    return
  }
  if (GLOBAL_PROPS.includes(what)) {
    ctx.console.out(globalPropLine(config, ctx.zone, what))
    return
  }
  if (ctx.isAlias(what)) {
    ctx.console.out(aliasLine(config, what))
    return
  }
  const spec = ctx.spec(what)
  if (!spec) {
    ctx.console.out(fullInfo(config, ctx.zone, ctx.flavour, ctx.specs))
    return
  }
  const wanted = qualifiers(ctx, 'info', spec, args.slice(1))
  if (!wanted) return
  const text = resourceTypeInfo(config, ctx.flavour, spec, wanted)
  if (text === '' && Object.keys(wanted).length > 0) ctx.console.out(`No such ${spec.type} resource.\n`)
  else ctx.console.out(text)
}

/** `info` inside a resource scope shows the resource being edited. */
function scopeInfo(ctx: SessionContext, scope: Scope): string {
  if (scope.spec.type === 'capped-cpu') {
    const ncpus = scope.res.props.ncpus
    return ncpus ? cpuCapInfo(Math.trunc(Number(ncpus) * 100)) : ''
  }
  if (scope.spec.type === 'capped-memory') return memoryCapsInfo(scopeMemoryCaps(scope.res), ctx.flavour)
  return resourceInfo(scope.spec, scope.res)
}

export function exportCommand(ctx: SessionContext, args: Token[]): void {
  const opts = getopt(ctx, 'export', args, '', 'f')
  if (!opts) return
  if (!ctx.initialize(true)) return
  const text = exportConfig(ctx.config, ctx.specs)
  if (opts.f === undefined) {
    ctx.console.out(text)
    return
  }
  try {
    writeFileSync(opts.f, text)
  } catch (error) {
    ctx.zerr(`opening file ${opts.f}: ${(error as Error).message}`)
  }
}

export function helpCommand(ctx: SessionContext, args: Token[]): void {
  printHelp(ctx.console, tokenText(args[0]))
}
