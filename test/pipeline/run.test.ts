import {expect} from 'chai'
import type {Config} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  formatReport,
  insertSteps,
  operationError,
  pipelineError,
  type PipelineStep,
  runPipeline,
  SystemRunner,
  ZmgrError,
} from 'zmgr'

type Hook = (event: string, options: Record<string, unknown>) => unknown

/** An oclif Config whose runHook calls the given functions, the way oclif reports hook outcomes. */
function hookConfig(hooks: Record<string, Hook> = {}, fired: string[] = []): Config {
  return {
    async runHook(event: string, options: Record<string, unknown>) {
      fired.push(event)
      const hook = hooks[event]
      if (!hook) return {successes: [], failures: []}
      try {
        return {successes: [{plugin: {name: 'fixture'}, result: await hook(event, options)}], failures: []}
      } catch (error) {
        return {successes: [], failures: [{plugin: {name: 'fixture'}, error}]}
      }
    },
  } as unknown as Config
}

function step(id: string, log: string[], options: {fail?: boolean; undo?: string[]} = {}): PipelineStep {
  return {
    id,
    title: `step ${id}`,
    commands: [['echo', id]],
    async run() {
      log.push(id)
      if (options.fail)
        throw operationError('zmgr::system::command-failed', `${id} failed`, {
          data: {argv: ['false', id], stderr: `${id}: it broke\n`},
        })
    },
    undo: (_ctx, outcome) =>
      outcome === 'done'
        ? (options.undo ?? [`undo-${id}`]).map((word) => ({argv: [word], run: async () => void log.push(word)}))
        : [],
  }
}

const base = {
  operation: 'create',
  zone: 'web01',
  root: '/nowhere',
  runner: new SystemRunner(),
  renderer: 'silent' as const,
}

describe('pipeline runner', () => {
  it('runs steps in order and fires operation and step hooks around them', async () => {
    const log: string[] = []
    const fired: string[] = []
    const {report} = await runPipeline({
      ...base,
      config: hookConfig({}, fired),
      steps: [step('a', log), step('b', log)],
    })
    expect(report.ok).to.equal(true)
    expect(log).to.deep.equal(['a', 'b'])
    expect(report.steps.map((s) => s.status)).to.deep.equal(['done', 'done'])
    expect(fired).to.deep.equal([
      'zmgr:create:before',
      'zmgr:step:before',
      'zmgr:step:after',
      'zmgr:step:before',
      'zmgr:step:after',
      'zmgr:create:after',
    ])
  })

  it('stops at a failing step and reports the failing command, its stderr and the undo commands newest first', async () => {
    const log: string[] = []
    const {report} = await runPipeline({
      ...base,
      config: hookConfig(),
      steps: [
        step('a', log, {undo: ['del-a1', 'del-a2']}),
        step('b', log),
        step('c', log, {fail: true}),
        step('d', log),
      ],
    })
    expect(report.ok).to.equal(false)
    expect(log).to.deep.equal(['a', 'b', 'c'])
    expect(report.steps.map((s) => s.status)).to.deep.equal(['done', 'done', 'failed', 'pending'])
    expect(report.failure).to.deep.equal({step: 'c', command: ['false', 'c'], stderr: 'c: it broke\n'})
    expect(report.undo).to.deep.equal([['undo-b'], ['del-a2'], ['del-a1']])
    expect(report.rollback).to.equal(undefined)
    const text = formatReport(report)
    expect(text)
      .to.include('failed command: false c\n  c: it broke')
      .and.include('to undo what was done, run in this order:\n  undo-b\n  del-a2\n  del-a1')
  })

  it('runs the undo commands with rollback and reports each', async () => {
    const log: string[] = []
    const {report} = await runPipeline({
      ...base,
      rollback: true,
      config: hookConfig(),
      steps: [step('a', log), step('b', log), step('c', log, {fail: true})],
    })
    expect(log).to.deep.equal(['a', 'b', 'c', 'undo-b', 'undo-a'])
    expect(report.rollback).to.deep.equal({
      ran: true,
      ok: true,
      results: [
        {command: ['undo-b'], ok: true},
        {command: ['undo-a'], ok: true},
      ],
    })
  })

  it('stops the rollback at the first undo that fails and reports the rest as not run', async () => {
    const log: string[] = []
    const failingUndo: PipelineStep = {
      ...step('b', log),
      undo: () => [{argv: ['boom'], run: async () => Promise.reject(new Error('no way'))}],
    }
    const {report} = await runPipeline({
      ...base,
      rollback: true,
      config: hookConfig(),
      steps: [step('a', log), failingUndo, step('c', log, {fail: true})],
    })
    expect(report.rollback!.ok).to.equal(false)
    expect(report.rollback!.results.map((r) => [r.command[0], r.ok])).to.deep.equal([
      ['boom', false],
      ['undo-a', false],
    ])
    expect(log).to.not.include('undo-a')
  })

  it('lets a before-hook veto the operation, in dry-run too, before any step runs', async () => {
    const log: string[] = []
    const veto = () => {
      throw new Error('not on a Friday')
    }
    for (const dryRun of [false, true]) {
      const error = await runPipeline({
        ...base,
        dryRun,
        config: hookConfig({'zmgr:create:before': veto}),
        steps: [step('a', log)],
      }).catch((e: ZmgrError) => e)
      expect(error).to.be.instanceOf(ZmgrError)
      expect((error as ZmgrError).code).to.equal('zmgr::hook::veto')
      expect((error as ZmgrError).message).to.include('not on a Friday')
    }
    expect(log).to.deep.equal([])
  })

  it("lets a step hook veto one step: it fails with the hook's diagnostic and earlier steps are reported for undo", async () => {
    const log: string[] = []
    const hooks = {
      'zmgr:step:before': (_e: string, options: Record<string, unknown>) => {
        if ((options.step as {id: string}).id === 'b') throw operationError('fixture::policy', 'b is forbidden here')
      },
    }
    const {report} = await runPipeline({...base, config: hookConfig(hooks), steps: [step('a', log), step('b', log)]})
    expect(log).to.deep.equal(['a'])
    expect(report.error?.code).to.equal('fixture::policy')
    expect(report.undo).to.deep.equal([['undo-a']])
  })

  it('places steps a before-hook adds, and shows them in the dry-run plan', async () => {
    const log: string[] = []
    const hooks = {
      'zmgr:create:before': () => ({
        steps: [{...step('x', log), after: 'a'}, {...step('y', log), before: 'a'}, step('z', log)],
      }),
    }
    const {plan, report} = await runPipeline({
      ...base,
      dryRun: true,
      config: hookConfig(hooks),
      steps: [step('a', log), step('b', log)],
    })
    expect(plan.steps.map((s) => s.id)).to.deep.equal(['y', 'a', 'x', 'b', 'z'])
    expect(report.steps.every((s) => s.status === 'planned')).to.equal(true)
    expect(log).to.deep.equal([])
    const run = await runPipeline({...base, config: hookConfig(hooks), steps: [step('a', log), step('b', log)]})
    expect(run.report.ok).to.equal(true)
    expect(log).to.deep.equal(['y', 'a', 'x', 'b', 'z'])
  })

  it('skips steps that say so, with the reason', async () => {
    const log: string[] = []
    const skipped: PipelineStep = {...step('a', log), skip: async () => 'already gone'}
    const {report, plan} = await runPipeline({...base, config: hookConfig(), steps: [skipped, step('b', log)]})
    expect(plan.steps[0].skip).to.equal('already gone')
    expect(report.steps[0]).to.include({status: 'skipped', note: 'already gone'})
    expect(log).to.deep.equal(['b'])
  })

  it('inserts at the end when the anchor is unknown', () => {
    const log: string[] = []
    expect(insertSteps([step('a', log)], [{...step('n', log), after: 'nope'}]).map((s) => s.id)).to.deep.equal([
      'a',
      'n',
    ])
  })
})

describe('pipeline runner: faults (issue 12)', () => {
  it("reports a step whose undo cannot be worked out instead of swallowing it, and keeps each step's undo commands", async () => {
    const log: string[] = []
    const broken: PipelineStep = {
      id: 'b',
      title: 'step b',
      commands: [],
      async run() {
        throw operationError('zmgr::system::command-failed', 'b failed')
      },
      undo: () => {
        throw operationError('zmgr::system::command-failed', '`zoneadm list -cp` failed (exit 1)')
      },
    }
    const {report} = await runPipeline({...base, config: hookConfig(), steps: [step('a', log), broken]})
    expect(report.steps.map((s) => s.undo)).to.deep.equal([[['undo-a']], undefined])
    expect(report.undoUnknown?.map(({step, error}) => [step, error.message])).to.deep.equal([
      ['b', '`zoneadm list -cp` failed (exit 1)'],
    ])
    expect(formatReport(report)).to.include(
      'could not tell what step "b" left behind (`zoneadm list -cp` failed (exit 1))',
    )
  })

  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops the running command and starts no further step; the error exits ${exit}`, async function () {
      this.timeout(20_000)
      // Mocha listens for SIGINT itself (it aborts the run): its listeners step aside while the signal is emitted.
      const before = {SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM')}
      for (const name of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(name)
      const log: string[] = []
      const runner = new SystemRunner()
      const sleeper: PipelineStep = {
        id: 'sleep',
        title: 'step sleep',
        commands: [['sleep', '30']],
        async run(ctx) {
          setTimeout(() => process.emit(signal, signal), 300)
          await ctx.runner.run(['sleep', '30'])
        },
        undo: () => [{argv: ['undo-sleep']}],
      }
      const started = Date.now()
      try {
        const {report} = await runPipeline({
          ...base,
          runner,
          config: hookConfig(),
          steps: [step('a', log), sleeper, step('c', log)],
        })
        expect(Date.now() - started).to.be.below(10_000)
        expect(report.interrupted).to.equal(signal)
        expect(report.steps.map((s) => s.status)).to.deep.equal(['done', 'failed', 'pending'])
        expect(report.error?.code).to.equal('zmgr::system::interrupted')
        expect(report.undo).to.deep.equal([['undo-sleep'], ['undo-a']])
        expect(log).to.deep.equal(['a'])
        expect(formatReport(report)).to.match(new RegExp(`^create web01: stopped by ${signal}`))
        expect(pipelineError(report).exit).to.equal(exit)
        // Commands run again once the pipeline is over (settling the entry may need them).
        expect((await runner.run(['true'])).exitCode).to.equal(0)
      } finally {
        for (const name of ['SIGINT', 'SIGTERM'] as const) {
          process.removeAllListeners(name)
          for (const listener of before[name]) process.on(name, listener as () => void)
        }
      }
    })
  }
})

describe('system runner', () => {
  it('runs every command with LC_ALL=C', async () => {
    const {stdout} = await new SystemRunner({env: {LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8'}}).run([
      'sh',
      '-c',
      'echo "$LC_ALL"',
    ])
    expect(stdout).to.equal('C\n')
  })

  it('stops a command that runs past its timeout, with its whole process group', async function () {
    this.timeout(20_000)
    const dir = await mkdtemp(join(tmpdir(), 'zmgr-runner-'))
    const pidFile = join(dir, 'pid')
    const started = Date.now()
    const error = await new SystemRunner({timeoutMs: 500})
      .run(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`])
      .then(
        () => undefined,
        (e: unknown) => e as ZmgrError,
      )
    expect(Date.now() - started).to.be.below(5_000)
    expect(error?.code).to.equal('zmgr::system::timed-out')
    expect(error?.message).to.equal(
      `\`sh -c 'sleep 30 & echo $! > ${pidFile}; wait'\` did not finish within 0.5 s and was stopped`,
    )
    const grandchild = Number(await readFile(pidFile, 'utf8'))
    // Gone, or a zombie waiting for init to reap it.
    const dead = () => {
      try {
        return readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1].startsWith('Z')
      } catch {
        return true
      }
    }
    for (let wait = 0; wait < 30 && !dead(); wait++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(dead(), 'the background sleep was killed too').to.equal(true)
    await rm(dir, {recursive: true, force: true})
  })

  it('reports a command it cannot start (not executable) as zmgr::system::cannot-run, not as a bug', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zmgr-runner-'))
    const tool = join(dir, 'zoneadm')
    await writeFile(tool, '#!/bin/sh\necho hi\n', {mode: 0o644})
    const error = await new SystemRunner().run([tool, 'list']).then(
      () => undefined,
      (e: unknown) => e as ZmgrError,
    )
    expect(error?.code).to.equal('zmgr::system::cannot-run')
    expect(error?.message).to.include(`${tool} could not be started`)
    await rm(dir, {recursive: true, force: true})
  })

  it('takes its timeout from the constructor, else ZMGR_COMMAND_TIMEOUT, else config.kdl, else an hour', async () => {
    const registry = {scanConfig: async () => ({config: {commandTimeout: 90}})}
    const saved = process.env.ZMGR_COMMAND_TIMEOUT
    try {
      delete process.env.ZMGR_COMMAND_TIMEOUT
      expect(await new SystemRunner().timeoutMs()).to.equal(3_600_000)
      expect(await new SystemRunner({registry}).timeoutMs()).to.equal(90_000)
      process.env.ZMGR_COMMAND_TIMEOUT = '7'
      expect(await new SystemRunner({registry}).timeoutMs()).to.equal(7_000)
      expect(await new SystemRunner({registry, timeoutMs: 5}).timeoutMs()).to.equal(5)
      process.env.ZMGR_COMMAND_TIMEOUT = '2m'
      const error = await new SystemRunner({registry}).timeoutMs().then(
        () => undefined,
        (e: unknown) => e as ZmgrError,
      )
      expect([error?.code, error?.exit]).to.deep.equal(['zmgr::config::command-timeout', 2])
    } finally {
      if (saved === undefined) delete process.env.ZMGR_COMMAND_TIMEOUT
      else process.env.ZMGR_COMMAND_TIMEOUT = saved
    }
  })
})
