import {diagnosticToJson, formatCommand, formatDiagnostic, formatReport, formatTable, type PlanView} from 'zmgr'
import type {ImportReport} from './importer.js'

interface Row {
  zone: string
  result: string
  template: string
  nets: string
  note: string
}

/** What a dry run would do for one zone: every step of its plan (a plugin's too), each command and file write. */
function planLines(plan: PlanView): string[] {
  return plan.steps.flatMap((step) => [
    ...(step.id === 'record' ? [] : [`  would run step: ${step.title}${step.skip ? ` (skipped: ${step.skip})` : ''}`]),
    ...step.commands.map((argv) => `    $ ${formatCommand(argv)}`),
    ...step.writes.flatMap((write) =>
      write.action === 'remove'
        ? [`  would remove ${write.file}`]
        : [
            `  would write ${write.file}${write.content === undefined ? '' : ':'}`,
            ...(write.content
              ?.trimEnd()
              .split('\n')
              .map((line) => `    ${line}`) ?? []),
          ],
    ),
  ])
}

/** The report as a person reads it: one table row per zone, then the details that need more room. */
export function renderReport(report: ImportReport): string {
  const verb = report.dryRun ? 'would import' : 'imported'
  const rows: Row[] = [
    ...report.imported.map((z) => ({
      zone: z.zone,
      result: verb,
      template: z.template ?? '-',
      nets:
        z.nets
          .map((net) => `${net.name}${net.address ? ` ${net.address}` : ''}${net.pool ? ` (${net.pool})` : ''}`)
          .join(', ') || '-',
      note: `${z.brand}, ${z.state}${z.warnings.length > 0 ? `, ${z.warnings.length} warning${z.warnings.length === 1 ? '' : 's'}` : ''}`,
    })),
    ...report.held.map((z) => ({
      zone: z.zone,
      result: report.dryRun ? 'would hold' : 'held',
      template: '-',
      nets:
        z.nets
          .flatMap((net) =>
            [net.address, net.address6]
              .filter((a): a is string => a !== undefined)
              .map((a) => `${net.name} ${a}${net.pool ? ` (${a === net.address6 ? net.pool6 : net.pool})` : ''}`),
          )
          .join(', ') || '-',
      note: `${z.brand}, ${z.state}: addresses held, zone not managed${z.warnings.length > 0 ? `, ${z.warnings.length} warning${z.warnings.length === 1 ? '' : 's'}` : ''}`,
    })),
    ...report.skipped.map((z) => ({zone: z.zone, result: 'skipped', template: '-', nets: '-', note: z.reason})),
    ...report.failed.map((z) => ({zone: z.zone, result: 'failed', template: '-', nets: '-', note: z.error.message})),
  ]
  if (rows.length === 0) return 'no zones to import'
  const parts = [
    formatTable(rows, [
      {header: 'ZONE', get: (r) => r.zone},
      {header: 'RESULT', get: (r) => r.result},
      {header: 'TEMPLATE', get: (r) => r.template},
      {header: 'NETS', get: (r) => r.nets},
      {header: 'NOTE', get: (r) => r.note},
    ]),
  ]
  for (const zone of report.imported) {
    const lines = [`${zone.zone}: template ${zone.template ?? '(none)'}: ${zone.templateReason}`]
    if (zone.unmodelled.length > 0) lines.push(`  kept under zonecfg: ${zone.unmodelled.join(', ')}`)
    if (report.dryRun) lines.push(...planLines(zone.plan))
    else
      lines.push(
        `  wrote ${zone.file}`,
        ...zone.plan.steps.filter((step) => step.id !== 'record').map((step) => `  ran: ${step.title}`),
      )
    parts.push(lines.join('\n'))
    parts.push(...zone.warnings.map((warning) => formatDiagnostic(warning)))
  }
  for (const zone of report.held) {
    const lines = [`${zone.zone}: ${zone.reason}`]
    if (report.dryRun)
      lines.push(
        `  would ${zone.refreshed ? 'rewrite' : 'write'} ${zone.file}:`,
        ...zone.content
          .trimEnd()
          .split('\n')
          .map((line) => `    ${line}`),
      )
    else lines.push(`  ${zone.refreshed ? 'rewrote' : 'wrote'} ${zone.file}`)
    parts.push(lines.join('\n'))
    parts.push(...zone.warnings.map((warning) => formatDiagnostic(warning)))
  }
  for (const zone of report.failed)
    parts.push(...(zone.report ? [formatReport(zone.report)] : []), formatDiagnostic(zone.error))
  const held = report.held.length > 0 ? `, ${report.held.length} ${report.dryRun ? 'would hold' : 'held'}` : ''
  const summary = `${report.imported.length} ${verb}${held}, ${report.skipped.length} skipped, ${report.failed.length} failed`
  return [...parts, summary].join('\n\n')
}

/** The --json document. */
export function reportToJson(report: ImportReport) {
  return {
    dryRun: report.dryRun,
    imported: report.imported.map((zone) => ({
      ...zone,
      template: zone.template ?? null,
      warnings: zone.warnings.map(diagnosticToJson),
    })),
    held: report.held.map((zone) => ({...zone, warnings: zone.warnings.map(diagnosticToJson)})),
    skipped: report.skipped,
    failed: report.failed.map((zone) => ({
      zone: zone.zone,
      error: diagnosticToJson(zone.error),
      ...(zone.report ? {report: zone.report} : {}),
    })),
  }
}
