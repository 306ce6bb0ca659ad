import { Client, type SFTPWrapper } from 'ssh2';
import type { ConnectionOf } from '../../../domain/connections';
import { EspError } from '../errors';

export interface SftpCredentials { password?: string; privateKey?: string }

/** Auth failures are permanent (wrong credentials); refused or dropped connections are transient. */
function classify(what: string, err: Error & { level?: string; code?: string }): EspError {
  const auth = err.level === 'client-authentication';
  return new EspError(`Cortex SFTP ${what}: ${err.message}`, !auth);
}

/** One SFTP session against a Cortex instance's feed endpoint (`ssh2`, the de-facto Node SSH library). */
export async function withSftp<T>(connection: ConnectionOf<'cortex'>, secrets: SftpCredentials, fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  const client = new Client();
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve()).once('error', (err) => reject(classify(`connect ${connection.sftpHost}:${connection.sftpPort}`, err)));
      client.connect({
        host: connection.sftpHost, port: connection.sftpPort, username: connection.username, readyTimeout: 20_000,
        ...(secrets.password ? { password: secrets.password } : {}), ...(secrets.privateKey ? { privateKey: secrets.privateKey } : {}),
      });
    });
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(classify('open session', err)) : resolve(s))));
    return await fn(sftp);
  } finally {
    client.end();
  }
}

const call = <T>(what: string, run: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((err, value) => (err ? reject(new EspError(`Cortex SFTP ${what}: ${err.message}`, true)) : resolve(value as T))));

/**
 * Writes a feed file atomically: to a temporary name first, then renamed, so the importer never picks up a
 * half-written file; an existing file of the same name (a re-run of the same day) is replaced.
 */
export async function uploadFile(sftp: SFTPWrapper, path: string, content: string): Promise<void> {
  const temporary = `${path}.part`;
  await call<void>(`write ${temporary}`, (cb) => sftp.writeFile(temporary, content, cb));
  await new Promise<void>((resolve) => sftp.unlink(path, () => resolve()));
  await call<void>(`rename ${temporary}`, (cb) => sftp.rename(temporary, path, cb));
}

export async function exists(sftp: SFTPWrapper, path: string): Promise<boolean> {
  return new Promise((resolve) => sftp.stat(path, (err) => resolve(!err)));
}
