import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {chmod, chown, mkdir, readFile, rm, symlink, truncate, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {
  type FileKind,
  nameProblemOf,
  poolKind,
  publisherKind,
  Registry,
  templateKind,
  type ZmgrError,
  zoneKind,
} from 'zmgr'
import {createTestHost, type TestHost} from 'zmgr/testing'

/**
 * zmgr children here test zmgr's file handling (a child, so that a hang is caught by its timeout): the simulated
 * commands, where a command runs any, are functions in them.
 */
const IN_PROCESS = {simulator: 'in-process'} as const

/** The names that must never become paths: traversal, absolute, dotfile, control character, over-long. */
const HOSTILE = ['../../x/y', '/etc/passwd', '.hidden', 'a\u0001b', 'n'.repeat(300)]
const KINDS = [zoneKind, templateKind, poolKind, publisherKind]

function parse(stderr: string): string {
  return stderr.match(/^error\[([^\]]+)\]/m)?.[1] ?? `(no error code in: ${stderr})`
}

describe('names are names (issue 12, item 3)', () => {
  it('every kind refuses traversal, absolute paths, dotfiles, control characters and over-long names before building a path', async () => {
    const registry = new Registry('/nonexistent-root')
    for (const kind of KINDS as Array<(typeof KINDS)[number] & FileKind<unknown>>) {
      for (const name of HOSTILE) {
        expect(nameProblemOf(kind, name), `${kind.kind} ${JSON.stringify(name)}`).to.be.a('string')
        let error: ZmgrError | undefined
        try {
          registry.fileOf(kind, name)
        } catch (e) {
          error = e as ZmgrError
        }
        expect([error?.code, error?.exit], `${kind.kind} ${JSON.stringify(name)}`).to.deep.equal([
          `zmgr::${kind.kind}::bad-name`,
          2,
        ])
        // The Registry's readers go through the same check: a third-party command that skips the argument parser is covered.
        const load = await registry.load(kind, name).then(
          () => undefined,
          (e: unknown) => e as ZmgrError,
        )
        expect(load?.code).to.equal(`zmgr::${kind.kind}::bad-name`)
      }
      for (const good of ['web01', 'db-primary', 'a.b_c', '9lives'])
        expect(nameProblemOf(kind, good), good).to.equal(undefined)
    }
    expect(nameProblemOf(zoneKind, 'z'.repeat(64))).to.match(/at most 63/)
    expect(nameProblemOf(templateKind, 't'.repeat(65))).to.match(/at most 64/)
  })

  describe('every command that takes a name', function () {
    this.timeout(300_000)
    let host: TestHost
    before(async () => {
      host = await createTestHost()
      expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    })
    after(() => host.cleanup())

    const commands: Array<[string, string[], (name: string) => string[]]> = [
      ['zone', ['zones', 'create'], (n) => [n, '--dry-run']],
      ['zone', ['zones', 'destroy'], (n) => [n, '--yes']],
      ['zone', ['zones', 'show'], (n) => [n]],
      ['zone', ['zones', 'boot'], (n) => [n]],
      ['zone', ['zones', 'halt'], (n) => [n]],
      ['zone', ['zones', 'reboot'], (n) => [n]],
      ['zone', ['zones', 'shutdown'], (n) => [n]],
      ['zone', ['import'], (n) => [n, '--dry-run']],
      ['zone', ['import'], (n) => ['web01', n, '--dry-run']],
      ['template', ['zones', 'create'], (n) => ['web01', '--template', n, '--dry-run']],
      ['template', ['templates', 'show'], (n) => [n]],
      ['template', ['templates', 'create'], (n) => [n, '--brand', 'ipkg']],
      ['template', ['templates', 'create'], (n) => ['copy', '--from', n]],
      ['template', ['templates', 'edit'], (n) => [n, '--memory', '1G']],
      ['template', ['templates', 'delete'], (n) => [n, '--force']],
      ['pool', ['pools', 'show'], (n) => [n]],
      [
        'pool',
        ['pools', 'create'],
        (n) => [n, '--network', '198.51.100.0/24', '--range', '198.51.100.10-198.51.100.20'],
      ],
      ['pool', ['pools', 'edit'], (n) => [n, '--vlan', '5']],
      ['pool', ['pools', 'delete'], (n) => [n, '--force']],
      ['pool', ['pools', 'allocations'], (n) => [n]],
      ['publisher', ['publishers', 'show'], (n) => [n]],
      ['publisher', ['publishers', 'add'], (n) => [n, '--origin', 'https://pkg.example.org/']],
      ['publisher', ['publishers', 'remove'], (n) => [n, '--force']],
      ['publisher', ['publishers', 'edit'], (n) => [n, '--add-origin', 'https://pkg.example.org/']],
    ]
    commands.forEach(([kind, command, args], index) => {
      // Each command gets one hostile name, in turn, so every kind meets every sort of name.
      const name = HOSTILE[index % HOSTILE.length]
      it(`${command.join(' ')} ${args('NAME').join(' ')} with ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}...(${name.length})` : name)}: exit 2`, async () => {
        const result = await host.zmgr([...command, ...args(name)])
        expect(result.exitCode, result.stderr).to.equal(2)
        expect(parse(result.stderr)).to.equal(`zmgr::${kind}::bad-name`)
        expect(result.stderr).to.match(/cannot contain|cannot start with|at most \d+ characters/)
      })
    })

    it('zones destroy ../../x/y --yes leaves the file and the VNIC outside the root alone', async () => {
      const outside = join(host.dir, 'x', 'y.kdl')
      await mkdir(join(host.dir, 'x'), {recursive: true})
      await writeFile(
        outside,
        'zone "y" {\n    brand "ipkg"\n    zonepath "/zones/y"\n    autoboot #false\n    net "public" vnic="y_0" over="igb0"\n}\n',
      )
      expect((await host.run('dladm', ['create-vnic', '-l', 'igb0', 'y_0'])).exitCode).to.equal(0)
      const result = await host.zmgr(['zones', 'destroy', '../../x/y', '--yes'])
      expect(result.exitCode).to.equal(2)
      expect(existsSync(outside)).to.equal(true)
      expect(host.state().vnics.map((vnic) => vnic.name)).to.include('y_0')
    })
  })
})

describe('hostile files in the registry (issue 12, item 3)', function () {
  this.timeout(120_000)
  let host: TestHost
  before(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
    const templates = join(host.root, 'templates')
    const zones = join(host.root, 'zones')
    await mkdir(zones)
    await mkdir(join(templates, 'dir.kdl'))
    execFileSync('mkfifo', [join(templates, 'fifo.kdl'), join(zones, 'fifo.kdl')])
    await symlink('/dev/zero', join(templates, 'zero.kdl'))
    await symlink('/dev/zero', join(zones, 'zero.kdl'))
    await writeFile(join(templates, 'huge.kdl'), '')
    await truncate(join(templates, 'huge.kdl'), 64 * 1024 * 1024)
    await writeFile(join(templates, 'bad name.kdl'), 'template "bad name" {\n    brand "ipkg"\n}\n')
    await symlink('loop.kdl', join(templates, 'loop.kdl'))
  })
  after(() => host.cleanup())

  it('listing skips a directory, a FIFO (without hanging), /dev/zero (without reading it), a huge file, a symlink loop and a bad name, with a warning each', async () => {
    const result = await host.zmgr(['templates', 'list'], {timeoutMs: 20_000})
    expect(result.timedOut, 'zmgr hung').to.equal(false)
    expect(result.exitCode, result.stderr).to.equal(0)
    expect(result.stdout).to.match(/^omnios /m)
    for (const [code, file] of [
      ['zmgr::fs::is-a-directory', 'dir.kdl'],
      ['zmgr::fs::not-a-file', 'fifo.kdl'],
      ['zmgr::fs::not-a-file', 'zero.kdl'],
      ['zmgr::fs::too-large', 'huge.kdl'],
      ['zmgr::fs::symlink-loop', 'loop.kdl'],
      ['zmgr::template::bad-name', 'bad name.kdl'],
    ]) {
      expect(result.stderr).to.match(new RegExp(`^warning\\[${code}\\]: .*${file.replace('.', '\\.')}.*skipped$`, 'm'))
    }
  })

  it('naming one of them is an error with a stable code, not a hang and not zmgr::internal', async () => {
    for (const [name, code] of [
      ['fifo', 'zmgr::fs::not-a-file'],
      ['zero', 'zmgr::fs::not-a-file'],
      ['dir', 'zmgr::fs::is-a-directory'],
      ['huge', 'zmgr::fs::too-large'],
      ['loop', 'zmgr::fs::symlink-loop'],
    ]) {
      // Reading a FIFO or /dev/zero could hang: those run in a child with a time limit, the others in process.
      const mayHang = name === 'fifo' || name === 'zero'
      const result = await host.zmgr(['templates', 'show', name], mayHang ? {timeoutMs: 20_000} : {})
      expect(result.timedOut, `templates show ${name} hung`).to.equal(false)
      expect([result.exitCode, parse(result.stderr)], result.stderr).to.deep.equal([1, code])
      expect(result.stderr)
        .to.include(join(host.root, 'templates', `${name}.kdl`))
        .and.match(/help: /)
    }
  })

  it('zones list and the address ledger (zones create) do not hang on a FIFO or /dev/zero under zones/', async () => {
    const list = await host.zmgr(['zones', 'list'], {timeoutMs: 20_000, ...IN_PROCESS})
    expect(list.timedOut, 'zones list hung').to.equal(false)
    expect(list.stderr).to.match(/fifo\.kdl is a FIFO, not a regular file; skipped/)
    const create = await host.zmgr(['zones', 'create', 'web01', '--dry-run'], {timeoutMs: 20_000, ...IN_PROCESS})
    expect(create.timedOut, 'zones create hung').to.equal(false)
    expect(create.stderr).to.not.include('zmgr::internal')
  })
})

describe('filesystem errors are diagnostics (issue 12, item 5)', function () {
  this.timeout(120_000)
  let host: TestHost
  beforeEach(async () => {
    host = await createTestHost()
    expect((await host.zmgr(['init'])).exitCode).to.equal(0)
  })
  afterEach(() => host.cleanup())

  /**
   * Run zmgr in a user and mount namespace of its own (`unshare -rm`) after
   * `setup` (shell, mounts allowed there): how a test running as root meets a
   * real read-only file system or a full disk without touching the machine.
   */
  const isolated = (setup: string, args: string[]) =>
    host.run('unshare', ['-rm', 'sh', '-ec', `${setup}\nexec "$@"`, 'sh', ...host.zmgrCommand(IN_PROCESS), ...args])
  async function requireUnshare(context: Mocha.Context) {
    const probe = await host
      .run('unshare', ['-rm', 'sh', '-ec', `mount -t tmpfs -o size=64k tmpfs ${host.dir}`])
      .catch(() => undefined)
    if (probe?.exitCode !== 0) context.skip()
  }

  it('a read-only root (a read-only bind mount): zmgr::fs::read-only with the path, exit 1', async function () {
    await requireUnshare(this)
    const bareRo = `mount --bind ${host.root} ${host.root}\nmount -o remount,bind,ro ${host.root}`
    // Every registry write runs under a lock in ROOT/.locks (issue: per-zone and catalog locks), so on a wholly
    // read-only root the first failed write is the lock folder, and the diagnostic names it.
    const locked = await isolated(bareRo, ['templates', 'create', 'web', '--brand', 'ipkg'])
    expect([locked.exitCode, parse(locked.stderr)], locked.stderr).to.deep.equal([1, 'zmgr::fs::read-only'])
    expect(locked.stderr).to.include(join(host.root, '.locks')).and.include('help: ')

    // With a writable lock folder (a tmpfs over ROOT/.locks) the registry's own writes meet the read-only file system.
    await mkdir(join(host.root, '.locks'), {recursive: true})
    const ro = `${bareRo}\nmount -t tmpfs -o size=64k tmpfs ${join(host.root, '.locks')}`
    const template = await isolated(ro, ['templates', 'create', 'web', '--brand', 'ipkg'])
    expect([template.exitCode, parse(template.stderr)], template.stderr).to.deep.equal([1, 'zmgr::fs::read-only'])
    expect(template.stderr)
      .to.include(join(host.root, 'templates', 'web.kdl'))
      .and.include('help: ')

    // A create fails at its first write; the report still comes out, and nothing is left on the system.
    const create = await isolated(ro, ['zones', 'create', 'web01'])
    expect([create.exitCode, parse(create.stderr)], create.stderr).to.deep.equal([1, 'zmgr::fs::read-only'])
    expect(create.stderr).to.include('create web01: failed')
    expect(host.state().zones).to.deep.equal([])
    expect(host.state().vnics).to.deep.equal([])
  })

  it('a full disk (a tiny tmpfs over zones/): zmgr::fs::no-space, exit 1, the addresses stay free', async function () {
    await requireUnshare(this)
    const zones = join(host.root, 'zones')
    await mkdir(zones, {recursive: true})
    const full = `mount -t tmpfs -o size=4k tmpfs ${zones}\ndd if=/dev/zero of=${zones}/filler bs=4096 count=1 2>/dev/null || true`
    const result = await isolated(full, ['zones', 'create', 'web01'])
    expect([result.exitCode, parse(result.stderr)], result.stderr).to.deep.equal([1, 'zmgr::fs::no-space'])
    expect(result.stderr).to.include(join(zones, 'web01.kdl'))
    expect(existsSync(join(zones, 'web01.kdl'))).to.equal(false)
  })

  it('permission denied (zmgr run as nobody with setpriv): zmgr::fs::permission-denied, not "no template named"', async function () {
    const asNobody = (args: string[]) =>
      host.run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...host.zmgrCommand(), ...args])
    if (
      (await host.run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).catch(() => undefined))
        ?.exitCode !== 0
    )
      this.skip()
    await chmod(host.dir, 0o755)
    await chmod(join(host.root, 'templates', 'omnios.kdl'), 0o600)
    const show = await asNobody(['templates', 'show', 'omnios'])
    expect([show.exitCode, parse(show.stderr)], show.stderr).to.deep.equal([1, 'zmgr::fs::permission-denied'])
    expect(show.stderr)
      .to.include(join(host.root, 'templates', 'omnios.kdl'))
      .and.not.include('no template named')
    const pool = ['pools', 'create', 'lab2', '--network', '198.51.100.0/24', '--range', '198.51.100.10-198.51.100.20']
    // Registry writes run under a lock in ROOT/.locks: the first write nobody is denied is that folder.
    const locked = await asNobody(pool)
    expect([locked.exitCode, parse(locked.stderr)], locked.stderr).to.deep.equal([1, 'zmgr::fs::permission-denied'])
    expect(locked.stderr).to.include(join(host.root, '.locks'))
    // With a lock folder nobody may write, the pool file itself is denied.
    await mkdir(join(host.root, '.locks'), {recursive: true})
    await chown(join(host.root, '.locks'), 65534, 65534)
    const create = await asNobody(pool)
    expect([create.exitCode, parse(create.stderr)], create.stderr).to.deep.equal([1, 'zmgr::fs::permission-denied'])
    expect(create.stderr).to.include(join(host.root, 'pools', 'lab2.kdl'))
  })

  it('a directory where a file should be, a file where a folder should be, an over-long root', async () => {
    await mkdir(join(host.root, 'templates', 'web.kdl'))
    const dir = await host.zmgr(['templates', 'create', 'web', '--brand', 'ipkg', '--force'])
    expect([dir.exitCode, parse(dir.stderr)], dir.stderr).to.deep.equal([1, 'zmgr::fs::is-a-directory'])

    await rm(join(host.root, 'pools'), {recursive: true})
    await writeFile(join(host.root, 'pools'), 'not a folder\n')
    const pools = await host.zmgr([
      'pools',
      'create',
      'lab2',
      '--network',
      '198.51.100.0/24',
      '--range',
      '198.51.100.10-198.51.100.20',
    ])
    expect([pools.exitCode, parse(pools.stderr)], pools.stderr).to.deep.equal([1, 'zmgr::fs::not-a-directory'])

    const long = await host.zmgr(['templates', 'list', '--root', `/tmp/${'r'.repeat(5000)}`])
    expect([long.exitCode, parse(long.stderr)], long.stderr).to.deep.equal([2, 'zmgr::fs::name-too-long'])
  })

  it('config.kdl that cannot be read is reported, not replaced by the defaults', async () => {
    const config = join(host.root, 'config.kdl')
    const text = await readFile(config, 'utf8')
    await rm(config)
    await mkdir(config)
    const validate = await host.zmgr(['validate'])
    expect(validate.exitCode).to.not.equal(0)
    expect(validate.stderr).to.include('zmgr::fs::is-a-directory').and.include(config)
    expect(text).to.include('default-template')
  })
})
