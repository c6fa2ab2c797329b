// The few files of the simulated global zone that zmgr reads to learn the host
// (CONTRACT §9): the release files and the brand directories. They are derived
// from host.json, so a seed that removes a brand removes its config.xml.
import type {Store} from './store.js'
import type {FlavourName, ReleaseFiles} from './types.js'

/**
 * Release files per flavour. OmniOS: the format written by omnios-build's
 * build/release/build.sh [src]. OpenIndiana: not verified (CONTRACT §8, §9);
 * composed from third-party detectors: `/etc/release` starts with
 * `OpenIndiana Hipster <YYYY.MM>` after blanks, and an os-release with ID=openindiana.
 */
export const RELEASE_FILES: Record<FlavourName, ReleaseFiles> = {
  omnios: {
    osRelease: [
      'NAME="OmniOS"',
      'PRETTY_NAME="OmniOS Community Edition v11 r151054a"',
      'CPE_NAME="cpe:/o:omniosce:omnios:11:151054:1"',
      'ID=omnios',
      'VERSION=r151054a',
      'VERSION_ID=r151054a',
      'BUILD_ID=151054.1.2025.05.05',
      'HOME_URL="https://omnios.org/"',
      'SUPPORT_URL="https://omnios.org/"',
      'BUG_REPORT_URL="https://github.com/omniosorg/omnios-build/issues/new"',
      '',
    ].join('\n'),
    release: [
      '  OmniOS v11 r151054a',
      '  Copyright (c) 2012-2017 OmniTI Computer Consulting, Inc.',
      '  Copyright (c) 2017-2025 OmniOS Community Edition (OmniOSce) Association.',
      '  All rights reserved. Use is subject to licence terms.',
      '',
    ].join('\n'),
  },
  openindiana: {
    osRelease: [
      'NAME="OpenIndiana Hipster"',
      'PRETTY_NAME="OpenIndiana Hipster 2024.10"',
      'CPE_NAME="cpe:/o:openindiana:hipster:2024.10"',
      'ID=openindiana',
      'VERSION=2024.10',
      'VERSION_ID=2024.10',
      'HOME_URL="https://www.openindiana.org/"',
      'SUPPORT_URL="https://www.openindiana.org/support/"',
      '',
    ].join('\n'),
    release: [
      '             OpenIndiana Hipster 2024.10 (powered by illumos)',
      '        OpenIndiana Project, part of The Illumos Foundation (C) 2010-2024',
      '                        Use is subject to license terms.',
      '                           Assembled 30 October 2024',
      '',
    ].join('\n'),
  },
}

/** A simulated path: a file with its text, a directory with its entries, or known to be absent. */
export type SimPath = {kind: 'file'; text: string} | {kind: 'dir'; entries: string[]} | {kind: 'missing'}

const BRAND_DIR = '/usr/lib/brand'
/** Directories under /usr/lib/brand that are not brands (no config.xml). */
const NON_BRAND_DIRS = ['shared']

function brandConfig(brand: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE brand PUBLIC "-//Sun Microsystems Inc//DTD Brands//EN"',
    '    "file:///usr/share/lib/xml/dtd/brand.dtd.1">',
    `<brand name="${brand}">`,
    '</brand>',
    '',
  ].join('\n')
}

function normalise(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

/** Whether the simulator answers for `path` (whether or not it exists there); other paths are the real machine's. */
export function isSimulatedPath(path: string): boolean {
  const p = normalise(path)
  return p === '/etc/os-release' || p === '/etc/release' || p === BRAND_DIR || p.startsWith(`${BRAND_DIR}/`)
}

export function releaseFiles(store: Store): ReleaseFiles {
  const host = store.host()
  return host.releaseFiles ?? RELEASE_FILES[host.flavour]
}

/** What the simulated host has at `path` (only for paths isSimulatedPath accepts). */
export function simPath(store: Store, path: string): SimPath {
  const p = normalise(path)
  const missing: SimPath = {kind: 'missing'}
  if (p === '/etc/os-release' || p === '/etc/release') {
    const files = releaseFiles(store)
    const text = p === '/etc/release' ? files.release : files.osRelease
    return text === null ? missing : {kind: 'file', text}
  }
  const brands = store.host().brands
  if (p === BRAND_DIR) return {kind: 'dir', entries: [...brands, ...NON_BRAND_DIRS].sort()}
  const [name, file, ...deeper] = p.slice(BRAND_DIR.length + 1).split('/')
  if (deeper.length > 0 || name === undefined) return missing
  if (NON_BRAND_DIRS.includes(name)) {
    const entries = ['common.ksh', 'log.ksh', 'vnic.ksh']
    if (file === undefined) return {kind: 'dir', entries}
    return entries.includes(file) ? {kind: 'file', text: ''} : missing
  }
  if (!brands.includes(name)) return missing
  if (file === undefined) return {kind: 'dir', entries: ['config.xml', 'platform.xml']}
  if (file === 'config.xml') return {kind: 'file', text: brandConfig(name)}
  if (file === 'platform.xml')
    return {kind: 'file', text: `<?xml version="1.0"?>\n<platform name="${name}">\n</platform>\n`}
  return missing
}
