import type {Publisher} from '../registry/publisher.js'
import type {SystemRunner} from '../system/runner.js'

/** One publisher of a package image, as `pkg publisher -H -F tsv` shows it (CONTRACT §9), in search order. */
export interface ImagePublisher {
  name: string
  sticky: boolean
  enabled: boolean
  /** As pkg stores them: with a trailing `/`. */
  origins: string[]
  mirrors: string[]
}

/**
 * Parse `pkg publisher -H -F tsv`: PUBLISHER, STICKY, SYSPUB, ENABLED, TYPE,
 * STATUS, URI, PROXY; one line per origin and per mirror, and one line with an
 * empty TYPE for a publisher that has neither.
 */
export function parseImagePublishers(text: string): ImagePublisher[] {
  const publishers: ImagePublisher[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const [name = '', sticky, , enabled, type, , uri = ''] = line.split('\t')
    let publisher = publishers.find((p) => p.name === name)
    if (!publisher) {
      publisher = {name, sticky: sticky === 'true', enabled: enabled === 'true', origins: [], mirrors: []}
      publishers.push(publisher)
    }
    if (type === 'origin') publisher.origins.push(uri)
    if (type === 'mirror') publisher.mirrors.push(uri)
  }
  return publishers
}

/** The publishers of the global zone's image, or of the image at `root` (a zone's `<zonepath>/root`). */
export async function listImagePublishers(runner: SystemRunner, root?: string): Promise<ImagePublisher[]> {
  const {stdout} = await runner.run(['pkg', ...(root ? ['-R', root] : []), 'publisher', '-H', '-F', 'tsv'])
  return parseImagePublishers(stdout)
}

/**
 * Whether a zone's image is a pkg linked image of the global zone (OmniOS
 * lipkg/sparse/pkgsrc, OpenIndiana ipkg: CONTRACT §4.2), as pkg itself sees
 * it: `pkg list-linked -H` in the global zone lists it as `zone:<name>` with
 * the relationship `child` (TAB-separated, padded columns).
 */
export async function isLinkedZoneImage(runner: SystemRunner, zone: string): Promise<boolean> {
  const {stdout} = await runner.run(['pkg', 'list-linked', '-H'])
  return stdout.split('\n').some((line) => {
    const [name, relationship] = line.split('\t').map((cell) => cell.trim())
    return name === `zone:${zone}` && relationship === 'child'
  })
}

/** What a zone image should carry: a registry publisher. */
export type WantedPublisher = Pick<Publisher, 'name' | 'origins' | 'mirrors' | 'first' | 'sticky'>

export interface PublisherPlan {
  /** `pkg -R <root> set-publisher|unset-publisher ...`, in order; empty when the image is already right. */
  commands: string[][]
  /** Settings a linked image cannot take, left out. */
  warnings: string[]
}

/** pkg compares repository URIs with a trailing `/` (CONTRACT §6.1). */
function sameUri(a: string, b: string): boolean {
  return a.replace(/\/?$/, '/') === b.replace(/\/?$/, '/')
}

function missing(wanted: string[], present: string[]): string[] {
  return wanted.filter((uri) => !present.some((have) => sameUri(uri, have)))
}

function sameUris(a: string[], b: string[]): boolean {
  return missing(a, b).length === 0 && missing(b, a).length === 0
}

/**
 * The pkg commands that give the image at `root` the wanted publishers, from
 * what it has now (CONTRACT §6.1). Run again on the result, it returns no
 * commands: a create can repeat its publisher step.
 *
 * - A linked image must keep the global zone's publishers first, in order and
 *   with their stickiness, or pkg refuses every later install and update. So
 *   only what is missing is added: origins and mirrors of a publisher the
 *   image has (an origin it already has counts as set; adding it again is an
 *   error in pkg), and new publishers, which pkg appends after the others.
 *   Search-first and stickiness of existing publishers are left alone, with a
 *   warning.
 * - Any other image gets exactly the wanted publishers, in the wanted order
 *   (a search-first one leading): each is set with `-P -G '*' -g ... -M '*'
 *   -m ...`, last one first, then the others are unset.
 */
export function planImagePublishers(
  root: string,
  wanted: WantedPublisher[],
  current: ImagePublisher[],
  linked: boolean,
): PublisherPlan {
  const pkg = (...args: string[]) => ['pkg', '-R', root, ...args]
  const uriArgs = (flag: string, uris: string[]) => uris.flatMap((uri) => [flag, uri])
  if (linked) {
    const commands: string[][] = []
    const warnings: string[] = []
    for (const publisher of wanted) {
      const present = current.find((p) => p.name === publisher.name)
      const origins = present ? missing(publisher.origins, present.origins) : publisher.origins
      const mirrors = present ? missing(publisher.mirrors, present.mirrors) : publisher.mirrors
      if (publisher.first && current[0]?.name !== publisher.name)
        warnings.push(
          `publisher ${publisher.name} is not made search-first: a linked image keeps the global zone's publishers first`,
        )
      if (present && present.sticky !== publisher.sticky)
        warnings.push(
          `publisher ${publisher.name} keeps its stickiness (${present.sticky ? 'sticky' : 'non-sticky'}): a linked image must match the global zone`,
        )
      if (origins.length + mirrors.length === 0) continue
      commands.push(
        pkg(
          'set-publisher',
          ...uriArgs('-g', origins),
          ...uriArgs('-m', mirrors),
          ...(present || publisher.sticky ? [] : ['--non-sticky']),
          publisher.name,
        ),
      )
    }
    return {commands, warnings}
  }
  const order = [...wanted.filter((p) => p.first), ...wanted.filter((p) => !p.first)]
  const exact =
    order.length === current.length &&
    order.every((p, i) => {
      const have = current[i]!
      return (
        have.name === p.name &&
        have.sticky === p.sticky &&
        sameUris(p.origins, have.origins) &&
        sameUris(p.mirrors, have.mirrors)
      )
    })
  if (exact) return {commands: [], warnings: []}
  const commands = [...order]
    .reverse()
    .map((p) =>
      pkg(
        'set-publisher',
        '-P',
        '-G',
        '*',
        ...uriArgs('-g', p.origins),
        '-M',
        '*',
        ...uriArgs('-m', p.mirrors),
        p.sticky ? '--sticky' : '--non-sticky',
        p.name,
      ),
    )
  const others = current.filter((have) => !order.some((p) => p.name === have.name)).map((p) => p.name)
  if (others.length > 0) commands.push(pkg('unset-publisher', ...others))
  return {commands, warnings: []}
}
