import {Args, Flags} from '@oclif/core'
import {assertItemName, type NamedKind} from './registry.js'

/** Check a name as oclif parses it: a bad one is exit 2 with the kind's `bad-name` code before the command runs. */
function checked(kind: NamedKind) {
  return async (input: string): Promise<string> => {
    assertItemName(kind, input)
    return input
  }
}

/**
 * A positional argument naming a registry item (`zmgr zones destroy NAME`):
 * `..`, `/`, leading dots, control characters and over-long names are refused
 * by the parser, so a plugin's command gets the same checks as ours. Pass the
 * item's FileKind (zoneKind, templateKind, ...) or any `{kind}`; returns an
 * argument definition to call with its options:
 * `name: nameArg(zoneKind)({description: 'zone name', required: true})`.
 */
export function nameArg(kind: NamedKind) {
  return Args.custom<string>({parse: checked(kind)})
}

/**
 * A flag naming a registry item, checked like nameArg; returns a flag
 * definition to call with the flag's options (`multiple` works as with
 * Flags.string): `template: nameFlag(templateKind)({char: 't', summary: '...'})`.
 */
export function nameFlag(kind: NamedKind) {
  return Flags.custom<string>({parse: checked(kind)})
}
