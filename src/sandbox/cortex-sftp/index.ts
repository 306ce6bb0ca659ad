// ReSci Cortex flat-file feed endpoint: a real SFTP server (ssh2) that imports what lands in /uploads.
export { startCortexSftpSimulator, type CortexSftpSimulator, type CortexUser } from './server';
export type { ImportResult } from './import';
