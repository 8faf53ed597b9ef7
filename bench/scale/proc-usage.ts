// CPU seconds and peak RSS of a process, from /proc (Linux): utime + stime of /proc/PID/stat and
// VmHWM of /proc/PID/status. Read while the process is alive.
import { readFileSync } from 'node:fs';

export interface ProcUsage {
  label: string;
  pid: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

export function procUsage(pid: number, label: string): ProcUsage {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { label, pid, cpuSeconds, peakRssMb: hwm ? Number(hwm[1]) / 1024 : 0 };
  } catch {
    return { label, pid, cpuSeconds: 0, peakRssMb: 0 };
  }
}
