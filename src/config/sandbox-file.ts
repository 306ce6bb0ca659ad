import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a running `npm run dev` sandbox tells the other processes on the machine (the cutover client's
 * `connections list`, the demo migration): its connections by name, kind and address, and its pages. The
 * connections themselves live in the dev process only; this file carries no secret.
 */
export interface SandboxFile {
  pid: number;
  startedAt: string;
  pagesUrl: string;
  connections: Record<string, { kind: string; what: string; url: string }>;
}

export function sandboxFilePath(dataDir: string): string {
  return join(dataDir, 'sandbox', 'sandbox.json');
}

export function writeSandboxFile(dataDir: string, file: SandboxFile): void {
  writeFileSync(sandboxFilePath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
}

/** The running sandbox's file, or null when none runs (no file, or the process that wrote it is gone). */
export function readSandboxFile(dataDir: string): SandboxFile | null {
  const path = sandboxFilePath(dataDir);
  if (!existsSync(path)) return null;
  const file = JSON.parse(readFileSync(path, 'utf8')) as SandboxFile;
  try {
    process.kill(file.pid, 0);
    return file;
  } catch {
    return null;
  }
}
