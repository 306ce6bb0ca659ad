import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from './database';

/** `cc_<16 hex id>_<43 base64url secret>`: the id finds the row, the secret proves the holder. */
const TOKEN_FORMAT = /^cc_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export interface ConsoleTokenInfo {
  id: string;
  store: string;
  createdAt: string;
}

/**
 * Merchant console tokens, each good for one store's console and its part of the operator API. The secret
 * has 256 bits of randomness, so one SHA-256 is enough to keep it out of the database (no password stretching
 * needed); the comparison is constant-time.
 */
export class ConsoleTokenRepository {
  constructor(private readonly db: Store) {}

  /** A new token for the store: returned once, stored only as a hash. */
  async create(store: string): Promise<ConsoleTokenInfo & { token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const row = await this.db.insertInto('console_tokens')
      .values({ id, store, secret_sha256: sha256(secret).toString('hex') })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return { id, store, createdAt: new Date(row.created_at).toISOString(), token: `cc_${id}_${secret}` };
  }

  /** The token's store, or undefined for anything that is not a live console token. */
  async verify(token: string): Promise<ConsoleTokenInfo | undefined> {
    const match = TOKEN_FORMAT.exec(token);
    if (!match) return undefined;
    const row = await this.db.selectFrom('console_tokens').selectAll().where('id', '=', match[1] as string).executeTakeFirst();
    if (!row) return undefined;
    const expected = Buffer.from(row.secret_sha256, 'hex');
    const given = sha256(match[2] as string);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { id: row.id, store: row.store, createdAt: new Date(row.created_at).toISOString() };
  }

  async list(store: string): Promise<ConsoleTokenInfo[]> {
    const rows = await this.db.selectFrom('console_tokens').select(['id', 'store', 'created_at']).where('store', '=', store).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, store: r.store, createdAt: new Date(r.created_at).toISOString() }));
  }

  /** Revokes one token of the store, or all of them; returns the ids revoked. */
  async revoke(store: string, id?: string): Promise<string[]> {
    let query = this.db.deleteFrom('console_tokens').where('store', '=', store);
    if (id !== undefined) query = query.where('id', '=', id);
    return (await query.returning('id').execute()).map((r) => r.id);
  }
}
