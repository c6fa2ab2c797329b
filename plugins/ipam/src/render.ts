import {formatIp, NEARLY_FULL_PERCENT, type Pool, type poolUsageToJson} from 'zmgr'

type UsageJson = ReturnType<typeof poolUsageToJson>

/** "3.0%", and "<0.1%" rather than a misleading 0% for a sparsely used IPv6 pool. */
export function percentText(usage: UsageJson): string {
  return usage.used !== '0' && usage.percent < 0.1 ? '<0.1%' : `${usage.percent.toFixed(1)}%`
}

export function usageText(usage: UsageJson): string {
  return `${usage.used} of ${usage.size} (${percentText(usage)})`
}

/** What `pools list` says after the numbers: nothing for a healthy pool. */
export function usageNote(usage: UsageJson): string {
  if (usage.free === '0') return 'full'
  return usage.nearlyFull ? `over ${NEARLY_FULL_PERCENT}% used` : ''
}

export function rangeTexts(pool: Pool): string[] {
  return pool.ranges.map((range) => `${formatIp(range.first)} - ${formatIp(range.last)}`)
}
