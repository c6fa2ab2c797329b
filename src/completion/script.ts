/**
 * Shell completion that knows names: zones, templates, pools and publishers.
 * The script is generated once (`zmgr completion bash|zsh`) with the command
 * tree inside it; a TAB then runs only shell code, globbing the registry's
 * folders (`<root>/zones/*.kdl`) and, for live zones, `zoneadm list -c`. No
 * TAB starts node, which would cost a quarter of a second each time.
 */
import type {Command} from '@oclif/core'

/** What a positional argument or a flag value names. */
export type NameKind = 'zone' | 'live-zone' | 'template' | 'pool' | 'publisher' | 'directory'

/** A topic's commands that take an existing item's name; create/add take a new one. */
const TOPIC_KINDS: Record<string, NameKind> = {
  zones: 'zone',
  templates: 'template',
  pools: 'pool',
  publishers: 'publisher',
}
const NEW_NAME_COMMANDS = new Set(['create', 'add'])
/** Commands outside those topics whose arguments are zone names. */
const COMMAND_KINDS: Record<string, NameKind> = {import: 'live-zone'}
const FLAG_KINDS: Record<string, NameKind> = {
  template: 'template',
  from: 'template',
  pool: 'pool',
  publisher: 'publisher',
  'add-publisher': 'publisher',
  'remove-publisher': 'publisher',
  root: 'directory',
}

export interface CompletionEntry {
  /** Command words, space-separated ("zones show"); aliases get their own entry. */
  words: string
  /** Every flag spelling: --name and -c. */
  flags: string[]
  /** Flags that take a value, with what the value is ('' for anything, or "options:a b c"). */
  valueFlags: Array<{spellings: string[]; kind: string}>
  /** What the positional arguments name (a NameKind, or "options:a,b"); '' for none we can complete. */
  args: string
}

function argKind(id: string, command: Command.Loadable): string {
  const first = Object.values(command.args ?? {})[0]
  if (first?.options) return `options:${first.options.join(',')}`
  if (!first && command.strict !== false) return ''
  if (COMMAND_KINDS[id]) return COMMAND_KINDS[id]
  const [topic, verb] = id.split(':')
  return verb !== undefined && TOPIC_KINDS[topic] && !NEW_NAME_COMMANDS.has(verb) ? TOPIC_KINDS[topic] : ''
}

/** The command tree as completion needs it, from the loaded (manifest) commands of the host and every plugin. */
export function completionEntries(commands: readonly Command.Loadable[]): CompletionEntry[] {
  const entries: CompletionEntry[] = []
  // oclif lists each alias as a command of its own too; they are emitted with their command below.
  const aliases = new Set(commands.flatMap((command) => command.aliases))
  for (const command of commands) {
    if (command.hidden || aliases.has(command.id)) continue
    const flags: string[] = []
    const valueFlags: CompletionEntry['valueFlags'] = []
    for (const [name, flag] of Object.entries(command.flags ?? {})) {
      if (flag.hidden) continue
      const spellings = [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])]
      flags.push(...spellings)
      if (flag.type === 'boolean' && flag.allowNo) flags.push(`--no-${name}`)
      if (flag.type === 'option')
        valueFlags.push({
          spellings,
          kind: FLAG_KINDS[name] ?? (flag.options ? `options:${flag.options.join(' ')}` : ''),
        })
    }
    if (!flags.includes('--help')) flags.push('--help')
    const args = argKind(command.id, command)
    for (const id of [command.id, ...command.aliases])
      entries.push({words: id.replaceAll(':', ' '), flags, valueFlags, args})
  }
  return entries.sort((a, b) => a.words.localeCompare(b.words))
}

/** Single-quoted for the shell. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/**
 * The completion function, for bash and (through bashcompinit) zsh. It forks
 * nothing but `zoneadm list -c` when a zone name is wanted: every table
 * lookup, match and filter is parameter expansion, so a TAB costs
 * milliseconds even on a loaded machine. The table has one line per command:
 * `words|flags|value flags|argument kind`, value flags as ` spelling=kind`.
 */
export function bashScript(bin: string, entries: readonly CompletionEntry[]): string {
  const table = entries
    .map((entry) =>
      [
        entry.words,
        entry.flags.join(' '),
        entry.valueFlags
          .flatMap((flag) => flag.spellings.map((spelling) => `${spelling}=${flag.kind.replaceAll(' ', ',')}`))
          .join(' '),
        entry.args,
      ].join('|'),
    )
    .join('\n')
  const fn = `_${bin.replaceAll(/\W/g, '_')}`
  return `# ${bin} completion for bash: add to ~/.bashrc
#   eval "$(${bin} completion bash)"
# It completes commands, flags, and the names of zones, templates, pools and
# publishers, read from the registry folder (--root, $ZMGR_ROOT or /etc/zmgr)
# and from \`zoneadm list -c\`, without starting ${bin} on each TAB.

${fn}_table=${quote(table)}

# Adds to COMPREPLY each item of LIST (separated by SEP) that starts with CUR.
${fn}_offer() {
  local cur=$1 sep=$2 list=$3 item
  while [[ -n $list ]]; do
    item=\${list%%"$sep"*}
    if [[ $list == *"$sep"* ]]; then list=\${list#*"$sep"}; else list=''; fi
    [[ -n $item && $item == "$cur"* ]] && COMPREPLY+=("$item")
  done
  return 0
}

# Sets ${fn}_found to the names of one kind, one a line: registry files, and for
# zones the live ones too (live-zone: only those the registry lacks, for import).
${fn}_names() {
  local kind=$1 root=$2 file name registered=$'\\n'
  [[ -n $ZSH_VERSION ]] && setopt localoptions nullglob
  ${fn}_found=''
  local folder=\${kind#live-}s
  for file in "$root/$folder"/*.kdl; do
    [[ -e $file ]] || continue
    name=\${file##*/}
    name=\${name%.kdl}
    registered+="$name"$'\\n'
    [[ $kind == live-zone ]] || ${fn}_found+="$name"$'\\n'
  done
  if [[ $kind == zone || $kind == live-zone ]] && command -v zoneadm >/dev/null 2>&1; then
    while IFS= read -r name; do
      [[ $name == global || $registered == *$'\\n'"$name"$'\\n'* ]] || ${fn}_found+="$name"$'\\n'
    done < <(zoneadm list -c 2>/dev/null)
  fi
  return 0
}

# Sets ${fn}_entry to the table line of the command WORDS, after \`WORDS|\`. Line by
# line: \${table#*WORDS|} costs zsh a match per prefix length, 80 ms in this table.
${fn}_entry() {
  local list=$${fn}_table line
  ${fn}_entry=''
  while [[ -n $list ]]; do
    line=\${list%%$'\\n'*}
    if [[ $list == *$'\\n'* ]]; then list=\${list#*$'\\n'}; else list=''; fi
    [[ $line == "$1|"* ]] && ${fn}_entry=\${line#"$1|"} && return 0
  done
  return 0
}

${fn}() {
  local -a w
  w=("\${COMP_WORDS[@]}")
  local cur=\${w[@]:$COMP_CWORD:1} prev='' word words='' entry='' rest
  local root=\${ZMGR_ROOT:-/etc/zmgr} table=$'\\n'"$${fn}_table"$'\\n'
  COMPREPLY=()
  # The command typed so far (the longest run of words naming one), and --root.
  for word in "\${w[@]:1:$COMP_CWORD-1}"; do
    case $word in
      --root=*) root=\${word#--root=} ;;
      -*) ;;
      *)
        if [[ $prev == --root ]]; then
          root=$word
        elif [[ -z $entry && $table == *$'\\n'"\${words:+$words }$word"[\\ \\|]* ]]; then
          words=\${words:+$words }$word
          [[ $table == *$'\\n'"$words|"* ]] && ${fn}_entry "$words" && entry=$${fn}_entry
        fi ;;
    esac
    prev=$word
  done
  prev=\${w[@]:$COMP_CWORD-1:1}
  local flags=\${entry%%|*} valueflags args kind
  rest=\${entry#*|}
  valueflags=\${rest%%|*}
  args=\${rest#*|}
  # A flag's value.
  if [[ -n $entry && " $valueflags " == *" $prev="* ]]; then
    kind=" $valueflags "
    kind=\${kind#*" $prev="}
    kind=\${kind%% *}
    case $kind in
      directory) COMPREPLY=($(compgen -d -- "$cur")) ;;
      options:*) ${fn}_offer "$cur" , "\${kind#options:}" ;;
      ?*) ${fn}_names "$kind" "$root"; ${fn}_offer "$cur" $'\\n' "$${fn}_found" ;;
    esac
    return 0
  fi
  if [[ $cur == -* ]]; then
    ${fn}_offer "$cur" ' ' "$flags"
  elif [[ -n $entry && $args == options:* ]]; then
    ${fn}_offer "$cur" , "\${args#options:}"
  elif [[ -n $entry && -n $args ]]; then
    ${fn}_names "$args" "$root"
    ${fn}_offer "$cur" $'\\n' "$${fn}_found"
  else
    # The next command word.
    local list=$${fn}_table line next seen=$'\\n'
    while [[ -n $list ]]; do
      line=\${list%%$'\\n'*}
      if [[ $list == *$'\\n'* ]]; then list=\${list#*$'\\n'}; else list=''; fi
      if [[ -z $words ]]; then next=$line
      elif [[ $line == "$words "* ]]; then next=\${line#"$words "}
      else continue
      fi
      next=\${next%%[ |]*}
      [[ $seen == *$'\\n'"$next"$'\\n'* ]] && continue
      seen+="$next"$'\\n'
      [[ $next == "$cur"* ]] && COMPREPLY+=("$next")
    done
  fi
  return 0
}

complete -F ${fn} ${bin}
`
}

/** zsh runs the same function through bashcompinit (COMP_WORDS, compgen and complete). */
export function zshScript(bin: string, entries: readonly CompletionEntry[]): string {
  return `# ${bin} completion for zsh: add to ~/.zshrc (after compinit)
#   eval "$(${bin} completion zsh)"
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
autoload -Uz bashcompinit && bashcompinit
${bashScript(bin, entries)
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join('\n')}`
}
