// zoneadm subcommands other than list: the zone state machine with the
// sanity checks of zoneadm.c (in their order) and zoneadmd's refusals.
import {randomUUID} from 'node:crypto'
import {getopt, hasOption, optionValue, type ParsedOptions} from '../getopt.js'
import {lineReader, stdinIsTty, type Console} from '../io.js'
import {hasAuth, privileged, simUser} from '../rbac.js'
import type {Store} from '../store.js'
import {hasKernelInstance, stateAtLeast, type ZoneRecord, type ZoneState} from '../types.js'
import {
  createZonepathDataset,
  destroyZonepathDataset,
  provisionZoneDatasets,
  setZoneRootMounted,
} from '../zfs/zonepath.js'
import {runInstaller, SUBPROC_NOTCOMPLETE, SUBPROC_OK, SUBPROC_USAGE} from './installers.js'
import {bringUpNetworks, tearDownNetworks} from './network.js'
import {SUBCOMMANDS, subUsage} from './usage.js'
import {verifyZone} from './verify.js'

const Z_USAGE = 2

/** Subcommands that are unsafe while the zone has a kernel instance (sanity_check step 7). */
const UNSAFE_WHEN_RUNNING = new Set(['install', 'uninstall', 'clone', 'move', 'detach', 'attach', 'mark'])
/** Subcommands that need a kernel instance (step 6). */
const NEED_RUNNING = new Set(['reboot', 'shutdown'])
/** Subcommands that need at least `installed` (step 8). */
const NEED_INSTALLED = new Set(['boot', 'ready', 'move', 'detach', 'mount'])
/** Subcommands zoneadm hands to zoneadmd; zoneadm adds `call to zoneadmd failed` when these fail there. */
const REPORTS_ZONEADMD_FAILURE = new Set(['boot', 'ready', 'mount', 'unmount'])

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

  /** A message relayed from zoneadmd (libzonecfg's zerror): `zone 'Z': msg`, without the `zoneadm: ` prefix. */
  private relay(message: string): void {
    this.console.err(`zone '${this.zone}': ${message}\n`)
  }

  /** zoneadmd refused: its message, and for boot/ready/mount/unmount zoneadm's own line. Exit 1. */
  private zoneadmdRefused(message: string): number {
    this.relay(message)
    if (REPORTS_ZONEADMD_FAILURE.has(this.subcommand)) this.zerror('call to zoneadmd failed')
    return 1
  }

  /** zoneadmd's refusal of a request in the zone's current state. */
  private invalidInState(): number {
    return this.zoneadmdRefused(`${this.subcommand} operation is invalid for zones in state '${this.current.state}'`)
  }

  /** zoneadmd will not even start for a configured zone. */
  private cannotStartZoneadmd(): number {
    this.console.err(`cannot manage a zone which is in state '${this.current.state}'\n`)
    this.relay('could not start zoneadmd')
    return 1
  }

  /** verify_details(): the checks, then `zoneadm: zone Z failed to verify` (no quotes) when one failed. */
  private verified(): boolean {
    if (verifyZone(this.store, this.current, this.console)) return true
    this.console.err(`zoneadm: zone ${this.zone} failed to verify\n`)
    return false
  }

  /** zerror() and fail the check. */
  private refuse(message: string): false {
    this.zerror(message)
    return false
  }

  /** sub_usage(); the private mount/unmount have no usage text and just exit 2. */
  private usage(): number {
    if (this.subcommand in SUBCOMMANDS) this.console.err(subUsage(this.subcommand))
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
      mount: '?f',
      unmount: '?f',
      verify: '?',
      mark: '?F',
      clone: '?m:s:',
      move: '?',
      detach: '?n',
      attach: '?Fn:u',
    }
    const parsed = getopt(args, optstrings[this.subcommand] ?? '?')
    if (hasOption(parsed, '?')) return this.usage()
    // install hands unknown options to the brand installer.
    if (parsed.error && this.subcommand !== 'install') return this.usage()
    this.record = this.zone === undefined ? undefined : this.store.zone(this.zone)
    if (!this.sanityCheck(parsed)) return 1
    switch (this.subcommand) {
      case 'install':
        return this.install(args, work)
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
      case 'mount':
        return this.mount(work)
      case 'unmount':
        return this.unmount(work)
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
    const user = simUser(this.store)
    if (!privileged(user, 'zoneadm')) return this.refuse(`only a privileged user may ${cmd} a zone.`)
    if (this.zone === undefined) return this.refuse('no zone specified')
    if (!hasAuth(user, `solaris.zone.manage/${this.zone}`))
      return this.refuse(`User ${user.name} is not authorized to ${cmd} this zone.`)
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
    const forced = (cmd === 'boot' && hasOption(parsed, 'F')) || (cmd === 'mount' && hasOption(parsed, 'f'))
    const minimum: ZoneState = forced ? 'incomplete' : 'installed'
    if (NEED_INSTALLED.has(cmd) && !stateAtLeast(state, minimum)) return this.refuse(`must be installed before ${cmd}.`)
    return true
  }

  // --- install / uninstall ------------------------------------------------------

  /**
   * install_func(): verify, state `incomplete`, the zonepath dataset (with the one line zoneadm prints itself),
   * then the brand installer, whose exit status decides: 0 installed, 253 usage (left incomplete), 254 cleaned up
   * and back to configured, 255 left incomplete.
   */
  private install(args: string[], work: () => void): number {
    const zone = this.current
    const kind = this.store.flavour().installers[zone.config.props.brand ?? '']
    if (kind === undefined) {
      this.zerror('missing or invalid brand')
      return 1
    }
    if (!this.verified()) return 1
    this.save({state: 'incomplete'})
    work()
    const zonepath = zone.config.props.zonepath ?? ''
    const datasetCreated = createZonepathDataset(this.store, zonepath) === 'created'
    if (datasetCreated) this.console.out('A ZFS file system has been created for this zone.\n')
    const outcome = runInstaller(kind, {
      store: this.store,
      console: this.console,
      zone: this.current,
      args,
      datasetCreated,
    })
    switch (outcome.status) {
      case SUBPROC_OK:
        this.save({state: 'installed', uuid: randomUUID(), publishers: outcome.publishers})
        return 0
      case SUBPROC_USAGE:
        this.console.err(subUsage('install'))
        return 1
      case SUBPROC_NOTCOMPLETE:
        destroyZonepathDataset(this.store, zonepath)
        this.save({state: 'configured'})
        return 1
      default:
        return 1
    }
  }

  private uninstall(parsed: ParsedOptions, work: () => void): number {
    if (!hasOption(parsed, 'F')) {
      if (!stdinIsTty(this.console)) {
        this.zerror('Input not from terminal and -F not specified: uninstall not done.')
        return 1
      }
      this.console.out(`Are you sure you want to uninstall zone ${this.zone} (y/[n])? `)
      if (!/^[yY]/.test(lineReader(this.console)() ?? '')) return 0
    }
    this.save({state: 'incomplete'})
    work()
    if (destroyZonepathDataset(this.store, this.current.config.props.zonepath ?? ''))
      this.console.out('The ZFS file system for this zone has been destroyed.\n')
    this.save({state: 'configured', uuid: '', publishers: []})
    return 0
  }

  // --- boot / ready / halt / reboot / shutdown (via zoneadmd) ----------------------

  /** Gives the zone a kernel instance with networking and its root mounted; false when it cannot. */
  private instantiate(state: 'ready' | 'running'): boolean {
    if (!bringUpNetworks(this.store, this.current, this.console)) return false
    setZoneRootMounted(this.store, this.current.config.props.zonepath ?? '', true)
    this.save({state, zoneid: this.store.nextId('nextZoneId')})
    return true
  }

  private boot(work: () => void): number {
    const state = this.current.state
    if (state === 'running') {
      this.relay('zone is already booted')
      return 0
    }
    if (state === 'mounted') return this.invalidInState()
    if (!this.verified()) return 1
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
      this.relay('zone is already ready')
      return 0
    }
    if (state === 'mounted') return this.invalidInState()
    if (!this.verified()) return 1
    work()
    if (state === 'running') {
      this.save({state: 'ready'})
      return 0
    }
    return this.instantiate('ready') ? 0 : 1
  }

  private halt(work: () => void): number {
    const state = this.current.state
    if (state === 'configured') return this.cannotStartZoneadmd()
    if (state === 'installed') {
      this.relay('zone is already halted')
      return 0
    }
    if (state === 'incomplete' || state === 'mounted') return this.invalidInState()
    work()
    this.stop('halt')
    return 0
  }

  private stop(how: 'graceful' | 'halt'): void {
    tearDownNetworks(this.store, this.current.name)
    setZoneRootMounted(this.store, this.current.config.props.zonepath ?? '', false)
    this.save({state: 'installed', zoneid: null, lastStop: how})
  }

  /** Not graceful: zoneadmd halts and boots the zone without its shutdown scripts. */
  private reboot(work: () => void): number {
    if (this.current.state !== 'running') return this.invalidInState()
    if (!this.verified()) return 1
    work()
    this.save({zoneid: this.store.nextId('nextZoneId'), lastStop: 'halt'})
    return 0
  }

  /** Graceful: the zone's shutdown runs (init 0); -r boots it again with a new id. */
  private shutdown(parsed: ParsedOptions, work: () => void): number {
    if (this.current.state !== 'running') return this.invalidInState()
    work()
    if (hasOption(parsed, 'r'))
      this.save({state: 'running', zoneid: this.store.nextId('nextZoneId'), lastStop: 'graceful'})
    else this.stop('graceful')
    return 0
  }

  /** The private `mount` subcommand: the zone's file systems in a scratch zone, for administration. */
  private mount(work: () => void): number {
    const state = this.current.state
    if (state !== 'installed' && state !== 'incomplete') return this.invalidInState()
    work()
    setZoneRootMounted(this.store, this.current.config.props.zonepath ?? '', true)
    this.save({state: 'mounted', zoneid: null})
    return 0
  }

  private unmount(work: () => void): number {
    const state = this.current.state
    if (state === 'configured') return this.cannotStartZoneadmd()
    if (state === 'installed' || state === 'incomplete') {
      this.relay('zone is already unmounted')
      return 0
    }
    if (state !== 'mounted') return this.invalidInState()
    work()
    setZoneRootMounted(this.store, this.current.config.props.zonepath ?? '', false)
    this.save({state: 'installed', zoneid: null})
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
    return this.verified() ? 0 : 1
  }

  private mark(parsed: ParsedOptions, work: () => void): number {
    const target = parsed.operands[0]
    const hidden = target === 'configured' || target === 'installed'
    if (parsed.operands.length !== 1 || !(target === 'incomplete' || (hidden && hasOption(parsed, 'F'))))
      return this.usage()
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
    // The target's zonepath dataset (a ZFS clone of the source's on illumos; the simulator has no snapshots).
    const ipsBrand = this.store.flavour().ipsBrands.includes(source.config.props.brand ?? '')
    provisionZoneDatasets(this.store, this.current.config.props.zonepath ?? '', ipsBrand)
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
      this.current.publishers.length > 0 ||
      !this.store.flavour().ipsBrands.includes(this.current.config.props.brand ?? '')
        ? this.current.publishers
        : structuredClone(this.store.host().publishers)
    this.save({state: 'installed', uuid: randomUUID(), publishers})
    return 0
  }
}
