import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import type { CodecKey } from '../../src/domain/config';
import { testCodecKeys } from '../support/temporal';

/**
 * The key the committed histories are encrypted with: a fixed one, since each test process draws its own
 * testCodecKeys. Its payloads are test data, and no secret of any deployment.
 */
export const REPLAY_CODEC_KEYS: CodecKey[] = [{ id: 'replay-fixture', key: Buffer.alloc(32, 7).toString('base64') }];
export const HISTORIES_DIR = join(__dirname, 'histories');

type Payload = temporal.api.common.v1.IPayload;

function collectPayloads(node: unknown, out: Payload[]): void {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if (Array.isArray(node)) return node.forEach((n) => collectPayloads(n, out));
  const record = node as Record<string, unknown>;
  if ('metadata' in record && 'data' in record && ArrayBuffer.isView(record.data)) {
    out.push(record as Payload);
    return;
  }
  for (const value of Object.values(record)) collectPayloads(value, out);
}

const ENCRYPTED = 'binary/encrypted';

/**
 * Saves the workflow's id and history as test/replay/histories/<workflow type>--<label>.json for the replay test, when
 * CUTOVER_RECORD_HISTORIES is set (`npm run record:histories`); otherwise does nothing. The payloads the test
 * encrypted with its own key are encrypted again with REPLAY_CODEC_KEYS.
 */
export async function recordHistory(handle: WorkflowHandle, label: string): Promise<void> {
  if (!process.env.CUTOVER_RECORD_HISTORIES) return;
  const history = temporal.api.history.v1.History.fromObject(await handle.fetchHistory());
  const payloads: Payload[] = [];
  collectPayloads(history, payloads);
  const encrypted = payloads.filter((p) => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() === ENCRYPTED);
  const plain = await new AesGcmPayloadCodec(testCodecKeys).decode(encrypted.map((p) => ({ metadata: p.metadata ?? {}, data: p.data ?? new Uint8Array() })));
  const sealed = await new AesGcmPayloadCodec(REPLAY_CODEC_KEYS).encode(plain);
  encrypted.forEach((p, i) => Object.assign(p, sealed[i]));
  const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
  if (!type) throw new Error(`${handle.workflowId}: the history has no start event`);
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // The workflow id replays with it: a workflow's child ids (a re-platform's migration, its ESP children) derive from it.
  writeFileSync(join(HISTORIES_DIR, `${type}--${label}.json`), `${JSON.stringify({ workflowId: handle.workflowId, ...history.toJSON() }, null, 1)}\n`);
}
