import {execFileSync} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {expect} from 'chai'
import {createTestHost, type TestHost} from 'zmgr/testing'

// CONTRACT.md version 2 for zonecfg: the lexer and grammar (§3.3.1), `-f` (§3.1),
// templates (§3.3, §4), limits (§3.4, §3.5, §3.7) and net checks (§3.6.1).

const COMMANDS_HEADER = 'Commands:\n\nadd <resource-type>\n'

function expectSyntaxError(stderr: string, first: string): void {
  expect(stderr.startsWith(`${first}\n${COMMANDS_HEADER}`), stderr).to.equal(true)
  expect(stderr).to.contain('\nverify\n')
}

describe('simulator: zonecfg, contract version 2', () => {
  let host: TestHost
  const zonecfg = (...args: string[]) => host.run('zonecfg', args)
  const cmdFile = async (name: string, text: string): Promise<string> => {
    const path = join(host.dir, name)
    await writeFile(path, text)
    return path
  }
  const info = async (zone: string, what: string) => (await zonecfg('-z', zone, 'info', what)).stdout

  beforeEach(async () => {
    host = await createTestHost()
  })
  afterEach(async () => host.cleanup())

  describe('lexer and grammar (§3.3.1)', () => {
    it('reads an = inside a bare value as a token of its own: a syntax error at it', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      const bare = await zonecfg('-z', 'a', 'set bootargs=-m=verbose')
      expect(bare.exitCode).to.equal(1)
      expectSyntaxError(bare.stderr, "syntax error at '='")
      expect(await info('a', 'bootargs')).to.equal('bootargs: \n')
      const quoted = await zonecfg('-z', 'a', 'set bootargs="-m=verbose"')
      expect(quoted.stderr).to.equal('')
      expect(await info('a', 'bootargs')).to.equal('bootargs: -m=verbose\n')
    })

    it('refuses `add options uid=100` and accepts the quoted option', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      const bare = await zonecfg(
        '-z',
        'a',
        'add fs; set dir=/tmp; set special=swap; set type=tmpfs; add options size=512m; end',
      )
      expectSyntaxError(bare.stderr, "syntax error at '='")
      // One-line mode goes on after the error: `end` stores the fs without the option.
      expect((await zonecfg('-z', 'a', 'info', 'fs')).stdout).to.contain('\toptions: []\n')
      const quoted = await zonecfg('-z', 'a', 'select fs dir=/tmp; add options "size=512m"; end')
      expect(quoted.stderr).to.equal('')
      expect(await info('a', 'fs')).to.equal(
        'fs:\n\tdir: /tmp\n\tspecial: swap\n\traw not specified\n\ttype: tmpfs\n\toptions: ["size=512m"]\n',
      )
    })

    it('has no escape character: a backslash is kept and \\" does not protect a quote', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      expect((await zonecfg('-z', 'a', 'set bootargs="a\\b"')).stderr).to.equal('')
      expect(await info('a', 'bootargs')).to.equal('bootargs: a\\b\n')
      const escaped = await zonecfg('-z', 'a', 'set bootargs="say \\"hi\\""')
      expectSyntaxError(escaped.stderr, "syntax error at 'hi\\'")
    })

    it('ends a bare token at [ ] ( ) ; but not at a comma', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      expect((await zonecfg('-z', 'a', 'set limitpriv=default,dtrace_proc')).stderr).to.equal('')
      expect(await info('a', 'limitpriv')).to.equal('limitpriv: default,dtrace_proc\n')
      expectSyntaxError((await zonecfg('-z', 'a', 'set bootargs=a]b')).stderr, "syntax error at ']'")
      expectSyntaxError((await zonecfg('-z', 'a', 'set bootargs=f(x)')).stderr, "syntax error at '('")
      const split = await zonecfg('-z', 'a', 'set bootargs=-v;set autoboot=true')
      expect(split.stderr).to.equal('')
      expect(await info('a', 'autoboot')).to.equal('autoboot: true\n')
    })

    it('takes # as a comment only where a command starts, and names the first character of an unknown command', async () => {
      const file = await cmdFile('c.cfg', '# a zone\ncreate -b\n  # indented\nset zonepath=/zones/a # trailing\n')
      const result = await zonecfg('-z', 'a', '-f', file)
      expectSyntaxError(result.stderr, "syntax error on line 4 at '#'")
      expect(result.exitCode).to.equal(1)
      expectSyntaxError((await zonecfg('-z', 'a', 'frobnicate')).stderr, "syntax error at 'f'")
    })

    it('reports a missing value at the newline, counting the next line', async () => {
      const file = await cmdFile('n.cfg', 'create -b\nset zonepath=\n')
      const result = await zonecfg('-z', 'a', '-f', file)
      expectSyntaxError(result.stderr, "syntax error on line 3 at '\\n'")
    })

    it('accepts keywords as bare values and refuses a property the grammar does not know', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      const attr = await zonecfg('-z', 'a', 'add attr; set name=net; set type=string; set value=zonepath; end')
      expect(attr.stderr).to.equal('')
      expect(await info('a', 'attr')).to.equal('attr:\n\tname: net\n\ttype: string\n\tvalue: zonepath\n')
      expectSyntaxError((await zonecfg('-z', 'a', 'set colour=blue')).stderr, "syntax error at '='")
    })
  })

  describe('zonecfg -f (§3.1)', () => {
    it('saves nothing, not even earlier lines, when the failing line is inside a resource', async () => {
      const file = await cmdFile('r.cfg', 'create -b\nset zonepath=/zones/r\nadd fs\nadd options uid=100\nend\n')
      const result = await zonecfg('-z', 'r', '-f', file)
      expectSyntaxError(result.stderr, "syntax error on line 4 at '='")
      expect(
        result.stderr.endsWith(
          'resource specification incomplete\nZone r failed to verify\nr: Insufficient specification\nConfiguration not saved.\n',
        ),
      ).to.equal(true)
      expect(result.exitCode).to.equal(1)
      expect(host.state().zones).to.deep.equal([])
    })

    it('does not stop at the first error with -f -', async () => {
      await zonecfg('-z', 'b', 'create -b; set zonepath=/zones/b')
      const result = await host.run('zonecfg', ['-z', 'b', '-f', '-'], {
        input: 'set autoboot=true\nset autoboot=maybe\nset bootargs=-v\n',
      })
      expect(result.stderr).to.equal("On line 2:\nautoboot value must be 'true' or 'false'.\n")
      expect(result.exitCode).to.equal(1)
      expect(await info('b', 'bootargs')).to.equal('bootargs: -v\n')
    })

    it('wants a regular file', async () => {
      const fifo = join(host.dir, 'fifo')
      execFileSync('mkfifo', [fifo])
      const result = await zonecfg('-z', 'f', '-f', fifo)
      expect(result.stderr).to.equal(`${fifo} is not a regular file.\n`)
      expect(result.exitCode).to.equal(1)
    })
  })

  describe('templates (§3.3, §4)', () => {
    it('gives lipkg and exclusive IP for create and create -b on OmniOS', async () => {
      await zonecfg('-z', 'a', 'create -b; set zonepath=/zones/a')
      await zonecfg('-z', 'b', 'create; set zonepath=/zones/b')
      for (const zone of ['a', 'b']) {
        expect(await info(zone, 'brand')).to.equal('brand: lipkg\n')
        expect(await info(zone, 'ip-type')).to.equal('ip-type: exclusive\n')
      }
    })

    it('checks set brand= only at set ip-type=exclusive and at commit', async () => {
      const result = await zonecfg(
        '-z',
        'k',
        'create -b; set zonepath=/zones/k; set brand=kvm; set ip-type=exclusive; set autoboot=true',
      )
      expect(result.stderr).to.equal(
        'k: unknown brand.\n\nk: unknown brand.\n\nk: Invalid document\nConfiguration not saved.\n',
      )
      expect(result.exitCode).to.equal(1)
      const shared = await zonecfg('-z', 'k', 'create -b; set zonepath=/zones/k; set ip-type=shared; set brand=kvm')
      expect(shared.stderr).to.equal('k: unknown brand.\n\nk: Invalid document\nConfiguration not saved.\n')
    })
  })

  describe('limits (§3.4, §3.5, §3.7)', () => {
    beforeEach(async () => {
      await zonecfg('-z', 'l', 'create -b; set zonepath=/zones/l')
    })

    it('refuses max-lwps and max-processes below 100 and zfs-io-priority below 1', async () => {
      for (const [prop, low, ok] of [
        ['max-lwps', '99', '100'],
        ['max-processes', '99', '100'],
        ['zfs-io-priority', '0', '1'],
      ]) {
        const refused = await zonecfg('-z', 'l', `set ${prop}=${low}`)
        expect(refused.stderr).to.equal(`${prop} property is out of range.\n`)
        expect(refused.exitCode).to.equal(1)
        expect((await zonecfg('-z', 'l', `set ${prop}=${ok}`)).exitCode).to.equal(0)
        expect(await info('l', prop)).to.equal(`[${prop}: ${ok}]\n`)
      }
      expect((await zonecfg('-z', 'l', 'set max-lwps=-5')).stderr).to.equal('max-lwps property is out of range.\n')
    })

    it('has no physical minimum on OmniOS, wants 50M of swap and locked no more than physical', async () => {
      expect((await zonecfg('-z', 'l', 'add capped-memory; set physical=512k; end')).stderr).to.equal('')
      expect(await info('l', 'capped-memory')).to.equal('capped-memory:\n\t[physical: 512K]\n')
      const swap = await zonecfg('-z', 'l', 'select capped-memory; set swap=49m; end')
      expect(swap.stderr).to.equal('swap value is too small.  It must be at least 50M.\n')
      const bad = await zonecfg('-z', 'l', 'select capped-memory; set physical=1GB; end')
      expect(bad.stderr).to.equal(
        'A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.\n',
      )
      const locked = await zonecfg('-z', 'l', 'select capped-memory; set locked=1m; end')
      expect(locked.stderr).to.equal(
        'The locked cap must be less than or equal to the physical cap.\nResource incomplete.\n',
      )
    })

    it('fails verify for cpu-shares with a scheduling class other than FSS', async () => {
      const result = await zonecfg('-z', 'l', 'set cpu-shares=10; set scheduling-class=TS; commit')
      const refusal =
        'WARNING: rctl zone.cpu-shares and scheduling-class=TS are incompatible\nZone l failed to verify\nl: Incompatible settings\n'
      expect(result.stderr).to.equal(`${refusal}${refusal}Configuration not saved.\n`)
      expect((await zonecfg('-z', 'l', 'set cpu-shares=10; set scheduling-class=FSS')).exitCode).to.equal(0)
    })
  })

  describe('net (§3.6.1)', () => {
    beforeEach(async () => {
      await zonecfg('-z', 'n', 'create -b; set zonepath=/zones/n; set ip-type=exclusive')
    })

    it('takes vlan-id 0 as no VLAN and refuses 4095', async () => {
      expect(
        (await zonecfg('-z', 'n', 'add net; set physical=n0; set global-nic=igb0; set vlan-id=0; end')).stderr,
      ).to.equal('')
      expect((await zonecfg('-z', 'n', 'select net physical=n0; set vlan-id=4095; end')).stderr).to.equal(
        '4095: invalid vlan-id\n',
      )
    })

    it('accepts IPv4 and IPv6 as two nets on one physical', async () => {
      const result = await zonecfg(
        '-z',
        'n',
        'add net; set physical=n0; set allowed-address=192.0.2.5/24; end; add net; set physical=n0; set allowed-address=2001:db8::5/64; end',
      )
      expect(result.stderr).to.equal('')
      expect((await zonecfg('-z', 'n', 'info', 'net')).stdout.match(/physical: n0/g)).to.have.length(2)
    })

    it('looks only at the address before the first slash, and keeps 45 characters', async () => {
      const list = await zonecfg(
        '-z',
        'n',
        'add net; set physical=n0; set allowed-address=192.168.1.10,192.168.1.11/24; end',
      )
      expect(list.stderr).to.contain(
        '192.168.1.10,192.168.1.11: bogus host name or network address syntax\n\n<net-addr> :=\t<IPv4-address>',
      )
      const long = '192.168.1.10/24,2001:db8:1234:5678:9abc:def0:1:10/64'
      const accepted = await zonecfg('-z', 'n', `add net; set physical=n1; set allowed-address=${long}; end`)
      expect(accepted.stderr).to.equal('')
      expect((await zonecfg('-z', 'n', 'info', 'net', 'physical=n1')).stdout).to.contain(
        `\tallowed-address: ${long.slice(0, 45)}\n`,
      )
    })
  })
})

describe('simulator: zonecfg on OpenIndiana, contract version 2', () => {
  let host: TestHost
  before(async () => {
    // nlipkg (the OInlipkg template's brand) is not a default brand of the simulated OpenIndiana host: seed it.
    host = await createTestHost({flavour: 'openindiana', seed: {brands: ['ipkg', 'nlipkg']}})
  })
  after(async () => host.cleanup())

  it('gives ipkg and shared IP for create -b, knows SUNWipkg and OInlipkg, wants 1M of physical cap', async () => {
    const zonecfg = (...args: string[]) => host.run('zonecfg', args)
    await zonecfg('-z', 'oi', 'create -b; set zonepath=/zones/oi')
    expect((await zonecfg('-z', 'oi', 'info', 'ip-type')).stdout).to.equal('ip-type: shared\n')
    expect((await zonecfg('-z', 'oi', 'info', 'brand')).stdout).to.equal('brand: ipkg\n')
    expect((await zonecfg('-z', 'nl', 'create -t OInlipkg; set zonepath=/zones/nl')).exitCode).to.equal(0)
    expect((await zonecfg('-z', 'sd', 'create -t SYSdefault')).stderr).to.equal('SYSdefault: No such zone configured\n')
    const small = await zonecfg('-z', 'oi', 'add capped-memory; set physical=512k; end')
    expect(small.stderr).to.contain('physical value is too small.  It must be at least 1M.\n')
    const bad = await zonecfg('-z', 'oi', 'add capped-memory; set physical=1GB; end')
    expect(bad.stderr).to.contain('A positive number with a required scale suffix (K, M, G or T) was expected here.\n')
  })

  it('reads no quoted value inside ( ) on the gate', async () => {
    const result = await host.run('zonecfg', [
      '-z',
      'r',
      'create -b; set zonepath=/zones/r; add rctl; set name=zone.max-lwps; add value (priv=privileged,limit="500",action=deny); end',
    ])
    expect(result.stderr).to.match(/^syntax error at '"'\nCommands:/)
  })
})
