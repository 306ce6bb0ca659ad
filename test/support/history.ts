import type { PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The history exactly as the server stores it: what an operator without the codec key could read. */
export function rawHistoryBytes(history: History): Buffer {
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

function collectPayloads(node: unknown, out: temporal.api.common.v1.IPayload[]): void {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if (Array.isArray(node)) return node.forEach((n) => collectPayloads(n, out));
  const record = node as Record<string, unknown>;
  if ('metadata' in record && 'data' in record && ArrayBuffer.isView(record.data)) {
    out.push(record as temporal.api.common.v1.IPayload);
    return;
  }
  for (const value of Object.values(record)) collectPayloads(value, out);
}

/** The history with every payload decrypted: what an operator holding the codec key sees. */
export async function decodedHistoryBytes(history: History, codec: PayloadCodec): Promise<Buffer> {
  const payloads: temporal.api.common.v1.IPayload[] = [];
  collectPayloads(history, payloads);
  const decoded = await codec.decode(payloads.map((p) => ({ metadata: p.metadata ?? {}, data: p.data ?? new Uint8Array() })));
  return Buffer.concat([rawHistoryBytes(history), ...decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()))]);
}
