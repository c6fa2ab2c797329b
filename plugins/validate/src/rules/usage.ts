import type {Diagnostic, Holding, RegistrySnapshot, ValidationRule} from 'zmgr'
import {Ledger, NEARLY_FULL_PERCENT, problemAt} from 'zmgr'

export const usageRule: ValidationRule = {
  id: 'usage',
  summary: `Pools used above ${NEARLY_FULL_PERCENT} % are reported (warning).`,
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    const holdings: Holding[] = snapshot.zones.flatMap((zone) =>
      zone.nets.flatMap((net) =>
        net.address === undefined ? [] : [{zone: zone.name, net: net.name, address: net.address, pool: net.pool}],
      ),
    )
    const ledger = new Ledger(holdings)
    return snapshot.pools.flatMap((pool) => {
      const usage = ledger.usage(pool)
      // A pool with nothing to hand out is reported by the pools rule.
      if (usage.sizeExact === 0n || usage.percent <= NEARLY_FULL_PERCENT) return []
      return [
        problemAt(pool, pool.nodes.get('range') ?? pool.nodes.get('addresses'), {
          code: 'zmgr::pool::nearly-full',
          severity: 'warning',
          message: `pool ${JSON.stringify(pool.name)} is ${usage.percent} % used (${usage.used} of ${usage.sizeExact} addresses)`,
          help:
            usage.used >= usage.size
              ? 'the next create that needs it will fail: widen a range, add a range or addresses, or free addresses'
              : 'widen a range or add addresses before it runs out (zmgr pools allocations shows who holds what)',
          data: {pool: pool.name, used: String(usage.used), size: usage.sizeExact.toString(), percent: usage.percent},
        }),
      ]
    })
  },
}
