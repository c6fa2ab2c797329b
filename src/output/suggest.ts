/** "Did you mean": the closest command or topic names to what was typed. */

/** Edit distance with transpositions (optimal string alignment): `lsit` is one edit from `list`. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({length: a.length + 1}, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }
  return rows[a.length][b.length]
}

/**
 * The names (space-separated words, e.g. "zones list") closest to the words
 * typed. Each name is compared with as many typed words as it has, so
 * `zone list web01` finds "zones list" and `zone` finds "zones". Only close
 * names are offered (a third of the name's length, at least two edits).
 */
export function closestNames(typed: readonly string[], names: readonly string[], limit = 3): string[] {
  const scored = names.map((name) => {
    const words = name.split(' ')
    const attempt = typed.slice(0, words.length).join(' ')
    return {name, distance: editDistance(attempt, name), words: words.length}
  })
  const close = scored.filter(
    (entry) => entry.distance > 0 && entry.distance <= Math.max(2, Math.floor(entry.name.length / 3)),
  )
  // Fewer edits first; at equal distance the longer match (a command rather than its topic).
  close.sort((x, y) => x.distance - y.distance || y.words - x.words || x.name.localeCompare(y.name))
  const best = close[0]
  return close
    .filter((entry) => entry.distance === best.distance && entry.words === best.words)
    .slice(0, limit)
    .map((entry) => entry.name)
}
