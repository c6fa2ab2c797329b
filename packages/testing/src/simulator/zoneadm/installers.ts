// The brand installers zoneadm install runs after it has created the zonepath
// dataset, as data per flavour (flavour.installers). Each returns the
// installer's exit status: 0, 253 (usage), 254 (not complete: zoneadm cleans
// up) or 255 (fatal: the zone stays incomplete).
import type {InstallerKind} from '../flavour.js'
import {getopt, hasOption, optionValue, type ParsedOptions} from '../getopt.js'
import type {Console} from '../io.js'
import type {Store} from '../store.js'
import type {Publisher, ZoneRecord} from '../types.js'
import {installerPublisherLines, publishersAtInstall} from '../pkg/images.js'
import {createActiveDataset, zonepathDataset} from '../zfs/zonepath.js'
import {pathExists} from './verify.js'

/** ZONE_SUBPROC_* (sys/zone.h). */
export const SUBPROC_OK = 0
export const SUBPROC_USAGE = 253
export const SUBPROC_NOTCOMPLETE = 254
export const SUBPROC_FATAL = 255

export interface InstallRequest {
  store: Store
  console: Console
  zone: ZoneRecord
  /** The brand options as given to zoneadm install. */
  args: string[]
  /** zoneadm printed `A ZFS file system has been created for this zone.` */
  datasetCreated: boolean
}

/**
 * The empty line the real transcripts show after zoneadm's dataset line; it comes from the installer's first pkg(1)
 * call, so it appears only when the installer gets that far [inf: which call is not verified].
 */
function firstPkgCall(request: InstallRequest): void {
  if (request.datasetCreated) request.console.out('\n')
}

export interface InstallOutcome {
  status: number
  /** The zone image's publishers (IPS brands). */
  publishers: Publisher[]
}

interface Installer {
  /** The script's path; ksh prints it in its getopts diagnostics. */
  path: (brand: string) => string
  /** getopts string (without -R/-z, which zoneadm adds). */
  options: string
  /** The `m_usage` lines after `brand-specific usage: `. */
  usage: string
  install(request: InstallRequest, parsed: ParsedOptions): InstallOutcome
}

const IPKG_USAGE =
  '\n        install [-h]\n        install [-c certificate_file] [-k key_file] [-P publisher=uri]\n' +
  '                [-e extrapkg [...]]\n        install {-a archive|-d path} {-p|-u} [-s|-v]'

const INSTALLERS: Record<InstallerKind, Installer> = {
  ipkg: {
    path: () => '/usr/lib/brand/ipkg/pkgcreatezone',
    options: 'a:c:d:e:hk:P:psuv',
    usage: IPKG_USAGE,
    install: ipkgInstall,
  },
  'oi-ipkg': {
    path: () => '/usr/lib/brand/ipkg/pkgcreatezone',
    options: 'a:c:d:e:hk:P:psuv',
    usage: IPKG_USAGE,
    install: ipkgInstall,
  },
  sparse: {
    path: () => '/usr/lib/brand/sparse/pkgcreatezone',
    options: 'hsv',
    usage: '\n        install [-h]\n        install [-s|-v]',
    install: sparseInstall,
  },
  image: {
    path: (brand) => (brand === 'lx' ? '/usr/lib/brand/lx/lx_install' : `/usr/lib/brand/${brand}/createzone`),
    options: 's:t:v',
    usage: '',
    install: imageInstall,
  },
  vm: {path: (brand) => `/usr/lib/brand/${brand}/createzone`, options: '', usage: '', install: vmInstall},
}

/** Runs the brand's installer (kinds per flavour: flavour.installers). */
export function runInstaller(kind: InstallerKind, request: InstallRequest): InstallOutcome {
  const installer = INSTALLERS[kind]
  const brand = request.zone.config.props.brand ?? ''
  const parsed = getopt(request.args, installer.options)
  if (parsed.error || (installer.options.includes('h') && hasOption(parsed, 'h'))) {
    // fail_usage: ksh's own getopts diagnostic, an empty line, then the brand usage.
    const {console} = request
    if (parsed.error) {
      const what = parsed.error.kind === '?' ? 'unknown option' : 'argument expected'
      console.err(`${installer.path(brand)}: -${parsed.error.flag}: ${what}\n`)
    }
    console.err(`\nbrand-specific usage: ${installer.usage}\n`)
    return {status: SUBPROC_USAGE, publishers: []}
  }
  return installer.install(request, parsed)
}

function line(label: string, text: string): string {
  return `${label.padStart(12)}: ${text}\n`
}

/** The IPS installers' ERROR lines: stderr on OmniOS (log.ksh), stdout on OpenIndiana (gate's error()). */
function error(request: InstallRequest, message: string): void {
  const text = `ERROR: ${message}\n`
  if (request.store.flavour().installerErrors === 'stdout') request.console.out(text)
  else request.console.err(text)
}

/** create_active_ds(): the zonepath must be a dataset outside rpool/ROOT; then ROOT and zbe are created. */
function createActiveDs(request: InstallRequest): number {
  const zonepath = request.zone.config.props.zonepath ?? ''
  const zpds = zonepathDataset(request.store, zonepath)
  if (!zpds) {
    error(
      request,
      'the zonepath must be a ZFS dataset.\nThe parent directory of the zonepath must be a ZFS dataset so that the\n' +
        'zonepath ZFS dataset can be created properly.',
    )
    return SUBPROC_FATAL
  }
  if (zpds.name.startsWith('rpool/ROOT/')) {
    error(request, "Installing a zone inside of the root pool's 'ROOT' dataset is unsupported.")
    return SUBPROC_FATAL
  }
  createActiveDataset(request.store, zpds.name)
  return SUBPROC_OK
}

/** zonepath_to_ds_chk() of the OmniOS image and VM brands. */
function zonepathToDsCheck(request: InstallRequest): number {
  const zonepath = request.zone.config.props.zonepath ?? ''
  if (zonepathDataset(request.store, zonepath)) return SUBPROC_OK
  const parent = zonepath.slice(0, zonepath.lastIndexOf('/')) || '/'
  request.console.err(
    zonepathDataset(request.store, parent)
      ? `ERROR: Could not find a ZFS dataset for ${zonepath}\n`
      : `ERROR: Could not find parent dataset for ${zonepath}\nMake sure that ${parent} is a ZFS dataset\n`,
  )
  return SUBPROC_FATAL
}

/** pkgcreatezone's `Publisher: Using <name> (<uri>).` lines, one per enabled origin and mirror. */
function publisherLines(publishers: Publisher[]): string {
  return installerPublisherLines(publishers)
    .map(({name, uri}) => line('Publisher', `Using ${name} (${uri}).`))
    .join('')
}

function elapsed(started: number): string {
  return `Installation completed in ${((Date.now() - started) / 1000).toFixed(3)} seconds.`
}

/** ipkg/lipkg (OmniOS) and ipkg/nlipkg (OpenIndiana): /usr/lib/brand/ipkg/pkgcreatezone. */
function ipkgInstall(request: InstallRequest, parsed: ParsedOptions): InstallOutcome {
  const started = Date.now()
  const {console, zone} = request
  const usage = (message: string): InstallOutcome => {
    console.err(`${message}\n\nbrand-specific usage: ${IPKG_USAGE}\n`)
    return {status: SUBPROC_USAGE, publishers: []}
  }
  const incompatible = (a: string, b: string): InstallOutcome => usage(`cannot specify both ${a} and ${b} options`)
  const has = (flag: string): boolean => hasOption(parsed, flag)
  if (has('a') && has('d')) return incompatible('-a', '-d')
  if (has('s') && has('v')) return incompatible('-s', '-v')
  if (has('u') && has('p')) return incompatible('-u', '-p')
  if (has('a') || has('d')) {
    for (const flag of ['P', 'e', 'c', 'k']) if (has(flag)) return incompatible('-a|-d', `-${flag}`)
    // Installing from a system image (p2v) needs the image itself, which the simulator has no model of.
    console.err(`ERROR: the simulator cannot install from an archive or directory (${has('a') ? '-a' : '-d'}).\n`)
    return {status: SUBPROC_NOTCOMPLETE, publishers: []}
  }
  if (has('p') || has('u')) return incompatible('default', '-p|-u')
  const image = publishersAtInstall(request.store, zone.config.props.brand ?? '', optionValue(parsed, 'P'))
  if ('usageError' in image) return usage(image.usageError)
  if ('linkedError' in image) {
    // pkgcreatezone `fail_incomplete "$f_pkg"` after pkg install refused the linked image ([inf]).
    console.err(`${image.linkedError}failed to install package\n\n`)
    return {status: SUBPROC_FATAL, publishers: []}
  }
  const publishers = image.publishers
  const openIndiana = request.store.flavour().installers[zone.config.props.brand ?? ''] === 'oi-ipkg'
  const zonepath = zone.config.props.zonepath ?? ''
  firstPkgCall(request)
  let text = line('Sanity Check', "Looking for 'entire' incorporation.")
  console.out(text)
  const status = createActiveDs(request)
  if (status !== SUBPROC_OK) return {status, publishers: []}
  text = line('Image', `Preparing at ${zonepath}/root.`)
  if (openIndiana) text += publisherLines(publishers)
  text += line('Cache', 'Using /var/pkg/publisher.')
  text += line('Installing', 'Packages (output follows)')
  if (!openIndiana) text += publisherLines(publishers)
  text += `${line('Postinstall', 'Copying SMF seed repository ... done.')}${line('Done', elapsed(started))}\n`
  if (openIndiana)
    text +=
      line('Next Steps', 'Boot the zone, then log into the zone console (zlogin -C)') +
      `${' '.repeat(14)}to complete the configuration process.\n`
  console.out(text)
  return {status: SUBPROC_OK, publishers}
}

/** sparse and pkgsrc (OmniOS): /usr/lib/brand/sparse/pkgcreatezone; always the GZ's publishers. */
function sparseInstall(request: InstallRequest, parsed: ParsedOptions): InstallOutcome {
  const started = Date.now()
  const {console, zone} = request
  if (hasOption(parsed, 's') && hasOption(parsed, 'v')) {
    console.err(`cannot specify both -s and -v options\n\nbrand-specific usage: ${INSTALLERS.sparse.usage}\n`)
    return {status: SUBPROC_USAGE, publishers: []}
  }
  const status = createActiveDs(request)
  if (status !== SUBPROC_OK) return {status, publishers: []}
  firstPkgCall(request)
  const publishers = structuredClone(request.store.host().publishers)
  let text = line('Image', `Preparing at ${zone.config.props.zonepath ?? ''}/root.`)
  text += line('Sanity Check', "Looking for 'entire' incorporation.")
  text += publisherLines(publishers)
  text += line('Cache', 'Using /var/pkg/publisher.')
  text += line('Installing', 'Packages (output follows)')
  text += line('Postinstall', 'Copying SMF seed repository ... done.')
  if (zone.config.props.brand === 'pkgsrc') text += pkgsrcBootstrap(request.store)
  text += `${line('Done', elapsed(started))}\n`
  console.out(text)
  return {status: SUBPROC_OK, publishers}
}

/** pkgsrc's postinstall: the bootstrap is downloaded once into /var/tmp and reused. */
function pkgsrcBootstrap(store: Store): string {
  const cache = '/var/tmp/bootstrap.tar.gz'
  if (pathExists(store, cache)) return 'Installing pkgsrc bootstrap...\n'
  store.withGlobalLock(() =>
    store.updateHost((host) => {
      host.paths = [...(host.paths ?? []), cache]
    }),
  )
  return 'Downloading pkgsrc bootstrap...\nInstalling pkgsrc bootstrap...\n'
}

/** lx and illumos (OmniOS): install from an image given with -s (or -t). */
function imageInstall(request: InstallRequest, parsed: ParsedOptions): InstallOutcome {
  const source = optionValue(parsed, 's') ?? optionValue(parsed, 't')
  if (source === undefined || parsed.operands.length > 0) {
    request.console.out(
      `${source === undefined ? 'The installation source must be specified.\n\n' : ''}` +
        'Available options are:\n\t-s <dataset|snapshot|pathname>\tZone installation source\n' +
        '\t(-t is a backwards compatible alias for -s)\n\n',
    )
    return {status: SUBPROC_FATAL, publishers: []}
  }
  return {status: zonepathToDsCheck(request), publishers: []}
}

/** bhyve, kvm, emu: a tiny zone root; no options at all. */
function vmInstall(request: InstallRequest): InstallOutcome {
  return {status: zonepathToDsCheck(request), publishers: []}
}
