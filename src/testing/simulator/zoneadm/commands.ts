// zoneadm subcommands other than list: the zone state machine with the
// sanity checks of zoneadm.c (in their order) and zoneadmd's refusals.
import {randomUUID} from 'node:crypto'
import {getopt, hasOption, optionValue, type ParsedOptions} from '../getopt.js'
import {readLineSync, stdinIsTty, type Console} from '../io.js'
import {heldLinks} from '../links.js'
import type {Store} from '../store.js'
import {hasKernelInstance, stateAtLeast, type Publisher, type ZoneRecord, type ZoneState} from '../types.js'
import {installerPublisherLines, IPS_INSTALLER_USAGE, publishersAtInstall} from '../pkg/images.js'
import {bringUpNetworks, tearDownNetworks} from './network.js'
import {subUsage} from './usage.js'

const Z_USAGE = 2

/** Subcommands that are unsafe while the zone has a kernel instance (sanity_check step 7). */
const UNSAFE_WHEN_RUNNING = new Set(['install', 'uninstall', 'clone', 'move', 'detach', 'attach', 'mark'])
/** Subcommands that need a kernel instance (step 6). */
const NEED_RUNNING = new Set(['reboot', 'shutdown'])
/** Subcommands that need at least `installed` (step 8). */
const NEED_INSTALLED = new Set(['boot', 'ready', 'move', 'detach'])

export class ZoneadmCommand {
  private record: ZoneRecord | undefined

  constructor(
    private readonly store: Store,
    private readonly console: Console,
    private readonly subcommand: string,
    private readonly zone: string | undefined,
  ) {}

  /** zerror(): `zoneadm: zone 'Z': msg`. */
  private zerror(message: string): void {
    this.console.err(`zoneadm: ${this.zone === undefined ? '' : `zone '${this.zone}': `}${message}\n`)
  }

  /** zerror() and fail the check. */
  private refuse(message: string): false {
    this.zerror(message)
    return false
  }

  private usage(): number {
    this.console.err(subUsage(this.subcommand))
    return Z_USAGE
  }

  private get current(): ZoneRecord {
    if (!this.record) throw new Error('zoneadm: no zone loaded')
    return this.record
  }

  private save(changes: Partial<ZoneRecord>): void {
    this.record = {...this.current, ...changes}
    this.store.saveZone(this.record)
  }

  /** Runs the subcommand; `work` is where the real tool does its job (fault injection point). */
  run(args: string[], work: () => void): number {
    const optstrings: Record<string, string> = {
      install: '?x:a:c:d:e:hk:P:p:s:t:uvz',
      uninstall: '?Fhb:',
      boot: '?FW',
      ready: '?',
      halt: '?',
      reboot: '?',
      shutdown: '?r',
      verify: '?',
      mark: '?F',
      clone: '?m:s:',
      move: '?',
      detach: '?n',
      attach: '?Fn:u',
    }
    const parsed = getopt(args, optstrings[this.subcommand] ?? '?')
    if (hasOption(parsed, '?')) return this.usage()
    if (parsed.error && this.subcommand !== 'install') return this.usage()
    this.record = this.zone === undefined ? undefined : this.store.zone(this.zone)
    if (!this.sanityCheck(parsed)) return 1
    switch (this.subcommand) {
      case 'install':
        return this.install(parsed, work)
      case 'uninstall':
        return this.uninstall(parsed, work)
      case 'boot':
        return this.boot(work)
      case 'ready':
        return this.ready(work)
      case 'halt':
        return this.halt(work)
      case 'reboot':
        return this.reboot(work)
      case 'shutdown':
        return this.shutdown(parsed, work)
      case 'verify':
        return this.verify(parsed, work)
      case 'mark':
        return this.mark(parsed, work)
      case 'clone':
        return this.clone(parsed, work)
      case 'move':
        return this.move(parsed, work)
      case 'detach':
        return this.detach(parsed, work)
      case 'attach':
        return this.attach(parsed, work)
      default:
        return this.usage()
    }
  }

  /** sanity_check(): the checks every state-changing subcommand runs, in order. */
  private sanityCheck(parsed: ParsedOptions): boolean {
    const cmd = this.subcommand
    if (this.zone === undefined) return this.refuse('no zone specified')
    if (this.zone === 'global') return this.refuse(`${cmd} operation is invalid for the global zone.`)
    if (this.zone.startsWith('SUNW')) return this.refuse(`${cmd} operation is invalid for zones starting with SUNW.`)
    const state = this.current.state
    const running = hasKernelInstance(state)
    if (NEED_RUNNING.has(cmd) && !running) return this.refuse('not running')
    if (UNSAFE_WHEN_RUNNING.has(cmd) && running) return this.refuse(`${cmd} operation is invalid for ${state} zones.`)
    if (cmd === 'uninstall' && state === 'configured') return this.refuse("is already in state 'configured'.")
    if ((cmd === 'install' || cmd === 'clone' || cmd === 'attach') && state === 'installed')
      return this.refuse('is already installed.')
    if (
      state === 'incomplete' &&
      (cmd === 'install' || cmd === 'clone' || cmd === 'verify' || (cmd === 'attach' && !hasOption(parsed, 'F')))
    )
      return this.refuse('zone is incomplete; uninstall required.')
    const minimum: ZoneState = cmd === 'boot' && hasOption(parsed, 'F') ? 'incomplete' : 'installed'
    if (NEED_INSTALLED.has(cmd) && !stateAtLeast(state, minimum)) return this.refuse(`must be installed before ${cmd}.`)
    return true
  }

  // --- install / uninstall ------------------------------------------------------

  private install(parsed: ParsedOptions, work: () => void): number {
    const zone = this.current
    const {brand = '', zonepath = ''} = zone.config.props
    const flavour = this.store.flavour()
    if (brand === 'lx' && !hasOption(parsed, 's') && !hasOption(parsed, 't')) {
      this.console.err('ERROR: an install source is required: -s <zfs send stream|dataset|snapshot> or -t <tarball>\n')
      this.console.err(subUsage('install'))
      return 1
    }
    this.save({state: 'incomplete'})
    work()
    const started = Date.now()
    this.console.out('A ZFS file system has been created for this zone.\n')
    let publishers: Publisher[] = []
    if (flavour.ipsBrands.includes(brand)) {
      const image = publishersAtInstall(this.store, brand, optionValue(parsed, 'P'))
      if ('usageError' in image) {
        // pkgcreatezone `fail_usage`: exit 253, zoneadm adds its install usage; the zone stays incomplete.
        this.console.err(`${image.usageError}\n${IPS_INSTALLER_USAGE}`)
        this.console.err(subUsage('install'))
        return 1
      }
      if ('linkedError' in image) {
        // pkgcreatezone `fail_incomplete "$f_pkg"` after pkg install refused the image ([inf]).
        this.console.err(`${image.linkedError}failed to install package\n\n`)
        return 1
      }
      publishers = image.publishers
      this.console.out(ipsInstallOutput(zonepath, brand, publishers, Date.now() - started))
    }
    this.save({state: 'installed', uuid: randomUUID(), publishers})
    return 0
  }

  private uninstall(parsed: ParsedOptions, work: () => void): number {
    if (!hasOption(parsed, 'F')) {
      if (!stdinIsTty()) {
        this.zerror('Input not from terminal and -F not specified: uninstall not done.')
        return 1
      }
      this.console.out(`Are you sure you want to uninstall zone ${this.zone} (y/[n])? `)
      if (!/^[yY]/.test(readLineSync() ?? '')) return 0
    }
    this.save({state: 'incomplete'})
    work()
    this.console.out('The ZFS file system for this zone has been destroyed.\n')
    this.save({state: 'configured', uuid: '', publishers: []})
    return 0
  }

  // --- boot / ready / halt / reboot / shutdown (via zoneadmd) ----------------------

  /** Gives the zone a kernel instance with networking; false when it cannot. */
  private instantiate(state: 'ready' | 'running'): boolean {
    if (!bringUpNetworks(this.store, this.current, this.console)) return false
    this.save({state, zoneid: this.store.nextId('nextZoneId')})
    return true
  }

  private boot(work: () => void): number {
    const state = this.current.state
    if (state === 'running') {
      this.zerror('zone is already booted')
      return 0
    }
    work()
    if (state === 'ready') {
      this.save({state: 'running'})
      return 0
    }
    return this.instantiate('running') ? 0 : 1
  }

  private ready(work: () => void): number {
    const state = this.current.state
    if (state === 'ready') {
      this.zerror('zone is already ready')
      return 0
    }
    work()
    if (state === 'running') {
      this.save({state: 'ready'})
      return 0
    }
    return this.instantiate('ready') ? 0 : 1
  }

  private halt(work: () => void): number {
    const state = this.current.state
    if (!stateAtLeast(state, 'installed')) {
      this.zerror(`halt operation is invalid for zones in state '${state}'`)
      return 1
    }
    if (state === 'installed') {
      this.zerror('zone is already halted')
      return 0
    }
    work()
    this.stop()
    return 0
  }

  private stop(): void {
    tearDownNetworks(this.store, this.current.name)
    this.save({state: 'installed', zoneid: null})
  }

  private reboot(work: () => void): number {
    if (this.current.state !== 'running') {
      this.zerror(`reboot operation is invalid for zones in state '${this.current.state}'`)
      return 1
    }
    work()
    this.save({zoneid: this.store.nextId('nextZoneId')})
    return 0
  }

  private shutdown(parsed: ParsedOptions, work: () => void): number {
    work()
    if (hasOption(parsed, 'r')) this.save({state: 'running', zoneid: this.store.nextId('nextZoneId')})
    else this.stop()
    return 0
  }

  // --- verify / mark / clone / move / detach / attach -------------------------------

  private verify(parsed: ParsedOptions, work: () => void): number {
    if (parsed.operands.length > 0) return this.usage()
    work()
    const zone = this.current
    const zonepath = zone.config.props.zonepath ?? ''
    if (!stateAtLeast(zone.state, 'installed'))
      this.console.err(
        `WARNING: ${zonepath} does not exist, so it could not be verified.\n` +
          `When 'zoneadm install' is run, 'install' will try to create\n${zonepath}, and 'verify' will be tried again,\n` +
          `but the 'verify' may fail if:\nthe parent directory of ${zonepath} is group- or other-writable\nor\n` +
          `${zonepath} overlaps with any other installed zones.\n`,
      )
    if (zone.config.props['ip-type'] === 'exclusive') {
      const links = new Set(this.store.links().map(l => l.name))
      const held = heldLinks(this.store.zones().filter(z => z.name !== zone.name))
      for (const net of zone.config.resources) {
        const physical = net.props.physical
        if (net.type !== 'net' || !physical || net.props['global-nic']) continue
        if (!links.has(physical)) this.console.err(`WARNING: skipping network interface '${physical}': object not found\n`)
        else if (held.has(physical))
          this.console.err(
            `WARNING: skipping network interface '${physical}' which is used by the non-global zone '${held.get(physical)}'.\n`,
          )
      }
    }
    return 0
  }

  private mark(parsed: ParsedOptions, work: () => void): number {
    const target = parsed.operands[0]
    const hidden = target === 'configured' || target === 'installed'
    if (parsed.operands.length !== 1 || !(target === 'incomplete' || (hidden && hasOption(parsed, 'F')))) return this.usage()
    work()
    this.save(target === 'configured' ? {state: target, uuid: '', publishers: []} : {state: target})
    return 0
  }

  private clone(parsed: ParsedOptions, work: () => void): number {
    const sourceName = parsed.operands[0]
    if (parsed.operands.length !== 1 || sourceName === undefined) return this.usage()
    const source = this.store.zone(sourceName)
    if (!source) {
      this.console.err(`zoneadm: ${sourceName}: No such zone configured\n`)
      return 1
    }
    if (source.state !== 'installed') {
      this.zerror(`zone ${sourceName} is ${source.state}; installed is required.`)
      return 1
    }
    if (source.config.props.brand !== this.current.config.props.brand) {
      this.zerror(`Zones '${sourceName}' and '${this.zone}' have different brand types.`)
      return 1
    }
    work()
    this.save({state: 'installed', uuid: randomUUID(), publishers: structuredClone(source.publishers)})
    return 0
  }

  private move(parsed: ParsedOptions, work: () => void): number {
    const path = parsed.operands[0]
    if (parsed.operands.length !== 1 || path === undefined) return this.usage()
    if (!path.startsWith('/')) {
      this.zerror(`Zonepath ${path} is not an absolute path.`)
      return 1
    }
    work()
    const config = structuredClone(this.current.config)
    config.props.zonepath = path
    this.save({config})
    return 0
  }

  private detach(parsed: ParsedOptions, work: () => void): number {
    work()
    if (!hasOption(parsed, 'n')) this.save({state: 'configured', uuid: ''})
    return 0
  }

  private attach(parsed: ParsedOptions, work: () => void): number {
    if (hasOption(parsed, 'F') && optionValue(parsed, 'n') !== undefined) {
      this.zerror('-F and -n flags are mutually exclusive')
      return Z_USAGE
    }
    work()
    if (optionValue(parsed, 'n') !== undefined) return 0
    const publishers =
      this.current.publishers.length > 0 || !this.store.flavour().ipsBrands.includes(this.current.config.props.brand ?? '')
        ? this.current.publishers
        : structuredClone(this.store.host().publishers)
    this.save({state: 'installed', uuid: randomUUID(), publishers})
    return 0
  }
}

/** The lines pkgcreatezone prints (labels right-aligned to 12 columns). */
function ipsInstallOutput(zonepath: string, brand: string, publishers: Publisher[], elapsedMs: number): string {
  const line = (label: string, text: string): string => `${label.padStart(12)}: ${text}\n`
  let text = line('Image', `Preparing at ${zonepath}/root.`)
  text += line('Sanity Check', "Looking for 'entire' incorporation.")
  for (const {name, uri} of installerPublisherLines(publishers)) text += line('Publisher', `Using ${name} (${uri}).`)
  text += line('Cache', 'Using /var/pkg/publisher.')
  text += line('Installing', 'Packages (output follows)')
  text += line('Postinstall', 'Copying SMF seed repository ... done.')
  if (brand === 'pkgsrc') text += 'Installing pkgsrc bootstrap...\n'
  text += line('Done', `Installation completed in ${(elapsedMs / 1000).toFixed(3)} seconds.`)
  return text
}

