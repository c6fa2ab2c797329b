import {parse, type Node} from '@bgotink/kdl'
import {inputError} from '../errors.js'
import type {IpType} from '../illumos/zonecfg.js'
import {removeChildren, setChild} from '../kdl/writer.js'

/** Changes `templates create` and `templates edit` apply to a template node. */
export interface TemplateChanges {
  brand?: string
  autoboot?: boolean
  ipType?: IpType
  addNets?: Array<{name: string; pool: string; pool6?: string; over: string}>
  removeNets?: string[]
  addPublishers?: string[]
  removePublishers?: string[]
  memory?: string
  swap?: string
}

/** `--net NAME=POOL@LINK`, e.g. `public=public@igb0`. */
export function parseNetFlag(value: string): {name: string; pool: string; pool6?: string; over: string} {
  const match = /^([^=@,\s]+)=([^=@,\s]+)(?:,([^=@,\s]+))?@([^=@,\s]+)$/.exec(value)
  if (!match)
    throw inputError(
      'zmgr::usage::net',
      `--net ${JSON.stringify(value)} is not NAME=POOL@LINK or NAME=POOL,POOL6@LINK`,
      {
        help: 'e.g. --net public=public@igb0 (net "public" from pool "public" on a VNIC over igb0); dual stack: --net public=public,public6@igb0',
      },
    )
  return {name: match[1], pool: match[2], ...(match[3] === undefined ? {} : {pool6: match[3]}), over: match[4]}
}

const isNamed = (name: string, arg?: string) => (node: Node) =>
  node.getName() === name && (arg === undefined || node.getArgument(0) === arg)

/** Apply changes in place; untouched lines (and their comments) stay as they were. */
export function applyTemplateChanges(template: Node, changes: TemplateChanges): void {
  if (changes.brand !== undefined) setChild(template, {name: 'brand', args: [changes.brand]})
  if (changes.autoboot !== undefined) setChild(template, {name: 'autoboot', args: [changes.autoboot]})
  if (changes.ipType !== undefined) setChild(template, {name: 'ip-type', args: [changes.ipType]})
  for (const name of changes.removeNets ?? []) {
    if (removeChildren(template, isNamed('net', name)) === 0)
      throw inputError('zmgr::template::no-such-net', `the template has no net ${JSON.stringify(name)}`, {
        help: 'see `zmgr templates show NAME` for its nets',
      })
  }
  for (const net of changes.addNets ?? [])
    setChild(
      template,
      {name: 'net', args: [net.name], props: {pool: net.pool, pool6: net.pool6, over: net.over}},
      isNamed('net', net.name),
    )
  const publishers = new Set(
    (template.children?.nodes ?? []).filter(isNamed('publisher')).flatMap((node) => node.getArguments() as string[]),
  )
  const before = [...publishers]
  for (const name of changes.removePublishers ?? []) {
    if (!publishers.delete(name))
      throw inputError(
        'zmgr::template::no-such-publisher',
        `the template does not name the publisher ${JSON.stringify(name)}`,
        {help: 'see `zmgr templates show NAME` for its publishers'},
      )
  }
  for (const name of changes.addPublishers ?? []) publishers.add(name)
  const after = [...publishers]
  if (after.join('\0') !== before.join('\0')) {
    removeChildren(
      template,
      (node) => node.getName() === 'publisher' && node !== template.children?.nodes.find(isNamed('publisher')),
    )
    if (after.length === 0) removeChildren(template, isNamed('publisher'))
    else setChild(template, {name: 'publisher', args: after})
  }
  if (changes.memory !== undefined || changes.swap !== undefined) {
    const current = template.children?.nodes.find(isNamed('capped-memory'))
    const props = Object.fromEntries(current?.getProperties() ?? []) as Record<string, string>
    if (changes.memory !== undefined) props.physical = changes.memory
    if (changes.swap !== undefined) props.swap = changes.swap
    setChild(template, {name: 'capped-memory', props})
  }
}

/** The node of a new template, ready for changes. */
export function newTemplateNode(name: string, brand: string): Node {
  return parse(`template ${JSON.stringify(name)} {\n    brand ${JSON.stringify(brand)}\n}\n`).nodes[0]
}
