import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {createTestHost, type TestHost} from 'zmgr/testing'

/** The examples name OpenIndiana's starter set (oi, ofl, publisher openindiana.org): init detects it on an OpenIndiana host with nlipkg. */
const OPENINDIANA = {flavour: 'openindiana' as const, seed: {brands: ['ipkg', 'lipkg', 'nlipkg']}}

/** Sources the script, sets COMP_WORDS as bash would for the words typed (the last is being completed), prints COMPREPLY. */
const DRIVER = `source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_zmgr
printf '%s\\n' "\${COMPREPLY[@]}"
`

/**
 * Types each line, then TAB, into an interactive zsh (driven through zpty)
 * that ran compinit and sourced the script; prints the line as completion
 * left it. This is zsh's own completion system at work, as a user meets it.
 * The line is shown by ^T: a key that starts no other binding (after ^X, a
 * prefix key, zle waits KEYTIMEOUT, 0.4 s, for the rest of a sequence).
 */
const ZSH_DRIVER = `zmodload zsh/zpty
zpty z "zsh -f -i"
zpty -w z "PS1='' PROMPT='' RPROMPT=''; autoload -Uz compinit; compinit -u -D; source \${(q)1}"
zpty -w z "_show() { print -n -r -- \\$'\\\\x01'\\$BUFFER\\$'\\\\x02'; BUFFER='' }; zle -N _show; bindkey '^T' _show"
shift
for line; do
  zpty -w -n z "$line"$'\\t\\C-t'
  zpty -r z out $'*\\x01*\\x02'
  out=\${out##*$'\\x01'}
  print -r -- "\${out%%$'\\x02'*}"
done
zpty -d z
`

describe('output: shell completion of names', function () {
  this.timeout(300_000)
  let host: TestHost
  let script: string
  let driver: string

  async function complete(words: string[], env: Record<string, string | undefined> = {}): Promise<string[]> {
    const run = await host.run('/bin/bash', [driver, script, ...words], {env})
    expect(run.stderr, words.join(' ')).to.equal('')
    return run.stdout.split('\n').filter(Boolean)
  }

  before(async () => {
    host = await createTestHost(OPENINDIANA)
    await host.zmgr(['init'])
    const created = await host.zmgr(['zones', 'create', 'web01'])
    expect(created.exitCode, created.stderr).to.equal(0)
    await host.seed({zones: [{name: 'legacy', state: 'installed'}]})
    const generated = await host.zmgr(['completion', 'bash'])
    expect(generated.exitCode).to.equal(0)
    script = join(host.dir, 'zmgr.bash')
    driver = join(host.dir, 'drive.bash')
    await writeFile(script, generated.stdout)
    await writeFile(driver, DRIVER)
  })
  after(() => host.cleanup())

  it('completes commands, topics and flags', async () => {
    expect(await complete(['zmgr', 'zo'])).to.deep.equal(['zones'])
    expect(await complete(['zmgr', 'zones', ''])).to.include.members(['list', 'show', 'login', 'console', 'destroy'])
    expect(await complete(['zmgr', 'zones', 'list', '--st'])).to.deep.equal(['--state'])
    expect(await complete(['zmgr', 'completion', ''])).to.deep.equal(['bash', 'zsh'])
  })

  it('completes zone names, registered and live, for every command that takes one', async () => {
    for (const words of [['zones', 'show'], ['zones', 'destroy'], ['zones', 'boot'], ['zones', 'login'], ['destroy']])
      expect(await complete(['zmgr', ...words, '']), words.join(' ')).to.deep.equal(['web01', 'legacy'])
    expect(await complete(['zmgr', 'zones', 'halt', 'w'])).to.deep.equal(['web01'])
    // import offers only zones the registry does not have.
    expect(await complete(['zmgr', 'import', ''])).to.deep.equal(['legacy'])
  })

  it('completes template, pool and publisher names, in arguments and flag values, under --root', async () => {
    expect(await complete(['zmgr', 'templates', 'show', ''])).to.deep.equal(['ofl', 'oi'])
    expect(await complete(['zmgr', 'zones', 'create', 'web02', '--template', 'o'])).to.deep.equal(['ofl', 'oi'])
    expect(await complete(['zmgr', 'pools', 'allocations', ''])).to.deep.equal(['public'])
    expect(await complete(['zmgr', 'publishers', 'show', ''])).to.deep.equal(['openindiana.org'])
    expect(
      await complete(['zmgr', '--root', host.root, 'templates', 'edit', ''], {ZMGR_ROOT: undefined}),
    ).to.deep.equal(['ofl', 'oi'])
    expect(await complete(['zmgr', 'templates', 'edit', ''], {ZMGR_ROOT: join(host.dir, 'elsewhere')})).to.deep.equal(
      [],
    )
  })

  it('runs no program for a TAB except zoneadm for zone names (so it stays instant)', async () => {
    // With an empty PATH no external command can run: the answers must not change.
    expect(await complete(['zmgr', 'templates', 'show', ''], {PATH: ''})).to.deep.equal(['ofl', 'oi'])
    expect(await complete(['zmgr', 'zones', ''], {PATH: ''})).to.include('login')
    expect(await complete(['zmgr', 'zones', 'show', ''], {PATH: ''})).to.deep.equal(['web01'])
  })

  describe('in zsh', () => {
    before(function () {
      // CI installs zsh and sets ZMGR_TEST_REQUIRE_ZSH, so there this cannot be skipped.
      if (!existsSync('/bin/zsh') && !existsSync('/usr/bin/zsh')) {
        if (process.env.ZMGR_TEST_REQUIRE_ZSH)
          throw new Error('zsh is required (ZMGR_TEST_REQUIRE_ZSH) but not installed')
        this.skip()
      }
    })

    it("completes commands and zone, template, pool and publisher names through zsh's own completion system", async () => {
      const generated = await host.zmgr(['completion', 'zsh'])
      expect(generated.exitCode).to.equal(0)
      const zshScript = join(host.dir, 'zmgr.zsh')
      const zshDriver = join(host.dir, 'drive.zsh')
      await writeFile(zshScript, generated.stdout)
      await writeFile(zshDriver, ZSH_DRIVER)
      const typed = {
        'zmgr zo': 'zmgr zones ',
        'zmgr zones sho': 'zmgr zones show ',
        'zmgr zones show w': 'zmgr zones show web01 ',
        'zmgr zones halt le': 'zmgr zones halt legacy ',
        'zmgr templates show of': 'zmgr templates show ofl ',
        'zmgr pools allocations p': 'zmgr pools allocations public ',
        'zmgr publishers show open': 'zmgr publishers show openindiana.org ',
        'zmgr zones list --st': 'zmgr zones list --state ',
      }
      const run = await host.run('zsh', ['-f', zshDriver, zshScript, ...Object.keys(typed)], {timeoutMs: 120_000})
      expect(run.exitCode, run.stderr).to.equal(0)
      expect(run.stdout.split('\n').slice(0, -1)).to.deep.equal(Object.values(typed))
    })
  })
})
