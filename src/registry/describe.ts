import type {Template} from './template.js'

/** A template as plain data: what `templates show --json` prints and hooks receive. */
export function templateToJson(template: Template) {
  return {
    name: template.name,
    brand: template.brand,
    autoboot: template.autoboot,
    ipType: template.ipType,
    nets: template.nets.map(({name, pool, pool6, over, vlan}) => ({name, pool, pool6: pool6 ?? null, over, vlan: vlan ?? null})),
    defaultRoute: template.defaultRoute === undefined ? null : template.defaultRoute && template.defaultRoute.nets,
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
