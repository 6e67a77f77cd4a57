/** What the numbers were measured on, recorded with every run. */
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  platform: string;
  release: string;
  arch: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the suite started and when it ended. */
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    platform: platform(),
    release: release(),
    arch: arch(),
    node: process.version,
    loadAverageBefore: loadavg(),
    loadAverageAfter: [],
  };
}

export function loadAverage(): number[] {
  return loadavg();
}
