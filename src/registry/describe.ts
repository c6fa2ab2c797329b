import {parseHostAddress} from '../ipam/address.js'
import type {Template} from './template.js'
import type {ZoneNet} from './zone.js'

/** A template as plain data: what `templates show --json` prints and hooks receive. */
export function templateToJson(template: Template) {
  return {
    name: template.name,
    brand: template.brand,
    autoboot: template.autoboot,
    ipType: template.ipType,
    nets: template.nets.map(({name, pool, pool6, over, vlan}) => ({
      name,
      pool,
      pool6: pool6 ?? null,
      over,
      vlan: vlan ?? null,
    })),
    defaultRoute: template.defaultRoute ? template.defaultRoute.nets : (template.defaultRoute ?? null),
    publishers: template.publishers,
    cappedMemory: template.cappedMemory ?? null,
    cappedCpu: template.cappedCpu ?? null,
    cpuShares: template.cpuShares ?? null,
    maxLwps: template.maxLwps ?? null,
    maxProcesses: template.maxProcesses ?? null,
    limitpriv: template.limitpriv ?? null,
    schedulingClass: template.schedulingClass ?? null,
    attrs: template.attrs,
    fs: template.fs,
    datasets: template.datasets,
    packages: template.packages,
    zonecfg: template.zonecfg,
  }
}

/**
 * A zone's net as plain data. `address` is always the bare IP and `prefix` its
 * prefix length (null when the file gives none): the one shape of an interface
 * address in every --json document.
 */
export function zoneNetToJson(net: ZoneNet) {
  const parsed = net.address ? parseHostAddress(net.address) : undefined
  const parsed6 = net.address6 ? parseHostAddress(net.address6) : undefined
  return {
    name: net.name,
    address: parsed ? net.address!.split('/')[0] : (net.address ?? null),
    prefix: parsed?.prefix ?? null,
    gateway: net.gateway ?? null,
    pool: net.pool ?? null,
    // The IPv6 side of a dual-stack net (docs/configuration.md): null on single-stack nets.
    address6: parsed6 ? net.address6!.split('/')[0] : (net.address6 ?? null),
    prefix6: parsed6?.prefix ?? null,
    gateway6: net.gateway6 ?? null,
    pool6: net.pool6 ?? null,
    vnic: net.vnic ?? null,
    over: net.over ?? null,
    vlan: net.vlan ?? null,
    globalNic: net.globalNic ?? null,
    macAddr: net.macAddr ?? null,
  }
}
