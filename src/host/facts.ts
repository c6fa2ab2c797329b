import {type Datalink, listLinks} from '../illumos/dladm.js'
import {listSystemZones, type SystemZone} from '../illumos/zoneadm.js'
import {type ImagePublisher, listImagePublishers} from '../illumos/pkg.js'
import {isZmgrError} from '../errors.js'
import type {SystemRunner} from '../system/runner.js'
import {detectDistribution, type Distribution} from './distribution.js'

/** Who runs zmgr: `id`, and for anyone but root `auths` and `profiles` (CONTRACT §2.2.1). */
export interface HostUser {
  uid: number
  name: string
  /** Every authorisation the user holds, own and through profiles (auths(1)); empty for root, who has all. */
  auths: string[]
  /** The user's rights profiles, sub-profiles expanded (profiles(1)); empty for root. */
  profiles: string[]
}

/** One publisher of the global zone, from `pkg publisher -H -F tsv`, in search order. */
/** A ZFS filesystem: `zfs list -H -t filesystem -o name,mountpoint,mounted`. */
export interface HostFilesystem {
  name: string
  /** A path, `legacy` or `none`. */
  mountpoint: string
  mounted: boolean
}

/** A dataset's mountpoint and where it comes from (`zfs get -H -o value,source mountpoint`). */
export interface DatasetMountpoint {
  mountpoint: string
  /** `local`, `default`, `inherited from <parent>`, ... */
  source: string
}

/** The brand directories of the host: `/usr/lib/brand/<b>/` with config.xml and platform.xml (libbrand `brand_open`). */
const BRAND_DIR = '/usr/lib/brand'

/** Parse `zfs list -H -t filesystem -o name,mountpoint,mounted`. */
export function parseFilesystems(text: string): HostFilesystem[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name, mountpoint = '', mounted = ''] = line.split('\t')
      return {name, mountpoint, mounted: mounted === 'yes'}
    })
}

/** Parse illumos `id`: `uid=101(bob) gid=10(staff)`. */
export function parseId(text: string): {uid: number; name: string} | undefined {
  const match = /uid=(\d+)(?:\(([^)]*)\))?/.exec(text)
  return match ? {uid: Number(match[1]), name: match[2] ?? match[1]} : undefined
}

/**
 * What zmgr knows about the host it runs on, learned from the command line
 * (CONTRACT §9) through the SystemRunner: each fact is read at most once per
 * run, and only when something asks for it, so dry-run and tests see the
 * exact commands. Every command here is read-only and works unprivileged.
 * Plugins get the run's instance with `hostFacts(runner)`.
 */
export class HostFacts {
  private readonly cache = new Map<string, Promise<unknown>>()

  constructor(readonly runner: SystemRunner) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let value = this.cache.get(key) as Promise<T> | undefined
    if (!value) {
      value = read()
      this.cache.set(key, value)
    }
    return value
  }

  /** Text of a file through `cat`, or undefined when it cannot be read. */
  private async file(path: string): Promise<string | undefined> {
    const result = await this.runner.run(['cat', path], {allowFailure: true})
    return result.exitCode === 0 ? result.stdout : undefined
  }

  /** OmniOS or OpenIndiana, and the release: os-release first, /etc/release when it does not say. */
  distribution(): Promise<Distribution> {
    return this.once('distribution', async () => {
      const osRelease = await this.file('/etc/os-release')
      const detected = detectDistribution(osRelease, undefined)
      if (detected.id !== 'unknown') return detected
      return detectDistribution(osRelease, await this.file('/etc/release'))
    })
  }

  /** Installed brands: directories of /usr/lib/brand holding both config.xml and platform.xml. */
  brands(): Promise<string[]> {
    return this.once('brands', async () => {
      const listing = await this.runner.run(['ls', '-1', BRAND_DIR], {allowFailure: true})
      const dirs =
        listing.exitCode === 0 ? listing.stdout.split('\n').filter((name) => /^[A-Za-z0-9_.-]+$/.test(name)) : []
      if (dirs.length === 0) return []
      const files = dirs.flatMap((dir) => [`${BRAND_DIR}/${dir}/config.xml`, `${BRAND_DIR}/${dir}/platform.xml`])
      // ls prints the files that exist and complains about the others (exit 2): both are answers.
      const found = new Set((await this.runner.run(['ls', '-1d', ...files], {allowFailure: true})).stdout.split('\n'))
      return dirs.filter(
        (dir) => found.has(`${BRAND_DIR}/${dir}/config.xml`) && found.has(`${BRAND_DIR}/${dir}/platform.xml`),
      )
    })
  }

  /** Every datalink with its class (phys, aggr, etherstub, vnic, ...), in dladm's order. */
  links(): Promise<Datalink[]> {
    return this.once('links', () => listLinks(this.runner))
  }

  /** The zones configured on the host (every state), without the global zone. */
  zones(): Promise<SystemZone[]> {
    return this.once('zones', () => listSystemZones(this.runner))
  }

  /** Links a VNIC can be created over: physical NICs, aggregations, etherstubs, overlays (CONTRACT §9). */
  async vnicLowerLinks(): Promise<Datalink[]> {
    return (await this.links()).filter((link) => VNIC_LOWER_CLASSES.includes(link.class))
  }

  /** The global zone's publishers, in search order. */
  publishers(): Promise<ImagePublisher[]> {
    return this.once('publishers', () => listImagePublishers(this.runner))
  }

  /** ZFS filesystems; undefined when this host has no `zfs` command (then no dataset can be checked). */
  filesystems(): Promise<HostFilesystem[] | undefined> {
    return this.once('filesystems', async () => {
      try {
        return parseFilesystems(
          (await this.runner.run(['zfs', 'list', '-H', '-t', 'filesystem', '-o', 'name,mountpoint,mounted'])).stdout,
        )
      } catch (error) {
        if (isZmgrError(error) && error.code === 'zmgr::system::command-missing') return undefined
        throw error
      }
    })
  }

  /** A dataset's mountpoint and its source; undefined when the dataset does not exist. */
  datasetMountpoint(dataset: string): Promise<DatasetMountpoint | undefined> {
    return this.once(`dataset:${dataset}`, async () => {
      const result = await this.runner.run(['zfs', 'get', '-H', '-o', 'value,source', 'mountpoint', dataset], {
        allowFailure: true,
      })
      if (result.exitCode !== 0) return undefined
      const [mountpoint = '', source = ''] = result.stdout.split('\n')[0].split('\t')
      return {mountpoint, source}
    })
  }

  /** Whether a path exists in the global zone (`ls -d`). */
  pathExists(path: string): Promise<boolean> {
    return this.once(
      `path:${path}`,
      async () => (await this.runner.run(['ls', '-d', path], {allowFailure: true})).exitCode === 0,
    )
  }

  /** The user zmgr runs as; auths and profiles are read only for someone other than root. */
  user(): Promise<HostUser> {
    return this.once('user', async () => {
      const id = parseId((await this.runner.run(['id'])).stdout) ?? {uid: -1, name: 'unknown'}
      if (id.uid === 0) return {...id, auths: [], profiles: []}
      const [auths, profiles] = await Promise.all([
        this.runner.run(['auths'], {allowFailure: true}),
        this.runner.run(['profiles'], {allowFailure: true}),
      ])
      return {
        ...id,
        auths: auths.exitCode === 0 ? auths.stdout.trim().split(',').filter(Boolean) : [],
        profiles:
          profiles.exitCode === 0
            ? profiles.stdout
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean)
            : [],
      }
    })
  }
}

/** Datalink classes `dladm create-vnic -l` accepts. */
export const VNIC_LOWER_CLASSES = ['phys', 'aggr', 'etherstub', 'overlay', 'simnet']

const perRunner = new WeakMap<SystemRunner, HostFacts>()

/** The host facts of a run: one instance per SystemRunner, so every plugin shares what was already read. */
export function hostFacts(runner: SystemRunner): HostFacts {
  let facts = perRunner.get(runner)
  if (!facts) {
    facts = new HostFacts(runner)
    perRunner.set(runner, facts)
  }
  return facts
}
