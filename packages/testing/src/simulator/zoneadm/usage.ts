// zoneadm's usage texts (cmdtab short usages and long_help in zoneadm.c).

export const SUBCOMMANDS: Record<string, {usage: string; help: string}> = {
  help: {usage: 'help', help: 'Print usage message.'},
  boot: {
    usage: 'boot [-- boot_arguments]',
    help: 'Activates (boots) specified zone.  See zoneadm(8) for valid boot\n\targuments.',
  },
  halt: {
    usage: 'halt',
    help: 'Halts specified zone, bypassing shutdown scripts and removing runtime\n\tresources of the zone.',
  },
  ready: {
    usage: 'ready',
    help: 'Prepares a zone for running applications but does not start any user\n\tprocesses in the zone.',
  },
  shutdown: {
    usage: 'shutdown [-r [-- boot_arguments]]',
    help: "Gracefully shutdown the zone or reboot if the '-r' option is specified.\n\tSee zoneadm(8) for valid boot arguments.",
  },
  reboot: {
    usage: 'reboot [-- boot_arguments]',
    help: 'Restarts the zone (equivalent to a halt / boot sequence).\n\tFails if the zone is not active.  See zoneadm(8) for valid boot\n\targuments.',
  },
  list: {
    usage: 'list [-cinv] [-p | -v]',
    help: 'Lists the current zones, or a specific zone if indicated.  By default,\n\tall running zones are listed, though this can be expanded to all\n\tinstalled zones with the -i option or all configured zones with the\n\t-c option.  -v can be used to display verbose information: zone name,\n\tid, current state, root directory and options.  -p can be used to\n\tdisplay machine parsable output.  -n omits the global zone.',
  },
  verify: {
    usage: 'verify',
    help: 'Check to make sure the configuration can safely be instantiated\n\ton the machine: physical network interfaces exist, etc.',
  },
  install: {
    usage: 'install [brand-specific args]',
    help: 'Install the configuration on to the system.  All arguments are passed\n\tto the brand installation function; see brands(7) for options.',
  },
  uninstall: {
    usage: 'uninstall [-F] [brand-specific args]',
    help: 'Uninstall the configuration from the system.  The -F flag can be used\n\tto force the action.  All arguments are passed to the brand\n\tuninstall function; see brands(7) for options.',
  },
  clone: {
    usage: 'clone [-m method] [-s <ZFS snapshot>] [brand-specific args] zonename',
    help: "Clone the installation of another zone.  The -m option can be used to\n\tspecify 'copy' which forces a copy of the source zone.  The -s option\n\tcan be used to specify the name of a ZFS snapshot that was taken from\n\ta previous clone command.  The snapshot will be used as the source\n\tinstead of creating a new ZFS snapshot.  All other arguments are passed\n\tto the brand clone function; see brands(7) for options.",
  },
  move: {usage: 'move zonepath', help: 'Move the zone to a new zonepath.'},
  detach: {
    usage: 'detach [-n] [brand-specific args]',
    help: "Detach the zone from the system. The zone state is changed to\n\t'configured' (but the files under the zonepath are untouched).\n\tThe zone can subsequently be attached, or can be moved to another\n\tsystem and attached there.  The -n option can be used to specify\n\t'no-execute' mode.  All other arguments are passed to the brand\n\tdetach function; see brands(7) for options.",
  },
  attach: {
    usage: 'attach [-F] [-n <path>] [brand-specific args]',
    help: "Attach the zone to the system.  The zone state must be 'configured'\n\tprior to attach; upon successful completion, the zone state will be\n\t'installed'.  Specify -F to force the attach and skip software\n\tcompatibility tests.  The -F and -n options are mutually exclusive.\n\tAll other arguments are passed to the brand attach function; see\n\tbrands(7) for options.",
  },
  mark: {
    usage: 'mark incomplete',
    help: "Set the state of the zone.  This can be used to force the zone\n\tstate to 'incomplete' administratively if some activity has rendered\n\tthe zone permanently unusable.  The only valid state that may be\n\tspecified is 'incomplete'.",
  },
}

/** usage(explicit): the full usage (stdout for help, stderr for errors). */
export function fullUsage(explicit: boolean): string {
  let text =
    'usage:\tzoneadm help\n\tzoneadm [-z <zone>] [-u <uuid-match>] list\n\tzoneadm {-z <zone>|-u <uuid-match>} <subcommand>\n\nSubcommands:\n\n'
  for (const {usage, help} of Object.values(SUBCOMMANDS)) {
    text += `${usage}\n`
    if (explicit) text += `\t${help}\n\n`
  }
  return explicit ? text : `${text}\n`
}

/** sub_usage(): `usage:\t<short usage>\n\t<long help>\n`. */
export function subUsage(name: string): string {
  const sub = SUBCOMMANDS[name]!
  return `usage:\t${sub.usage}\n\t${sub.help}\n`
}
