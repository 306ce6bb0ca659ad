import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from '../../src/domain/connections';
import type { CodecKey } from '../../src/domain/config';

/** A shopper per order: the provider's acceptance is matched to the order by recipient. */
export interface BenchShopper {
  email: string;
  phone: string;
}

/** What the worker process is started with (argv[2], JSON). */
export interface WorkerProcessConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  codecKeys: CodecKey[];
  connections: Record<string, Connection>;
  /** PostgreSQL; unset: PGlite in the worker's own memory (the merchants are set up through the worker). */
  databaseUrl?: string;
  publicUrl: string;
}

/** The load generator's orders for one phase. */
export interface LoadRequest {
  kind: 'load';
  url: string;
  secret: string;
  shopDomain: string;
  rate: number;
  orderIdBase: number;
  shoppers: BenchShopper[];
}

export interface LoadResult {
  kind: 'load-result';
  /** Date.now() when each webhook POST left. */
  sentAt: number[];
  /** POST to the ingress's answer: the ingress has verified, parsed and its signal-with-start was accepted. */
  ackMs: number[];
  /** Answers other than 202 (and failed requests). */
  errors: number;
  achievedRate: number;
}

export type WorkerRequest =
  | { kind: 'merchant'; id: number; store: string; settings: unknown; smsCredits: number }
  | { kind: 'snapshot'; id: number }
  /** Starts or stops (and writes to `file`) a CPU profile of the worker's main thread. */
  | { kind: 'profile'; id: number; file?: string }
  | { kind: 'shutdown'; id: number };

/** The worker process's own measure of itself at one moment. */
export interface WorkerSnapshot {
  /** process.cpuUsage(): every thread of the process (the SDK's core, the workflow threads, the event loop). */
  cpuUserMicros: number;
  cpuSystemMicros: number;
  rssBytes: number;
  /** Activations and activities the worker is working on right now. */
  inFlightActivations: number;
  inFlightActivities: number;
  cachedWorkflows: number;
  /** Provider calls (channel connector send) completed since the process started, in ms, by channel. */
  providerMs: Record<string, number[]>;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  | { kind: 'done'; id: number; snapshot?: WorkerSnapshot; error?: string };

/**
 * Forks a TypeScript file of this folder as a Node process of its own (tsx as the loader), with an IPC
 * channel: the load generator and the worker never share the bench's event loop or each other's CPU.
 */
export function forkBenchProcess(file: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return fork(join(__dirname, file), args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
