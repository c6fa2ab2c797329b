#!/usr/bin/env node
// Writes man/zmgr.1 (roff, man(7) macros) from the oclif manifests of the host
// and the built-in plugins, after scripts/manifests.js. The page ships in the
// tarball; npm links it into PREFIX/share/man/man1 on a global install.
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const packages = [root, ...readdirSync(join(root, 'plugins')).map((name) => join(root, 'plugins', name))].filter(
  (dir) => existsSync(join(dir, 'oclif.manifest.json')),
)
const commands = packages
  .flatMap((dir) => Object.values(JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')).commands))
  .filter((command) => !command.hidden)
  .sort((a, b) => a.id.localeCompare(b.id))

/** Escape text for roff: backslashes, and a leading dot or quote that would read as a request. */
function roff(text) {
  return String(text ?? '')
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n')
}

function usage(command) {
  const args = Object.values(command.args ?? {}).map((arg) =>
    arg.required ? arg.name.toUpperCase() : `[${arg.name.toUpperCase()}]`,
  )
  return [command.id.replaceAll(':', ' '), ...args].join(' ')
}

function flagLine(flag) {
  const names = [flag.char ? `-${flag.char}` : undefined, `--${flag.name}`].filter(Boolean).join(', ')
  return flag.type === 'option'
    ? `${names} ${(flag.helpValue ?? flag.name.toUpperCase()).replace(/^<|>$/g, '')}`
    : names
}

const lines = [
  `.TH ZMGR 1 "" "zmgr ${pjson.version}" "User Commands"`,
  '.SH NAME',
  `zmgr \\- ${roff(pjson.description)}`,
  '.SH SYNOPSIS',
  '.B zmgr',
  '.I command',
  '[\\fIflags\\fR]',
  '.SH DESCRIPTION',
  'zmgr keeps templates, IPAM pools, publishers and one file per zone under',
  '.I /etc/zmgr',
  '(or',
  '.BR \\-\\-root ),',
  'and drives zonecfg(8), zoneadm(8), dladm(8) and pkg(1) to create, import and destroy zones from them.',
  'Every command accepts \\fB\\-\\-help\\fR; the commands below come from the built-in plugins.',
  '.SH COMMANDS',
]
for (const command of commands) {
  lines.push('.TP', `.B zmgr ${roff(usage(command))}`, roff(command.summary ?? command.description ?? ''))
  const flags = Object.values(command.flags ?? {}).filter((flag) => !flag.hidden && flag.name !== 'help')
  for (const flag of flags)
    lines.push('.RS', '.TP', `.B ${roff(flagLine(flag))}`, roff(flag.summary ?? flag.description ?? ''), '.RE')
}
lines.push(
  '.SH EXIT STATUS',
  '.TP',
  '.B 0',
  'Success.',
  '.TP',
  '.B 1',
  'The operation failed.',
  '.TP',
  '.B 2',
  'Bad usage or input.',
  '.SH ENVIRONMENT',
  '.TP',
  '.B ZMGR_ROOT',
  'The registry folder when \\fB\\-\\-root\\fR is not given (default /etc/zmgr).',
  '.SH FILES',
  '.TP',
  '.I /etc/zmgr',
  'config.kdl, templates/, pools/, publishers/, zones/.',
  '.SH SEE ALSO',
  'zonecfg(8), zoneadm(8), dladm(8), pkg(1)',
  '',
)
mkdirSync(join(root, 'man'), {recursive: true})
writeFileSync(join(root, 'man', 'zmgr.1'), lines.join('\n'))
