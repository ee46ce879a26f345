/**
 * A worker thread for the password hashes that Node's crypto cannot compute
 * on libuv's pool: argon2 and bcrypt, via hash-wasm (WebAssembly, no native
 * build). WASM runs synchronously on whatever thread calls it, and Django's
 * argon2 parameters (100 MiB, t=2, p=8) take a noticeable fraction of a
 * second, so it must not be the event loop's thread.
 *
 * The worker is plain CommonJS evaluated from a string and loads hash-wasm by
 * absolute path, so it works the same from TypeScript sources (tests, tsx)
 * and from the compiled output, with no loader in the worker.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hashWasm = require(workerData.hashWasmPath);
parentPort.on('message', async (job) => {
  try {
    let result;
    if (job.kind === 'argon2') {
      result = await hashWasm[job.variant]({
        password: job.password, salt: job.salt, iterations: job.iterations,
        parallelism: job.parallelism, memorySize: job.memorySize,
        hashLength: job.hashLength, outputType: 'binary',
      });
    } else if (job.kind === 'bcrypt') {
      result = await hashWasm.bcryptVerify({ password: job.password, hash: job.hash });
    } else {
      throw new Error('unknown job kind');
    }
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

export interface Argon2Job {
  kind: 'argon2';
  variant: 'argon2id' | 'argon2i' | 'argon2d';
  password: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  parallelism: number;
  memorySize: number;
  hashLength: number;
}

export interface BcryptJob {
  kind: 'bcrypt';
  password: Uint8Array;
  hash: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const job of pending.values()) job.reject(err);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const hashWasmPath = createRequire(import.meta.url).resolve('hash-wasm');
  // execArgv: [] keeps the parent's TypeScript loader out of the worker.
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { hashWasmPath }, execArgv: [] });
  w.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (message.error !== undefined) job.reject(new Error(message.error));
    else job.resolve(message.result);
    if (pending.size === 0) w.unref();
  });
  w.on('error', (err) => {
    if (worker === w) worker = undefined;
    failAll(err);
  });
  w.on('exit', (code) => {
    if (worker === w) worker = undefined;
    failAll(new Error(`hash worker exited with code ${code}`));
  });
  w.unref();
  worker = w;
  return w;
}

function run<T>(job: Argon2Job | BcryptJob): Promise<T> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    // Keep the process alive while a verification is outstanding.
    w.ref();
    w.postMessage({ ...job, id });
  });
}

/** Raw argon2 output for the given parameters (version 0x13). */
export async function argon2Raw(job: Omit<Argon2Job, 'kind'>): Promise<Uint8Array> {
  return run<Uint8Array>({ kind: 'argon2', ...job });
}

/** Whether `password` matches a `$2b$…` bcrypt string. */
export async function bcryptVerify(password: Uint8Array, hash: string): Promise<boolean> {
  return run<boolean>({ kind: 'bcrypt', password, hash });
}

/** Stops the worker (tests, shutdown). A later call starts a new one. */
export async function closeHashWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
