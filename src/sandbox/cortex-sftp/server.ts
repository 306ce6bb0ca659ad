import { type AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { type Connection, Server, type SFTPWrapper, utils } from 'ssh2';
import { importFile, type ImportResult } from './import';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;

/**
 * A real SFTP server (ssh2) standing in for a Cortex instance's feed endpoint: password login, an in-memory
 * /uploads folder, and on every completed upload the import ReSci would run, recorded for inspection.
 * Supports what an uploader needs: OPEN/WRITE/CLOSE, STAT/LSTAT, REALPATH, RENAME, REMOVE, MKDIR.
 */
/**
 * An ed25519 host key ssh2 can read back: about 1 in 256 of the pairs its generator makes has a public key it
 * then refuses as malformed (it strips a leading zero byte, mscdex/ssh2#1513), which failed a server start now
 * and then. Such a pair is drawn again.
 */
function hostKey(): string {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair.private;
  }
}

export interface CortexSftpSimulator {
  host: string;
  port: number;
  username: string;
  password: string;
  files: Map<string, Buffer>;
  /** Every import the instance ran, in order (a re-upload of the same name runs again). */
  imports: ImportResult[];
  /** The instance's users after the imports, by email (lower case): who ReSci may mail. */
  users: Map<string, CortexUser>;
  close(): Promise<void>;
}

/**
 * A user as the instance holds it. "Any date will unsubscribe the user": a date in `date_unsubscribed`
 * unsubscribes; a later row without one leaves the user as they were (the page does not say a blank
 * resubscribes, so the simulator takes the reading that never mails someone who opted out).
 */
export interface CortexUser { recordId: string | null; email: string; fullName: string | null; accountCreatedOn: string; unsubscribedOn: string | null }

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function attrs(size: number, directory: boolean) {
  const now = Math.floor(Date.now() / 1000);
  return { mode: directory ? 0o040755 : 0o100644, uid: 0, gid: 0, size, atime: now, mtime: now };
}

export function startCortexSftpSimulator(options: { username?: string; password?: string } = {}): Promise<CortexSftpSimulator> {
  const username = options.username ?? 'cortex';
  const password = options.password ?? 'cortex-sandbox';
  const files = new Map<string, Buffer>();
  const directories = new Set(['/', '/uploads']);
  const imports: ImportResult[] = [];
  const users = new Map<string, CortexUser>();
  const clients = new Set<Connection>();

  const runImport = (path: string, content: Buffer): void => {
    const result = importFile(path, content.toString('utf8'));
    imports.push(result);
    if (!result.accepted || result.type !== 'users') return;
    for (const row of result.rows) {
      const email = String(row.email).toLowerCase();
      const before = users.get(email);
      users.set(email, {
        recordId: row.record_id ?? before?.recordId ?? null, email, fullName: row.full_name ?? before?.fullName ?? null,
        accountCreatedOn: String(row.account_created_on), unsubscribedOn: row.date_unsubscribed ?? before?.unsubscribedOn ?? null,
      });
    }
  };

  const serve = (sftp: SFTPWrapper): void => {
    const open = new Map<number, { path: string; chunks: { offset: number; data: Buffer }[]; writing: boolean }>();
    let nextHandle = 0;
    const handleOf = (handle: Buffer) => (handle.length === 4 ? open.get(handle.readUInt32BE(0)) : undefined);
    const normal = (path: string) => (`/${path}`).replace(/\/+/g, '/').replace(/\/$/, '') || '/';
    sftp.on('REALPATH', (id, path) => { const p = normal(path === '.' ? '/' : path); sftp.name(id, [{ filename: p, longname: p, attrs: attrs(0, true) }]); });
    const stat = (id: number, path: string) => {
      const p = normal(path);
      if (directories.has(p)) return sftp.attrs(id, attrs(0, true));
      const file = files.get(p);
      return file ? sftp.attrs(id, attrs(file.length, false)) : sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    };
    sftp.on('STAT', stat).on('LSTAT', stat);
    sftp.on('MKDIR', (id, path) => { directories.add(normal(path)); sftp.status(id, STATUS_CODE.OK); });
    sftp.on('OPEN', (id, filename, flags) => {
      const path = normal(filename);
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      if (!directories.has(dir)) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
      const writing = (flags & OPEN_MODE.WRITE) !== 0;
      if (!writing && !files.has(path)) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(nextHandle, 0);
      open.set(nextHandle, { path, chunks: [], writing });
      nextHandle += 1;
      return sftp.handle(id, handle);
    });
    sftp.on('WRITE', (id, handle, offset, data) => {
      const file = handleOf(handle);
      if (!file?.writing) return sftp.status(id, STATUS_CODE.FAILURE);
      file.chunks.push({ offset, data: Buffer.from(data) });
      return sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on('CLOSE', (id, handle) => {
      const file = handleOf(handle);
      if (!file) return sftp.status(id, STATUS_CODE.FAILURE);
      open.delete(handle.readUInt32BE(0));
      if (file.writing) {
        const size = file.chunks.reduce((n, c) => Math.max(n, c.offset + c.data.length), 0);
        const content = Buffer.alloc(size);
        for (const c of file.chunks) c.data.copy(content, c.offset);
        files.set(file.path, content);
        // ReSci picks up finished files; a temporary name is not a feed file until renamed.
        if (file.path.endsWith('.tsv')) runImport(file.path, content);
      }
      return sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on('RENAME', (id, from, to) => {
      const source = files.get(normal(from));
      if (!source) return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
      files.delete(normal(from));
      files.set(normal(to), source);
      if (normal(to).endsWith('.tsv')) runImport(normal(to), source);
      return sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on('REMOVE', (id, path) => sftp.status(id, files.delete(normal(path)) ? STATUS_CODE.OK : STATUS_CODE.NO_SUCH_FILE));
  };

  const server = new Server({ hostKeys: [hostKey()] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && same(ctx.username, username) && same(ctx.password, password)) return ctx.accept();
      return ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => serve(acceptSftp()));
      });
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        host: '127.0.0.1', port, username, password, files, imports, users,
        close: () => new Promise((done) => { for (const c of clients) c.end(); server.close(() => done()); }),
      });
    });
  });
}
