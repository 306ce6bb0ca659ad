import { z } from 'zod';
import { connectionNameSchema } from './connections';

export const checkConnectionsInputSchema = z.object({
  connections: z.array(connectionNameSchema).min(1, 'name at least one connection'),
}).strict();
export type CheckConnectionsInput = z.infer<typeof checkConnectionsInputSchema>;

export interface ConnectionCheck {
  name: string;
  kind: string;
  ok: boolean;
  /** A short hash of the resolved secrets: shows which credential was used without showing it. */
  fingerprint?: string;
  detail: string;
}
