// zmgr/testing: the simulated illumos host for tests (docs/simulator.md). It lives in the
// zmgr-testing package, which the zmgr runtime does not ship: a clone has it as a workspace,
// a plugin author installs its packed tarball beside zmgr (docs/plugins.md).
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type * as Testing from 'zmgr-testing'
import {ZmgrError} from './errors.js'
import type {SystemRunner} from './system/runner.js'

export type {
  DatasetSeed,
  Fault,
  FaultAction,
  FaultCommand,
  FaultSpec,
  FlavourName,
  FsSeed,
  Link,
  LinkClass,
  LinkSeed,
  NameValue,
  NetSeed,
  Publisher,
  RctlValue,
  ReleaseFiles,
  Resource,
  RunOptions,
  RunResult,
  SeedSpec,
  SimState,
  SimUser,
  StartedRun,
  TestHostOptions,
  UserSeed,
  ZoneConfig,
  ZoneSeed,
  ZoneSnapshot,
  ZoneState,
} from 'zmgr-testing'

const notFound = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
  String((error as Error).message).includes("'zmgr-testing'")

async function loadTesting(): Promise<typeof Testing> {
  try {
    return await import('zmgr-testing')
  } catch (error) {
    if (!notFound(error)) throw error
    // After `zmgr plugins link`, the plugin's node_modules/zmgr is a link to the installed zmgr, and Node
    // resolves from where that really is: zmgr-testing, installed in the plugin's project, is then found
    // from the working folder (where the plugin's tests run) only.
    const inProject = resolveFromWorkingFolder()
    if (inProject) return (await import(pathToFileURL(inProject).href)) as typeof Testing
    throw new ZmgrError(
      'zmgr::testing::not-installed',
      'zmgr/testing needs the zmgr-testing package, which is not installed',
      {
        help: 'pack it in a zmgr clone (npm pack -w packages/testing) and install the tarball as a dev dependency: npm install --save-dev ./zmgr-testing-<version>.tgz',
        cause: error,
      },
    )
  }
}

function resolveFromWorkingFolder(): string | undefined {
  try {
    return createRequire(join(process.cwd(), 'package.json')).resolve('zmgr-testing')
  } catch {
    return undefined
  }
}

/** zmgr-testing's host, its runner typed as zmgr's (zmgr-testing is built before zmgr and cannot name the class). */
export interface TestHost extends Omit<Testing.TestHost, 'systemRunner'> {
  /** See zmgr-testing: at run time it is an instance of a subclass of zmgr's SystemRunner. */
  systemRunner(): SystemRunner
}

const testing = await loadTesting()

export const {SIMULATOR_BIN, DEFAULT_DATASETS, DEFAULT_LINKS, RELEASE_FILES} = testing
/** Creates a simulated host in a fresh temp folder (docs/simulator.md). */
export const createTestHost = testing.createTestHost as (options?: Testing.TestHostOptions) => Promise<TestHost>
