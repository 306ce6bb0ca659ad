import { ConnectionRegistry } from '../../src/config/secrets';
import { writeFeed } from '../../src/connectors/esp/cortex/feed';
import type { EspAccount } from '../../src/domain/esp/handoff';
import { type CortexSftpSimulator, startCortexSftpSimulator } from '../../src/sandbox/cortex-sftp';
import { importFile } from '../../src/sandbox/cortex-sftp/import';
import { sampleStore } from '../support/canonical-fixtures';
import { MemoryPlatform } from '../support/memory-platform';
import { context } from './klaviyo-fixture';

/**
 * ReSci's users import as its help centre documents it ("How to Format Users Data for Manual FTP Import"):
 * the accepted headers are record_id, email (required), account_created_on (required, YYYY-MM-DD),
 * date_unsubscribed (YYYY-MM-DD, "any date will unsubscribe the user"), full_name, address1, address2,
 * city, state, zip, country, phone, birthday, gender, registration_source (issue 11, item 11).
 */
describe('ReSci users file as documented', () => {
  it('the importer refuses first/last name columns, a missing account_created_on, and dates that are not YYYY-MM-DD', () => {
    const named = importFile('/uploads/users_2026-12-01.tsv', 'record_id\temail\tfirst_name\tlast_name\taccount_created_on\n"u1"\t"a@example.com"\t"Ana"\t"Paz"\t"2026-01-01"\n');
    expect(named).toMatchObject({ accepted: false, error: 'unknown header(s): first_name, last_name' });
    const undated = importFile('/uploads/users_2026-12-01.tsv', 'record_id\temail\tfull_name\n"u1"\t"a@example.com"\t"Ana Paz"\n');
    expect(undated).toMatchObject({ accepted: false, error: 'missing required header(s): account_created_on' });
    const rows = importFile('/uploads/users_2026-12-01.tsv', [
      'record_id\temail\taccount_created_on\tdate_unsubscribed\tfull_name',
      '"u1"\t"a@example.com"\t"2026-01-01"\t\t"Ana Paz"',
      '"u2"\t"b@example.com"\t"2026-01-01 10:00:00"\t\t"Bea"',
      '"u3"\t"c@example.com"\t"2026-01-01"\t"2026-02-30"\t"Cy"',
      '"u4"\t"d@example.com"\t\t\t"Di"',
      '\t"e@example.com"\t"2026-01-02"\t"2026-03-01"\t',
    ].join('\n'));
    expect(rows.accepted).toBe(true);
    expect(rows.invalidRows).toEqual([
      { line: 3, reason: 'account_created_on is not a date (YYYY-MM-DD)' },
      { line: 4, reason: 'date_unsubscribed is not a date (YYYY-MM-DD)' },
      { line: 5, reason: 'account_created_on is required' },
    ]);
    // record_id is not required by the page: a row without one is a user all the same.
    expect(rows.rows.map((r) => r.email)).toEqual(['a@example.com', 'e@example.com']);
  });

  describe('the feed', () => {
    let sftp: CortexSftpSimulator;
    beforeEach(async () => { sftp = await startCortexSftpSimulator(); });
    afterEach(() => sftp.close());

    it('sends full_name and YYYY-MM-DD dates, and a shopper who unsubscribed arrives unsubscribed (guest orders with the same email too)', async () => {
      const store = new MemoryPlatform('shopify');
      const data = sampleStore();
      for (const c of data.customers) store.data.customers.set(c.sourceId, c);
      for (const o of data.orders) store.data.orders.set(o.sourceId, o);
      // A customer who unsubscribed on a platform that kept no date: still unsubscribed (its last change's day).
      const u5 = data.customers[4]!;
      store.data.customers.set('u5', { ...u5, createdAt: '2024-03-04T23:30:00-03:00', updatedAt: '2025-07-09T10:00:00Z', emailMarketing: { state: 'unsubscribed', changedAt: null } });
      const connections = new ConnectionRegistry({ 'cortex-new': { kind: 'cortex', sftpHost: sftp.host, sftpPort: sftp.port, username: sftp.username, password: sftp.password, csmEmail: 'csm@retentionscience.com' } });
      const account: EspAccount = { provider: 'cortex', connection: 'cortex-new', options: {} };
      const services = { platform: () => store, resolve: connections.resolve.bind(connections) as never, sendEmail: null, heartbeat: () => undefined };

      const outcome = await writeFeed({ account, context: context('prepare'), services }, 'cortex-new', '2026-12-01', null);
      expect(outcome.rejected).toEqual([]);
      const users = sftp.imports.find((i) => i.type === 'users');
      expect(users).toMatchObject({ accepted: true, error: null, invalidRows: [] });
      expect(users?.headers).toEqual(['record_id', 'email', 'account_created_on', 'date_unsubscribed', 'full_name', 'address1', 'address2', 'city', 'state', 'zip', 'country', 'phone']);
      expect(users?.rows.find((r) => r.record_id === 'u1')).toMatchObject({ full_name: 'Zoë Last1', date_unsubscribed: null });
      // Created 2024-03-04 23:30 at UTC-3 is 2024-03-05 in UTC.
      expect(users?.rows.find((r) => r.record_id === 'u5')).toMatchObject({ account_created_on: '2024-03-05', date_unsubscribed: '2025-07-09' });

      // The instance's view: who unsubscribed on the old store stays unsubscribed on the new instance.
      expect(sftp.users.get('shopper1@example.com')?.unsubscribedOn).toBeNull();
      expect(sftp.users.get('shopper2@example.com')?.unsubscribedOn).toBe('2025-06-01');
      expect(sftp.users.get('shopper4@example.com')?.unsubscribedOn).toBe('2025-06-01');
      expect(sftp.users.get('shopper5@example.com')?.unsubscribedOn).toBe('2025-07-09');
      // o7 was placed as a guest with shopper2's email: its guest user carries the unsubscribe.
      expect(users?.rows.find((r) => r.record_id === 'guest-o7')).toMatchObject({ email: 'shopper2@example.com', date_unsubscribed: '2025-06-01', account_created_on: '2026-10-01' });
    });
  });
});
