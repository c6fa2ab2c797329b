import type {SystemRunner} from '../system/runner.js'

/**
 * Parse dladm `-p -o f1,f2,...` output (libofmt, CONTRACT §5.5): with several
 * fields, values are joined by `:` and `:` or `\` inside a value is escaped
 * with a backslash; with exactly one field the value is printed raw.
 */
export function parseParsable<F extends string>(text: string, fields: readonly F[]): Array<Record<F, string>> {
  const rows: Array<Record<F, string>> = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const values: string[] = []
    if (fields.length === 1) values.push(line)
    else {
      let current = ''
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]
        if (ch === '\\' && i + 1 < line.length) current += line[++i]
        else if (ch === ':') {
          values.push(current)
          current = ''
        } else current += ch
      }
      values.push(current)
    }
    const row = {} as Record<F, string>
    fields.forEach((field, index) => {
      row[field] = values[index] ?? ''
    })
    rows.push(row)
  }
  return rows
}

export interface Vnic {
  link: string
  over: string
  /** 0 when the VNIC has no VLAN tag. */
  vid: number
}

export interface Datalink {
  link: string
  /** phys, vlan, aggr, vnic, etherstub, iptun, simnet, bridge, part. */
  class: string
}

export async function listVnics(runner: SystemRunner): Promise<Vnic[]> {
  const {stdout} = await runner.run(['dladm', 'show-vnic', '-p', '-o', 'link,over,vid'])
  return parseParsable(stdout, ['link', 'over', 'vid'] as const).map((row) => ({
    link: row.link,
    over: row.over,
    vid: Number(row.vid) || 0,
  }))
}

export async function listLinks(runner: SystemRunner): Promise<Datalink[]> {
  const {stdout} = await runner.run(['dladm', 'show-link', '-p', '-o', 'link,class'])
  return parseParsable(stdout, ['link', 'class'] as const)
}
