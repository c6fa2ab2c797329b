import {diagnosticToJson, formatDiagnostic, formatDetails, formatTable, createSystemRunner, ZmgrCommand} from 'zmgr'
import {type DoctorReport, runDoctor} from '../doctor.js'

function hostView(report: DoctorReport): string {
  const {host} = report
  const d = host.distribution
  const user = `${host.user.name} (uid ${host.user.uid}): ${host.user.mayManageZones ? 'may manage zones' : 'may NOT manage zones'}`
  return formatDetails([
    [
      'distribution',
      `${d.name}${d.id === 'unknown' ? '' : ` [${d.id}${d.release ? ` ${d.release}` : ''}, from ${d.source}]`}`,
    ],
    [
      'user',
      host.user.uid === 0 || host.user.profiles.length === 0
        ? user
        : `${user}; profiles ${host.user.profiles.join(', ')}`,
    ],
    ['brands', host.brands.join(', ') || 'none'],
    [
      'links',
      host.links
        .filter((l) => l.class !== 'vnic')
        .map((l) => `${l.link} (${l.class})`)
        .join(', ') || 'none',
    ],
    [
      'publishers',
      host.publishers
        .map((p) => [p.name, p.origins[0], p.enabled ? '' : '(disabled)'].filter(Boolean).join(' '))
        .join(', ') || 'none',
    ],
    [
      'zonepath-root',
      `${host.zonepathRoot.path}${host.zonepathRoot.dataset ? ` on ${host.zonepathRoot.dataset}` : ' (no dataset mounted there)'}`,
    ],
  ])
}

export default class Doctor extends ZmgrCommand<typeof Doctor> {
  static override summary =
    'Check this host and the registry: what cannot create here, interrupted creates, leftovers, drift.'
  static override description =
    `Shows the host facts zmgr relies on (distribution, brands, links, publishers, the zonepath dataset, your privileges)
and reports everything that needs action: templates that cannot create on this host and why, zones left creating or
incomplete (and whether the process that started them still runs), VNICs and .work files failed creates left behind,
registry entries whose zone changed behind zmgr's back, and every registry validation problem.
Each problem comes with the command that fixes it. Exit status: 0 when nothing needs action, 1 otherwise.`
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json']

  async run() {
    const report = await runDoctor(this.registry, createSystemRunner(), this.config)
    if (!this.jsonEnabled()) {
      this.log(`${hostView(report)}\n`)
      if (report.templates.length > 0) {
        this.log(
          formatTable(report.templates, [
            {header: 'TEMPLATE', get: (t) => t.name},
            {header: 'BRAND', get: (t) => t.brand},
            {
              header: 'ON THIS HOST',
              get: (t) => (t.canCreate ? 'can create' : `cannot create: ${t.problems.join('; ')}`),
            },
          ]),
        )
        this.log('')
      }
      for (const zone of report.zones) {
        const process = zone.process
        const alive = process?.alive === true ? 'still running' : process?.alive === false ? 'gone' : 'unknown'
        const who =
          process?.pid === undefined ? '' : `, pid ${process.pid}${process.host ? ` on ${process.host}` : ''} ${alive}`
        this.log(`zone ${zone.name}: ${zone.status}${who}`)
      }
      if (report.diagnostics.length > 0)
        process.stderr.write(`${report.diagnostics.map((d) => formatDiagnostic(d)).join('\n\n')}\n\n`)
      const n = report.diagnostics.length
      this.log(
        n === 0
          ? 'nothing needs action: this host is ready for zmgr'
          : `${n} problem${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} action`,
      )
    }
    if (!report.ok) process.exitCode = 1
    return {...report, diagnostics: report.diagnostics.map(diagnosticToJson)}
  }
}
