import type {Template, TemplateNet} from 'zmgr'
import type {ImportedNet} from './nets.js'

export interface TemplateMatch {
  /** The chosen template, or undefined when none fits. */
  template?: Template
  /** Template net paired with each zone net (same order as the zone's nets); undefined where none. */
  pairs: Array<TemplateNet | undefined>
  /** Why this template was chosen, or why none fit. */
  reason: string
}

interface Candidate {
  template: Template
  pairs: Array<TemplateNet | undefined>
  score: number
  /** Why it cannot be the zone's template, when it cannot. */
  misfit?: string
  facts: string[]
}

/** How well one template net describes one zone net: pool counts most, then the link. */
function pairScore(zoneNet: ImportedNet, templateNet: TemplateNet): number {
  return (
    (zoneNet.pool !== undefined && zoneNet.pool === templateNet.pool ? 4 : 0) +
    (zoneNet.pool6 !== undefined && zoneNet.pool6 === templateNet.pool6 ? 4 : 0) +
    (zoneNet.over !== undefined && zoneNet.over === templateNet.over ? 2 : 0) +
    (zoneNet.vlan !== undefined && zoneNet.vlan === templateNet.vlan ? 1 : 0)
  )
}

/**
 * Pair zone nets with template nets, best pairs first. A pair needs something
 * in common (pool, link or VLAN), and a zone net with a pool only pairs with
 * a net of that pool; an unpaired zone net gets a name of its own.
 */
function pairNets(
  nets: readonly ImportedNet[],
  templateNets: readonly TemplateNet[],
): {pairs: Array<TemplateNet | undefined>; score: number} {
  const options = nets.flatMap((net, i) =>
    templateNets.flatMap((tnet, j) =>
      (net.pool !== undefined && net.pool !== tnet.pool) ||
      (net.pool6 !== undefined && net.pool6 !== tnet.pool6) ||
      pairScore(net, tnet) === 0
        ? []
        : [{i, j, score: pairScore(net, tnet)}],
    ),
  )
  options.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j)
  const pairs: Array<TemplateNet | undefined> = nets.map(() => undefined)
  const used = new Set<number>()
  let score = 0
  for (const {i, j, score: s} of options) {
    if (pairs[i] || used.has(j)) continue
    pairs[i] = templateNets[j]
    used.add(j)
    score += s
  }
  return {pairs, score}
}

function assess(template: Template, brand: string, ipType: string, nets: readonly ImportedNet[]): Candidate {
  const {pairs, score} = pairNets(nets, template.nets)
  const facts = [`brand ${brand}`]
  const candidate: Candidate = {template, pairs, score: score + (template.nets.length === nets.length ? 1 : 0), facts}
  if (template.ipType !== ipType) {
    candidate.misfit = `ip-type ${template.ipType}, the zone is ${ipType}`
    return candidate
  }
  const unplaced = nets.filter((net, i) => (net.pool !== undefined || net.pool6 !== undefined) && !pairs[i])
  if (unplaced.length > 0) {
    candidate.misfit = `no net for pool ${[...new Set(unplaced.map((net) => [net.pool, net.pool6].filter(Boolean).join('+')))].join(', ')}`
    return candidate
  }
  const byPool = pairs.filter((tnet, i) => tnet && nets[i].pool !== undefined).length
  const byLink = pairs.filter((tnet, i) => tnet && nets[i].over === tnet.over).length
  if (nets.length > 0)
    facts.push(
      `${byPool}/${nets.length} net${nets.length === 1 ? '' : 's'} by pool`,
      `${byLink}/${nets.length} by link`,
    )
  if (template.nets.length !== nets.length)
    facts.push(`template has ${template.nets.length} net${template.nets.length === 1 ? '' : 's'}, zone ${nets.length}`)
  return candidate
}

/**
 * Choose the template a zone most likely came from: same brand and ip-type,
 * every address's pool among the template's nets; then the most nets matched
 * by pool, link and VLAN, an equal net count, the default template, the name.
 */
export function matchTemplate(
  templates: readonly Template[],
  brand: string,
  ipType: string,
  nets: readonly ImportedNet[],
  defaultTemplate?: string,
): TemplateMatch {
  const sameBrand = templates.filter((template) => template.brand === brand)
  const none = nets.map(() => undefined)
  if (sameBrand.length === 0) return {pairs: none, reason: `no template has brand ${brand}`}
  const candidates = sameBrand.map((template) => assess(template, brand, ipType, nets))
  const fitting = candidates.filter((candidate) => !candidate.misfit)
  if (fitting.length === 0)
    return {pairs: none, reason: candidates.map((c) => `${c.template.name}: ${c.misfit}`).join('; ')}
  fitting.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.template.name === defaultTemplate) - Number(a.template.name === defaultTemplate) ||
      a.template.name.localeCompare(b.template.name),
  )
  const [best, ...rest] = fitting
  const others = rest.length > 0 ? `; also fit: ${rest.map((c) => c.template.name).join(', ')}` : ''
  return {template: best.template, pairs: best.pairs, reason: `${best.facts.join(', ')}${others}`}
}
