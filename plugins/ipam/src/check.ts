import {
  crossPoolProblems,
  type Diagnostic,
  type Ledger,
  operationError,
  parseHostAddress,
  type Pool,
  poolKind,
  poolProblems,
  PoolSpace,
  readItem,
  type Registry,
  ZmgrError,
} from 'zmgr'

const key = (d: Diagnostic) => `${d.code}\0${d.message}`

/**
 * The pool a create or edit would write, checked before anything is written:
 * schema and semantic errors refuse the change (exit 2), as do errors it
 * would introduce between pools. Returns the pool and its warnings.
 */
export async function checkPoolText(
  registry: Registry,
  name: string,
  text: string,
): Promise<{pool: Pool; warnings: Diagnostic[]}> {
  const read = readItem(poolKind, registry.fileOf(poolKind, name), text)
  if (!read.value) throw ZmgrError.fromDiagnostics(read.diagnostics.filter((d) => d.severity === 'error'))
  const pool = read.value
  const others = (await registry.scan(poolKind)).items.filter((other) => other.name !== name)
  // Only what this pool adds between pools is its business; older clashes are `validate`'s.
  const existing = new Set(crossPoolProblems(others).map(key))
  const problems = [...poolProblems(pool), ...crossPoolProblems([...others, pool]).filter((d) => !existing.has(key(d)))]
  const errors = problems.filter((d) => d.severity === 'error')
  if (errors.length > 0) throw ZmgrError.fromDiagnostics(errors)
  return {pool, warnings: [...read.diagnostics, ...problems]}
}

/** Addresses zones hold in `before` that `after` no longer hands out (outside its ranges, or now its gateway). */
export function strandedBy(
  before: Pool,
  after: Pool,
  ledger: Ledger,
): Array<{address: string; zone: string; net: string}> {
  const space = PoolSpace.of(after)
  return ledger.allocationsIn(before).filter((held) => {
    const ip = parseHostAddress(held.address)!
    return ip.family !== after.family || !space.contains(ip.value) || space.unusable.has(ip.value)
  })
}

export function strandError(pool: string, stranded: Array<{address: string; zone: string}>) {
  const shown = stranded
    .slice(0, 5)
    .map((held) => `${held.address} (${held.zone})`)
    .join(', ')
  return operationError(
    'zmgr::pool::strands-addresses',
    `the change leaves ${stranded.length} held address${stranded.length === 1 ? '' : 'es'} outside pool ${JSON.stringify(pool)}: ${shown}${stranded.length > 5 ? ', ...' : ''}`,
    {
      help: 'keep those addresses inside the pool, or destroy or re-address those zones first; --force makes the change anyway (the zones keep their addresses, outside the pool)',
      data: {stranded},
    },
  )
}
