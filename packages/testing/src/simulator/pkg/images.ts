// The package images of the simulated host and pkg(5)'s publisher rules for
// them (CONTRACT §4.2, §6.1): the global zone's image `/`, one image per
// installed zone of an IPS brand at `<zonepath>/root`, which of those are
// linked children of the global zone, the publisher check pkg runs on linked
// children, and the publishers the IPS installer gives a new zone.
import {normalize} from 'node:path'
import type {Store} from '../store.js'
import {stateAtLeast, type Publisher, type ZoneRecord} from '../types.js'

export interface Image {
  /** Zone name, or `global`. */
  zone: string
  /** The image root as pkg -R takes it: `/` or `<zonepath>/root`. */
  root: string
  /** A linked child of the global zone's image (linkedimage/zone.py `_list_zones`). */
  linked: boolean
  publishers: Publisher[]
  save(publishers: Publisher[]): void
}

export function globalImage(store: Store): Image {
  return {
    zone: 'global',
    root: '/',
    linked: false,
    publishers: store.host().publishers,
    save: (publishers) =>
      store.withGlobalLock(() =>
        store.updateHost((host) => {
          host.publishers = publishers
        }),
      ),
  }
}

/** The image of an installed (or running) zone of an IPS brand; undefined for any other zone. */
export function zoneImage(store: Store, zone: ZoneRecord): Image | undefined {
  const brand = zone.config.props.brand ?? ''
  const flavour = store.flavour()
  if (!stateAtLeast(zone.state, 'installed') || !flavour.ipsBrands.includes(brand)) return undefined
  return {
    zone: zone.name,
    root: `${zone.config.props.zonepath ?? ''}/root`,
    linked: flavour.linkedBrands.includes(brand),
    publishers: zone.publishers,
    save: (publishers) => store.saveZone({...store.zone(zone.name)!, publishers}),
  }
}

/** Resolves `-R`: `/` is the global zone, `<zonepath>/root` an installed IPS zone; undefined otherwise. */
export function openImage(store: Store, root: string): Image | undefined {
  const wanted = normalize(`${root}/`)
  if (wanted === '/') return globalImage(store)
  for (const zone of store.zones()) {
    const image = zoneImage(store, zone)
    if (image && normalize(`${image.root}/`) === wanted) return image
  }
  return undefined
}

/** The global zone's linked children, as `pkg list-linked` sorts them (by linked-image name). */
export function linkedChildren(store: Store): Image[] {
  return store
    .zones()
    .map((zone) => zoneImage(store, zone))
    .filter((image): image is Image => image?.linked === true)
    .sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0))
}

/** `get_pubs()`: the enabled publishers with their stickiness, in search order. */
function rankedPublishers(publishers: Publisher[]): Array<{name: string; sticky: boolean}> {
  return publishers.filter((p) => p.enabled).map((p) => ({name: p.name, sticky: p.sticky}))
}

/**
 * linkedimage/common.py `pubcheck`: a linked child must have the parent's
 * enabled publishers first, in the same order, with the same stickiness; it
 * may have more after them. Returns pkg's error text (api_errors.py
 * `linked_pub_error`, printed by `error()` with its leading newline kept in
 * front of the `pkg: ` prefix), or undefined when the child is fine.
 */
export function linkedPublisherProblem(parent: Publisher[], child: Publisher[]): string | undefined {
  const ppubs = rankedPublishers(parent)
  const pubs = rankedPublishers(child)
  const fine =
    pubs.length >= ppubs.length && ppubs.every((pp, i) => pubs[i]!.name === pp.name && pubs[i]!.sticky === pp.sticky)
  if (fine) return undefined
  const list = (ranked: typeof pubs): string =>
    ranked.map((p, i) => `\n    PUBLISHER ${i}: ${p.name}${p.sticky ? '' : ' (non-sticky)'}`).join('')
  return (
    '\npkg: Invalid child image publisher configuration.  Child image publisher\n' +
    'configuration must be a superset of the parent image publisher configuration.\n' +
    'Please update the child publisher configuration to match the parent.  If the\n' +
    'child image is a zone this can be done automatically by detaching and\n' +
    'attaching the zone.\n\n' +
    `The parent image has the following enabled publishers:${list(ppubs)}\n\n` +
    `The child image has the following enabled publishers:${list(pubs)}\n`
  )
}

/** pkgcreatezone's usage lines (`m_brnd_usage` + `m_usage`), printed after a usage failure. */
export const IPS_INSTALLER_USAGE =
  'brand-specific usage: \n' +
  '        install [-h]\n' +
  '        install [-c certificate_file] [-k key_file] [-P publisher=uri]\n' +
  '                [-e extrapkg [...]]\n' +
  '        install {-a archive|-d path} {-p|-u} [-s|-v]\n'

export type InstallPublishers = {publishers: Publisher[]} | {usageError: string} | {linkedError: string}

/**
 * The publishers the IPS installer (ipkg/lipkg/nlipkg pkgcreatezone) gives a
 * new zone image: without `-P`, a copy of all the global zone's publishers
 * (`copy-publishers-from`); with `-P name=origin` (the last one given wins)
 * only that publisher. Text without `name=` and `origin` is a usage failure.
 * A linked image created with `-P` lacks the global zone's publishers, so the
 * package installation that follows fails pkg's linked-image publisher check
 * ([inf]: the contract does not say what `-P` does to a linked zone).
 */
export function publishersAtInstall(
  store: Store,
  brand: string,
  publisherOption: string | undefined,
): InstallPublishers {
  const gz = store.host().publishers
  if (publisherOption === undefined) return {publishers: structuredClone(gz)}
  const [name = '', ...rest] = publisherOption.split('=')
  const origin = rest.join('=')
  if (name === '' || origin === '') return {usageError: 'Syntax error in publisher information.'}
  const publishers: Publisher[] = [{name, origins: [withSlash(origin)], mirrors: [], sticky: true, enabled: true}]
  if (store.flavour().linkedBrands.includes(brand)) {
    const problem = linkedPublisherProblem(gz, publishers)
    if (problem) return {linkedError: problem}
  }
  return {publishers}
}

/** pkg stores every repository URI with a trailing `/` (misc.url_affix_trailing_slash). */
export function withSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`
}

/** pkgcreatezone's `Publisher: Using <name> (<uri>).` lines: one per row of `pkg publisher -Hn -F tsv`. */
export function installerPublisherLines(publishers: Publisher[]): Array<{name: string; uri: string}> {
  return publishers
    .filter((p) => p.enabled)
    .flatMap((p) => [...p.origins, ...p.mirrors].map((uri) => ({name: p.name, uri})))
}
