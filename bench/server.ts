/**
 * The server under test: the compiled CLI (`node dist/src/cli.js serve`) in
 * production mode, as a child process, with its resident memory watched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist/src/cli.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size and its peak (VmHWM) of a process, in bytes. */
function memory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** utime + stime of a process from /proc/<pid>/stat, in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export interface RunningServer {
  url: string;
  pid: number;
  /** From spawn to the first answered /healthz. */
  startMs: number;
  /** Starts a peak-RSS window (resets the kernel's high-water mark where allowed, and samples). */
  resetPeak(): void;
  /** Peak RSS in bytes since resetPeak(). */
  peak(): number;
  /** CPU time (user + system) the process has used, in ms. */
  cpuMs(): number;
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string>;
  args?: string[];
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** How long to wait for /healthz. */
  timeoutMs?: number;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`server not healthy after ${timeoutMs} ms: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), CLI, 'serve', '--port', String(port), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', ...options.env },
    // stdout carries one JSON log line per request: discarded, as a log shipper would take it.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errText = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    errText = (errText + d).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, options.timeoutMs ?? 60_000, () => errText);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const startMs = performance.now() - t0;
  const pid = child.pid!;
  let sampled = 0;
  let clearWorks = false;
  const sampler = setInterval(() => {
    const usage = memory(pid);
    if (usage && usage.rss > sampled) sampled = usage.rss;
  }, 25);
  sampler.unref();
  return {
    url,
    pid,
    startMs,
    resetPeak() {
      sampled = memory(pid)?.rss ?? 0;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        clearWorks = true;
      } catch {
        clearWorks = false;
      }
    },
    peak() {
      const usage = memory(pid);
      return Math.max(sampled, usage?.rss ?? 0, clearWorks ? (usage?.hwm ?? 0) : 0);
    },
    cpuMs: () => cpuMs(pid),
    stderr: () => errText,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
