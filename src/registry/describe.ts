import type {Template} from './template.js'

/** A template as plain data: what `templates show --json` prints and hooks receive. */
export function templateToJson(template: Template) {
  return {
    name: template.name,
    brand: template.brand,
    autoboot: template.autoboot,
    ipType: template.ipType,
    nets: template.nets.map(({name, pool, over, vlan}) => ({name, pool, over, vlan: vlan ?? null})),
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
