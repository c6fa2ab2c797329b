import {inputError, type KdlNodeSpec, removeChildren, setChild} from 'zmgr'

/** A parsed KDL node, as the SDK's writer edits it (plugins reach @bgotink/kdl only through the SDK). */
type Node = Parameters<typeof setChild>[0]

/**
 * pkg's rule for a publisher name (misc.py `valid_pub_prefix`): letters,
 * digits, `-` and `.`, not starting with `.`. It is also the file name
 * publishers/NAME.kdl, so nothing else may pass.
 */
const PUBLISHER_NAME = /^[A-Za-z0-9-][A-Za-z0-9.-]*$/

export function assertPublisherName(name: string): void {
  if (!PUBLISHER_NAME.test(name)) {
    throw inputError('zmgr::publisher::bad-name', `${JSON.stringify(name)} is not a publisher name pkg accepts`, {
      help: 'use letters, digits, "-" and ".", not starting with "." (e.g. openindiana.org, extra.omnios)',
    })
  }
}

/** What `publishers add` writes and `publishers edit` changes. */
export interface PublisherChanges {
  /** Replace every origin. */
  origins?: string[]
  addOrigins?: string[]
  removeOrigins?: string[]
  /** Replace every mirror. */
  mirrors?: string[]
  addMirrors?: string[]
  removeMirrors?: string[]
  searchFirst?: boolean
  sticky?: boolean
}

/** The node `publishers add` writes: only what differs from the defaults. */
export function newPublisherSpec(name: string, changes: PublisherChanges): KdlNodeSpec {
  assertPublisherName(name)
  const children: KdlNodeSpec[] = [{name: 'origin', args: changes.origins ?? []}]
  if ((changes.mirrors ?? []).length > 0) children.push({name: 'mirror', args: changes.mirrors!})
  if (changes.searchFirst) children.push({name: 'search-first', args: [true]})
  if (changes.sticky === false) children.push({name: 'sticky', args: [false]})
  return {name: 'publisher', args: [name], children}
}

/** pkg compares repository URIs with a trailing `/` added; so does zmgr. */
const sameUri = (a: string) => (b: string) => a.replace(/\/?$/, '/') === b.replace(/\/?$/, '/')

/**
 * New list of URIs for one kind (origin or mirror): replaced, then removals
 * (each must be there), then additions (one already there is kept once).
 */
function editUris(
  kind: string,
  current: string[],
  replace?: string[],
  remove: string[] = [],
  add: string[] = [],
): string[] {
  let uris = replace ?? [...current]
  for (const uri of remove) {
    if (!uris.some(sameUri(uri)))
      throw inputError(`zmgr::publisher::no-such-${kind}`, `the publisher has no ${kind} ${JSON.stringify(uri)}`, {
        help: `see \`zmgr publishers show NAME\` for its ${kind}s`,
      })
    uris = uris.filter((have) => !sameUri(uri)(have))
  }
  for (const uri of add) if (!uris.some(sameUri(uri))) uris.push(uri)
  return uris
}

/**
 * Apply changes in place: untouched lines keep their comments; a list that
 * changes is written on the first `origin` (or `mirror`) line, keeping that
 * line's comment, and its other lines go.
 */
export function applyPublisherChanges(publisher: Node, changes: PublisherChanges): void {
  const children = () => publisher.children?.nodes ?? []
  for (const [kind, replace, remove, add] of [
    ['origin', changes.origins, changes.removeOrigins, changes.addOrigins],
    ['mirror', changes.mirrors, changes.removeMirrors, changes.addMirrors],
  ] as const) {
    const current = children()
      .filter((node) => node.getName() === kind)
      .flatMap((node) => node.getArguments() as string[])
    const next = editUris(kind, current, replace, remove, add)
    if (next.join('\0') === current.join('\0')) continue
    if (kind === 'origin' && next.length === 0)
      throw inputError('zmgr::publisher::no-origin', 'the edit would leave the publisher without an origin', {
        help: 'pkg needs at least one origin: add another with --add-origin, or remove the publisher (zmgr publishers remove NAME)',
      })
    const first = children().find((node) => node.getName() === kind)
    removeChildren(publisher, (node) => node.getName() === kind && (next.length === 0 || node !== first))
    if (next.length > 0) setChild(publisher, {name: kind, args: next})
  }
  if (changes.searchFirst !== undefined) setChild(publisher, {name: 'search-first', args: [changes.searchFirst]})
  if (changes.sticky !== undefined) setChild(publisher, {name: 'sticky', args: [changes.sticky]})
}
