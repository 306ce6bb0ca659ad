/**
 * CPU time of every process an alert passes through, read from /proc (Linux): the worker alone does not say
 * whether a machine can carry a rate, because the Temporal server, the ingress, PostgreSQL and the load
 * generator share its cores. Elsewhere the figures are absent (null), never guessed.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Processes the bench tells apart; `postgres` sums every PostgreSQL backend on the machine. */
export type ProcessRole = 'worker' | 'temporalServer' | 'bench' | 'loadGenerator' | 'postgres';

export type CpuTimes = Partial<Record<ProcessRole, number>>;

/** Clock ticks per second of /proc/<pid>/stat: USER_HZ is 100 on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of one process in milliseconds, or null when it can't be read (gone, or not Linux). */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime] = [Number(fields[11]), Number(fields[12])];
    return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** The Temporal dev server the bench started: the CLI's `server start-dev` listening on the environment's port. */
export function findTemporalServerPid(address: string): number | null {
  const port = address.split(':').pop() ?? '';
  return pids().find((pid) => {
    const line = commandLine(pid);
    return line.includes('start-dev') && line.includes(`--port ${port}`);
  }) ?? null;
}

export interface WatchedProcesses {
  worker?: number;
  temporalServer?: number | null;
  loadGenerator?: number;
}

/** One reading of each role's CPU milliseconds; the bench's own process (ingress, SMTP server) by process.cpuUsage. */
export function readCpuTimes(watched: WatchedProcesses): CpuTimes {
  const times: CpuTimes = {};
  const own = process.cpuUsage();
  times.bench = (own.user + own.system) / 1000;
  for (const role of ['worker', 'temporalServer', 'loadGenerator'] as const) {
    const pid = watched[role];
    const ms = pid ? processCpuMs(pid) : null;
    if (ms !== null) times[role] = ms;
  }
  const backends = pids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  });
  if (backends.length > 0) times.postgres = backends.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
  return times;
}

/** CPU milliseconds per alert by role between two readings (a role missing from either reading is left out). */
export function cpuPerAlert(before: CpuTimes, after: CpuTimes, alerts: number): CpuTimes {
  const per: CpuTimes = {};
  if (alerts <= 0) return per;
  for (const role of Object.keys(after) as ProcessRole[]) {
    const [a, b] = [after[role], before[role]];
    if (a !== undefined && b !== undefined) per[role] = Math.max(0, a - b) / alerts;
  }
  return per;
}
