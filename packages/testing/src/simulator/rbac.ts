// The user the simulated commands run as, and what illumos RBAC lets that user
// do (CONTRACT §2.2, §2.2.1). The model: zmgr is started by this user under
// pfexec (or from a profile shell), so every command it runs gets the
// attributes the user's profiles give that command; root has everything.
import type {Store} from './store.js'
import type {SimUser} from './types.js'

/** root's user_attr entry (libsecdb user_attr.txt: auths=solaris.*, profiles=All). */
export const ROOT_USER: SimUser = {name: 'root', uid: 0, gid: 0, auths: ['solaris.*'], profiles: ['All']}

/** What policy.conf grants everyone (AUTHS_GRANTED, PROFS_GRANTED) on a stock illumos. */
const GRANTED_AUTHS = ['solaris.device.cdrw']
const GRANTED_PROFILES = ['Basic Solaris User']

interface Profile {
  /** Commands the profile runs with uid/euid 0 or extra privileges, by basename; '*' for any. */
  commands: string[]
  auths: string[]
  /** Sub-profiles (prof_attr `profiles=`). */
  profiles?: string[]
}

/** prof_attr/exec_attr entries that matter to zone management (CONTRACT §2.2.1). */
export const PROFILES: Record<string, Profile> = {
  'Primary Administrator': {commands: ['*'], auths: ['solaris.*']},
  'Zone Management': {commands: ['zoneadm', 'zlogin'], auths: []},
  'Zone Security': {commands: ['zonecfg', 'txzonemgr'], auths: ['solaris.zone.*', 'solaris.zone.grant']},
  'Network Management': {commands: ['dladm'], auths: ['solaris.smf.manage.network', 'solaris.network.link.security']},
  'Software Installation': {commands: ['pkg'], auths: []},
  'Basic Solaris User': {commands: [], auths: ['solaris.profmgr.read', 'solaris.mail.mailq'], profiles: ['All']},
  All: {commands: [], auths: []},
}

export function simUser(store: Store): SimUser {
  return store.host().user ?? ROOT_USER
}

/** Profiles with their sub-profiles expanded, each once, after those in `seen` (getproflist). */
function expand(names: string[], seen: string[] = []): string[] {
  const out = [...seen]
  const add = (name: string): void => {
    if (out.includes(name)) return
    out.push(name)
    for (const sub of PROFILES[name]?.profiles ?? []) add(sub)
  }
  for (const name of names) add(name)
  return out.slice(seen.length)
}

/** The user's profiles, then the granted ones (profiles(1)). */
export function profilesOf(user: SimUser): string[] {
  const own = expand(user.profiles)
  return [...own, ...expand(GRANTED_PROFILES, own)]
}

/** auths(1): the user's own, those of the user's profiles, then policy.conf's and those of the granted profiles. */
export function authsOf(user: SimUser): string[] {
  const own = expand(user.profiles)
  const profileAuths = (names: string[]) => names.flatMap((name) => PROFILES[name]?.auths ?? [])
  return [
    ...new Set([...user.auths, ...profileAuths(own), ...GRANTED_AUTHS, ...profileAuths(expand(GRANTED_PROFILES, own))]),
  ]
}

/** chkauthattr(): `x.*` covers everything below x; an auth without `/object` covers every object. */
export function hasAuth(user: SimUser, wanted: string): boolean {
  const bare = wanted.split('/')[0]!
  return authsOf(user).some(
    (auth) => auth === wanted || auth === bare || (auth.endsWith('.*') && wanted.startsWith(auth.slice(0, -1))),
  )
}

/** Whether `command` runs with the privileges it needs: as root, or through one of the user's profiles. */
export function privileged(user: SimUser, command: string): boolean {
  if (user.uid === 0) return true
  return profilesOf(user).some((name) => PROFILES[name]?.commands.some((c) => c === '*' || c === command))
}
