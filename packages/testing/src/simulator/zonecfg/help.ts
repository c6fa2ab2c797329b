// zonecfg's usage and help texts (zonecfg.c helptab, long_help, usage()).

export const COMMANDS = [
  'add',
  'cancel',
  'clear',
  'commit',
  'create',
  'delete',
  'end',
  'exit',
  'export',
  'help',
  'info',
  'remove',
  'revert',
  'select',
  'set',
  'verify',
] as const
export type CommandName = (typeof COMMANDS)[number]

export const SHORT_USAGE: Record<CommandName, string> = {
  add: 'add <resource-type>\n\t(global scope)\nadd <property-name> <property-value>\n\t(resource scope)',
  cancel: 'cancel',
  clear: 'clear <property-name>',
  commit: 'commit',
  create: 'create [-F] [ -a <path> | -b | -t <template> ]',
  delete: 'delete [-F]',
  end: 'end',
  exit: 'exit [-F]',
  export: 'export [-f output-file]',
  help: 'help [commands] [syntax] [usage] [<command-name>]',
  info: 'info [<resource-type> [property-name=property-value]*]',
  remove:
    'remove [-F] <resource-type> [ <property-name>=<property-value> ]*\n\t(global scope)\nremove <property-name> <property-value>\n\t(resource scope)',
  revert: 'revert [-F]',
  select: 'select <resource-type> { <property-name>=<property-value> }',
  set: 'set <property-name>=<property-value>',
  verify: 'verify',
}

export const LONG_HELP: Record<CommandName, string> = {
  add: 'Add specified resource to configuration.',
  cancel: 'Cancels resource/property specification.',
  clear: 'Clears property values.',
  commit:
    'Commits current configuration.  Configuration must be committed to\n\tbe used by zoneadm.  Until the configuration is committed, changes \n\tcan be removed with the revert command.  This operation is\n\tattempted automatically upon completion of a zonecfg session.',
  create:
    "Creates a configuration for the specified zone.  create should be\n\tused to begin configuring a new zone.  If overwriting an existing\n\tconfiguration, the -F flag can be used to force the action.  If\n\t-t template is given, creates a configuration identical to the\n\tspecified template, except that the zone name is changed from\n\ttemplate to zonename.  'create -a' creates a configuration from a\n\tdetached zonepath.  'create -b' results in a blank configuration.\n\t'create' with no arguments applies the Sun default settings.",
  delete: 'Deletes the specified zone.  The -F flag can be used to force the\n\taction.',
  end: 'Ends resource/property specification.',
  exit: 'Exits the program.  The -F flag can be used to force the action.',
  export:
    'Prints configuration to standard output, or to output-file if\n\tspecified, in a form suitable for use in a command-file.',
  help: 'Prints help message.',
  info: 'Displays information about the current configuration.  If resource\n\ttype is specified, displays only information about resources of\n\tthe relevant type.  If resource id is specified, displays only\n\tinformation about that resource.',
  remove: 'Remove specified resource from configuration.  The -F flag can be used\n\tto force the action.',
  revert: 'Reverts configuration back to the last committed state.  The -F flag\n\tcan be used to force the action.',
  select:
    "Selects a resource to modify.  Resource modification is completed\n\twith the command \"end\".  The property name/value pairs must uniquely\n\tidentify a resource.  Note that the curly braces ('{', '}') mean one\n\tor more of whatever is between them.",
  set: 'Sets property values.',
  verify: 'Verifies current configuration for correctness (some resource types\n\thave required properties).',
}

export function isCommandName(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word)
}

/** usage(HELP_USAGE): how to invoke zonecfg. */
export function invocationUsage(execname: string): string {
  return (
    `usage:\t${execname} help\n` +
    `\t${execname} -z <zone>\t\t\t(interactive)\n` +
    `\t${execname} -z <zone> <command>\n` +
    `\t${execname} -z <zone> -f <command-file>\n`
  )
}

/** usage(HELP_SUBCMDS), verbose (help) or not (errors). */
export function commandsUsage(verbose: boolean): string {
  let text = 'Commands:\n\n'
  for (const name of COMMANDS) {
    text += `${SHORT_USAGE[name]}\n`
    if (verbose) text += `\t${LONG_HELP[name]}\n\n`
  }
  return text
}

/** usage(HELP_SYNTAX): the zone name rules. */
export function syntaxUsage(verbose: boolean): string {
  return (
    (verbose ? '' : '\n') +
    '<zone> := [A-Za-z0-9][A-Za-z0-9_.-]*\n' +
    "\t(except the reserved words 'global' and anything starting with 'SUNW')\n" +
    '\tName must be less than 64 characters.\n' +
    (verbose ? '\n' : '')
  )
}

/** `help [topic]` (help_func): to stdout, or an error for an unknown subject. */
export function printHelp(console: {out(t: string): void; err(t: string): void}, topic: string | undefined): void {
  if (topic === undefined || topic === 'commands') console.out(commandsUsage(true))
  else if (topic === 'usage') console.out(invocationUsage('zonecfg'))
  else if (topic === 'syntax') console.out(syntaxUsage(true))
  else if (isCommandName(topic)) console.out(`usage:\n${SHORT_USAGE[topic]}\n\t${LONG_HELP[topic]}\n`)
  else
    console.err(
      `Unknown help subject ${topic}.  More help is available for the following:\n\n` +
        `\tcommands ('help commands')\n\tsyntax ('help syntax')\n\tusage ('help usage')\n\n` +
        `You may also obtain help on any command by typing 'help <command-name>.'\n`,
    )
}

/** usage(HELP_NETADDR): printed after a bogus net address. */
export const NET_ADDRESS_USAGE =
  '\n<net-addr> :=\t<IPv4-address>[/<IPv4-prefix-length>] |\n' +
  '\t\t<IPv6-address>/<IPv6-prefix-length> |\n' +
  '\t\t<hostname>[/<IPv4-prefix-length>]\n' +
  'See inet(3SOCKET) for IPv4 and IPv6 address syntax.\n' +
  '<IPv4-prefix-length> := [0-32]\n' +
  '<IPv6-prefix-length> := [0-128]\n' +
  '<hostname> := [A-Za-z0-9][A-Za-z0-9-.]*\n'
