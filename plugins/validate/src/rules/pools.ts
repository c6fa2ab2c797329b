import type {Diagnostic, RegistrySnapshot, ValidationRule} from 'zmgr'
import {crossPoolProblems, poolProblems} from 'zmgr'

/** Each pool makes sense on its own (gateway, ranges, addresses, reserves, one family) and no two pools share addresses. */
export const poolsRule: ValidationRule = {
  id: 'pools',
  summary: 'Pools are sane: gateway, ranges, addresses and reserves inside the network; no overlaps between pools.',
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    return [...snapshot.pools.flatMap((pool) => poolProblems(pool)), ...crossPoolProblems(snapshot.pools)]
  },
}
