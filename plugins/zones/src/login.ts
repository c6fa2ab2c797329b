import {findSystemZone, inputError, operationError, type Registry, type SystemRunner, zoneKind} from 'zmgr'

/**
 * Checks that `zlogin` can reach the zone before handing it the terminal, so
 * the usual mistakes get a zmgr diagnostic with a next step; zlogin still has
 * the last word (CONTRACT.md §2.5). A login needs a running zone; the console
 * is there from `installed` on.
 */
export async function requireLoginTarget(
  zone: string,
  registry: Registry,
  runner: SystemRunner,
  mode: 'login' | 'console',
): Promise<void> {
  const system = await findSystemZone(runner, zone)
  if (!system) {
    const registered = await registry.has(zoneKind, zone)
    throw inputError(
      'zmgr::zone::unknown',
      registered
        ? `zone ${JSON.stringify(zone)} is registered but not on this system`
        : `no zone named ${JSON.stringify(zone)} on this system`,
      {
        help: registered
          ? `create it again (zmgr zones create ${zone}) or remove its entry (zmgr zones destroy ${zone})`
          : 'see `zmgr zones list` for the zones there are',
      },
    )
  }
  if (system.state === 'configured' || system.state === 'incomplete')
    throw operationError(
      'zmgr::zone::not-installed',
      `zone ${zone} is ${system.state}: there is nothing to log in to`,
      {help: `finish or remove it (zmgr zones destroy ${zone})`},
    )
  if (mode === 'login' && system.state !== 'running')
    throw operationError('zmgr::zone::not-running', `zone ${zone} is ${system.state}: zlogin needs a running zone`, {
      help: `boot it (zmgr zones boot ${zone}), or watch it boot on the console (zmgr zones console ${zone})`,
    })
}
