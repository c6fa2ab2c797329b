// cat, ls, id, auths, profiles: the read-only commands zmgr runs to learn the
// host (CONTRACT §9, §2.2.1). They answer for the simulated host's release
// files, brand directories and user; for anything else they run the real
// command of the same name (the next one on PATH), so a shell with the
// simulator first on PATH keeps working.
import {spawnSync} from 'node:child_process'
import {accessSync, constants, readFileSync, statSync} from 'node:fs'
import {basename, delimiter, join, resolve} from 'node:path'
import {processConsole, runProcess, type Console} from '../io.js'
import {authsOf, profilesOf, simUser} from '../rbac.js'
import {isSimulatedPath, simPath} from '../host-files.js'
import {SIMULATOR_BIN} from '../package-paths.js'
import {STATE_ENV, Store} from '../store.js'
import {pathExists} from '../zoneadm/verify.js'

/** Runs the real command: the first `name` on PATH that is not the simulator's; its output goes to `console`. */
function realCommand(name: string, args: string[], console: Console): number {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || resolve(dir) === SIMULATOR_BIN) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      if (!statSync(candidate).isFile()) continue
    } catch {
      continue
    }
    const child = spawnSync(candidate, args, {
      stdio: [console.stdin === undefined ? 'inherit' : 'pipe', 'pipe', 'pipe'],
      input: console.stdin,
      encoding: 'utf8',
    })
    console.out(child.stdout ?? '')
    console.err(child.stderr ?? '')
    return child.status ?? 1
  }
  console.err(`${name}: not found\n`)
  return 127
}

function store(): Store | undefined {
  return process.env[STATE_ENV] ? Store.fromEnv() : undefined
}

/** cat FILE...: illumos cat's `cannot open` message, exit 2 when any file failed. */
function cat(sim: Store, files: string[], console: Console): number {
  let status = 0
  for (const file of files) {
    const found = isSimulatedPath(file) ? simPath(sim, file) : realFile(file)
    if (found.kind === 'file') console.out(found.text)
    else {
      console.err(
        `cat: cannot open ${file}: ${found.kind === 'dir' ? 'Is a directory' : 'No such file or directory'}\n`,
      )
      status = 2
    }
  }
  return status
}

function realFile(path: string): ReturnType<typeof simPath> {
  try {
    return {kind: 'file', text: readFileSync(path, 'utf8')}
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EISDIR' ? {kind: 'dir', entries: []} : {kind: 'missing'}
  }
}

/** ls -d PATH... of paths outside the simulated files: the seeded paths, dataset mountpoints and zone roots zoneadm checks. */
function lsGlobalZone(sim: Store, paths: string[], console: Console): number {
  let status = 0
  for (const path of paths) {
    if (pathExists(sim, path)) console.out(`${path}\n`)
    else {
      console.err(`${path}: No such file or directory\n`)
      status = 2
    }
  }
  return status
}

/** ls [-1] [-d] PATH...: one name per line, files first, then each directory's entries (headed when several). */
function ls(sim: Store, flags: string, paths: string[], console: Console): number {
  let status = 0
  const files: string[] = []
  const dirs: Array<[string, string[]]> = []
  for (const path of paths) {
    const found = simPath(sim, path)
    if (found.kind === 'missing') {
      console.err(`${path}: No such file or directory\n`)
      status = 2
    } else if (found.kind === 'file' || flags.includes('d')) files.push(path)
    else dirs.push([path, found.entries])
  }
  if (files.length > 0) console.out(`${files.sort().join('\n')}\n`)
  const headed = paths.length > 1
  dirs.forEach(([path, entries], index) => {
    if (headed) console.out(`${files.length > 0 || index > 0 ? '\n' : ''}${path}:\n`)
    if (entries.length > 0) console.out(`${entries.join('\n')}\n`)
  })
  return status
}

function groupName(gid: number): string {
  return gid === 0 ? 'root' : gid === 10 ? 'staff' : String(gid)
}

export function files(command: string, args: string[], console: Console = processConsole): number {
  const sim = store()
  if (!sim) return realCommand(command, args, console)
  const user = simUser(sim)
  switch (command) {
    case 'cat':
      if (args.some((a) => a.startsWith('-')) || !args.some(isSimulatedPath)) break
      return cat(sim, args, console)
    case 'ls': {
      const flags = args.filter((a) => /^-[1d]+$/.test(a)).join('')
      const paths = args.filter((a) => !/^-[1d]+$/.test(a))
      if (paths.length === 0 || args.some((a) => a.startsWith('-') && !/^-[1d]+$/.test(a))) break
      if (paths.every(isSimulatedPath)) return ls(sim, flags, paths, console)
      // `ls -d` of the global zone's paths (fs specials, CONTRACT §2.6) answers from what the simulated zoneadm sees.
      if (flags.includes('d') && paths.every((p) => p.startsWith('/'))) return lsGlobalZone(sim, paths, console)
      break
    }
    case 'id': {
      // illumos id: `uid=N(name) gid=N(group)`; -u/-g print the number, with -n the name.
      const opts = args.join('')
      if (args.length === 0) {
        console.out(`uid=${user.uid}(${user.name}) gid=${user.gid}(${groupName(user.gid)})\n`)
        return 0
      }
      if (/^-(u|un|nu)$/.test(opts) || args.join(' ') === '-u -n' || args.join(' ') === '-n -u') {
        console.out(`${opts.includes('n') ? user.name : user.uid}\n`)
        return 0
      }
      break
    }
    case 'auths':
      // auths.c: one line, comma-separated; `solaris.*` alone when the user has every authorisation.
      if (args.length > 1 || (args[0] !== undefined && args[0] !== user.name)) break
      console.out(`${authsOf(user).includes('solaris.*') ? 'solaris.*' : authsOf(user).join(',')}\n`)
      return 0
    case 'profiles':
      // profiles.c: one name per line; with a user operand, `user:` and indented names.
      if (args.length > 1 || (args[0] !== undefined && args[0] !== user.name)) break
      if (args[0] !== undefined) console.out(`${user.name}:\n`)
      for (const name of profilesOf(user)) console.out(`${args[0] !== undefined ? '          ' : ''}${name}\n`)
      return 0
  }
  return realCommand(command, args, console)
}

export function main(): void {
  const command = basename(process.argv[1] ?? '')
  runProcess((args) => files(command, args))
}
