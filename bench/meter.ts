import { readFileSync } from 'node:fs';
import { cpuMs, type Child } from './children';
import type { RunResult } from './load';

/**
 * Busy CPU time of the whole machine in ms: user, nice, system, irq, softirq, and steal (time
 * the hypervisor gave to other guests, which slows this one just as well); null off Linux.
 */
function machineBusyMs(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    return (f[1]! + f[2]! + f[3]! + f[6]! + f[7]! + f[8]!) * 10;
  } catch {
    return null;
  }
}

const serverCpuMs = (server: Child) => (server.cpuMs ? server.cpuMs() : cpuMs(server.pid));

export type Usage = Pick<
  RunResult,
  'serverCpu' | 'clientCpu' | 'otherCpu' | 'loopDelay' | 'webhookCpuMs'
>;

/** CPU of the server's main thread (its webhook thread), ms; null off Linux or for the Worker. */
const mainThreadMs = (server: Child) => (server.cpuMs ? null : cpuMs(server.pid, server.pid));

/** CPU of the server, of this process and of everything else, and the server's loop delay. */
export class Meter {
  private cpu0 = process.cpuUsage();
  private srv0: number | null;
  private main0: number | null;
  private all0 = machineBusyMs();
  private t0 = performance.now();
  constructor(private server: Child) {
    this.srv0 = serverCpuMs(server);
    this.main0 = mainThreadMs(server);
    void server.loopDelay(); // starts a fresh window
  }
  async read(): Promise<Usage> {
    const wall = performance.now() - this.t0;
    const c = process.cpuUsage(this.cpu0);
    const srv = serverCpuMs(this.server);
    const main = mainThreadMs(this.server);
    const all = machineBusyMs();
    const client = (c.user + c.system) / 1000;
    const server = srv === null || this.srv0 === null ? null : srv - this.srv0;
    const other =
      all === null || this.all0 === null || server === null
        ? null
        : all - this.all0 - server - client;
    const p = (v: number | null) => (v === null ? null : (Math.max(0, v) / wall) * 100);
    return {
      clientCpu: p(client)!,
      serverCpu: p(server),
      otherCpu: p(other),
      webhookCpuMs: main === null || this.main0 === null ? null : main - this.main0,
      loopDelay: await this.server.loopDelay(),
    };
  }
}

export const idleUsage: Usage = {
  serverCpu: null,
  clientCpu: 0,
  otherCpu: null,
  loopDelay: null,
  webhookCpuMs: null,
};
