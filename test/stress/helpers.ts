import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {FaultSpec, RunResult, TestHost} from 'zmgr/testing'

/** Resolves once the injected fault has fired (a hung command is under way). */
export async function faultFired(host: TestHost, fault: FaultSpec, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (
      host.state().faults.some((f) => f.command === fault.command && f.subcommand === fault.subcommand && f.fired > 0)
    )
      return
    if (Date.now() > deadline) throw new Error(`fault ${fault.command} ${fault.subcommand} never fired`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Every registered zone's addresses, from the zone files. */
export async function registeredAddresses(host: TestHost): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const folder = join(host.root, 'zones')
  for (const name of (await readdir(folder).catch(() => [])).filter((n) => n.endsWith('.kdl'))) {
    out.set(
      name.slice(0, -4),
      [...(await readFile(join(folder, name), 'utf8')).matchAll(/address="([^"]+)"/g)].map((m) => m[1]),
    )
  }
  return out
}

/** Addresses held by two zone files, and addresses two simulated zones are configured with. */
export async function doubleHeld(host: TestHost): Promise<string[]> {
  const seen = new Map<string, string>()
  const doubles: string[] = []
  for (const [zone, addresses] of await registeredAddresses(host)) {
    for (const address of addresses) {
      if (seen.has(address)) doubles.push(`${address}: ${seen.get(address)} and ${zone}`)
      seen.set(address, zone)
    }
  }
  const onSystem = new Map<string, string>()
  for (const zone of host.state().zones) {
    for (const net of zone.nets) {
      const address = net['allowed-address'] ?? net.address
      if (!address) continue
      if (onSystem.has(address))
        doubles.push(`${address} configured in zones ${onSystem.get(address)} and ${zone.name}`)
      onSystem.set(address, zone.name)
    }
  }
  return doubles
}

/** A failure message with the command's output, for expect(). */
export function output(result: Pick<RunResult, 'stdout' | 'stderr'> | {stdout: string; stderr: string}): string {
  return `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`
}
