import {type IpType, type Template, zonecfgQuoted, zonecfgWord} from 'zmgr'

export interface ZonecfgFileNet {
  /** The link the zone uses: its VNIC (exclusive IP) or the global-zone interface (shared IP). */
  physical: string
  /** Address with prefix length. */
  address: string
  defrouter?: string
}

export interface ZonecfgSpec {
  zonepath: string
  brand: string
  autoboot: boolean
  ipType: IpType
  nets: ZonecfgFileNet[]
  template: Template
  dns?: {domain?: string; resolvers: string[]}
  /** Lines the brand adds (Brand.zonecfg). */
  brandLines: string[]
}

/**
 * Resource properties are always double-quoted, as `zonecfg export` writes them (CONTRACT §3.9);
 * zone-wide values and fs options are quoted when a bare token would end early (§3.3.1).
 */
function resource(type: string, props: Array<[string, string | undefined]>, extra: string[] = []): string[] {
  return [
    `add ${type}`,
    ...props.filter(([, v]) => v !== undefined).map(([k, v]) => `set ${k}=${zonecfgQuoted(v!)}`),
    ...extra,
    'end',
  ]
}

/**
 * The command file for `zonecfg -z NAME -f FILE`: a blank configuration
 * (`create -b`, as zadm does, so nothing depends on the system's default
 * template), the zone-wide settings, one `net` per template net, the
 * template's resources, the DNS attrs OmniOS reads at boot, the brand's
 * lines and finally the template's raw `zonecfg` lines. Every value must be
 * expressible (assertZonecfgWritable refuses the others at planning).
 */
export function buildZonecfgFile(spec: ZonecfgSpec): string {
  const t = spec.template
  const lines = [
    'create -b',
    `set zonepath=${zonecfgWord(spec.zonepath)}`,
    `set brand=${zonecfgWord(spec.brand)}`,
    `set autoboot=${spec.autoboot}`,
    `set ip-type=${spec.ipType}`,
  ]
  if (t.limitpriv) lines.push(`set limitpriv=${zonecfgWord(t.limitpriv)}`)
  if (t.schedulingClass) lines.push(`set scheduling-class=${zonecfgWord(t.schedulingClass)}`)
  if (t.cpuShares !== undefined) lines.push(`set cpu-shares=${t.cpuShares}`)
  if (t.maxLwps !== undefined) lines.push(`set max-lwps=${t.maxLwps}`)
  if (t.maxProcesses !== undefined) lines.push(`set max-processes=${t.maxProcesses}`)
  for (const net of spec.nets) {
    lines.push(
      ...resource('net', [
        [spec.ipType === 'exclusive' ? 'allowed-address' : 'address', net.address],
        ['physical', net.physical],
        ['defrouter', net.defrouter],
      ]),
    )
  }
  if (t.cappedMemory)
    lines.push(
      ...resource('capped-memory', [
        ['physical', t.cappedMemory.physical],
        ['swap', t.cappedMemory.swap],
        ['locked', t.cappedMemory.locked],
      ]),
    )
  if (t.cappedCpu !== undefined) lines.push(...resource('capped-cpu', [['ncpus', String(t.cappedCpu)]]))
  for (const fs of t.fs)
    lines.push(
      ...resource(
        'fs',
        [
          ['dir', fs.dir],
          ['special', fs.special],
          ['type', fs.type],
        ],
        fs.options.map((option) => `add options ${zonecfgWord(option)}`),
      ),
    )
  for (const dataset of t.datasets) lines.push(...resource('dataset', [['name', dataset]]))
  const attrs = [...t.attrs]
  if (spec.dns?.domain && !attrs.some((a) => a.name === 'dns-domain'))
    attrs.push({name: 'dns-domain', type: 'string', value: spec.dns.domain})
  if (spec.dns && spec.dns.resolvers.length > 0 && !attrs.some((a) => a.name === 'resolvers'))
    attrs.push({name: 'resolvers', type: 'string', value: spec.dns.resolvers.join(',')})
  for (const attr of attrs)
    lines.push(
      ...resource('attr', [
        ['name', attr.name],
        ['type', attr.type],
        ['value', attr.value],
      ]),
    )
  lines.push(...spec.brandLines, ...t.zonecfg)
  return `${lines.join('\n')}\n`
}
