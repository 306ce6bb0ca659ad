import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { type BigCommerceSimulator, SpecMissingError, specDirectory, startBigCommerceSimulator } from '../../../src/sandbox/bigcommerce';
import { BigCommerceSpec, DERIVED_FILE } from '../../../src/sandbox/bigcommerce/spec';

/**
 * The simulator's truth is BigCommerce's: request bodies taken from the OpenAPI files' own examples are
 * accepted, and the same bodies bent against the files (an unknown field, a missing required one, a wrong
 * type, a limit past the maximum) are refused as BigCommerce refuses them.
 */
type Json = Record<string, unknown>;
function example(file: string, path: string, method: string, name: string): Json | Json[] {
  const doc = YAML.parse(readFileSync(join(specDirectory(), file), 'utf8')) as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { examples: Record<string, { value: Json }> }> } }>> };
  const value = doc.paths[path]?.[method]?.requestBody.content['application/json']?.examples[name]?.value;
  if (!value) throw new Error(`no example "${name}" for ${method} ${path} in ${file}`);
  return value;
}

/**
 * Tests that read BigCommerce's files themselves (their examples, the derivation) run where the files are, beside
 * the repository as in development; a clone without them still runs the simulator on the committed derived facts.
 */
const withFiles = existsSync(join(specDirectory(), 'customers.v3.yml')) ? it : it.skip;

describe('BigCommerce simulator, strict as the API', () => {
  let sim: BigCommerceSimulator;
  beforeAll(async () => {
    sim = await startBigCommerceSimulator({ rateLimit: { quota: 1000, windowMs: 30_000 } });
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${sim.url}/stores/${sim.storeHash}${path}`, {
      method,
      headers: { 'X-Auth-Token': sim.accessToken, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  withFiles('takes the files\' own examples: a customer (POST /v3/customers) and a custom-product order (POST /v2/orders)', async () => {
    const customers = example('customers.v3.yml', '/customers', 'post', 'example-1');
    const created = await call('POST', '/v3/customers', customers);
    expect(created.status).toBe(200);
    expect((created.body as { data: Json[] }).data[0]).toMatchObject({ email: 'jane.smith@example.com', accepts_product_review_abandoned_cart_emails: true });
    const order = await call('POST', '/v2/orders', example('orders.v2.oas2.yml', '/orders', 'post', 'Custom Product'));
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ status_id: 0, status: 'Incomplete', total_inc_tax: '50.0000' });
  });

  withFiles('refuses a customer with another platform\'s consent field, without a name, or eleven in one call', async () => {
    const [base] = example('customers.v3.yml', '/customers', 'post', 'example-1') as Json[];
    const foreign = await call('POST', '/v3/customers', [{ ...base, email: 'a@example.com', accepts_marketing: true }]);
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ status: 422, title: expect.any(String), type: expect.stringContaining('bigcommerce.com'), errors: { '0.accepts_marketing': expect.any(String) } });
    const { first_name: _first, ...nameless } = base as Json;
    expect((await call('POST', '/v3/customers', [{ ...nameless, email: 'b@example.com' }])).body).toMatchObject({ errors: { '0.first_name': expect.stringContaining('required') } });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ email: `c${i}@example.com`, first_name: 'C', last_name: 'D' }));
    expect((await call('POST', '/v3/customers', eleven)).status).toBe(413);
    const taken = await call('POST', '/v3/customers', [{ email: 'JANE.SMITH@example.com', first_name: 'J', last_name: 'S' }]);
    expect(taken).toMatchObject({ status: 422, body: { errors: { '0.email': expect.stringContaining('already in use') } } });
  });

  withFiles('refuses the files\' fee example, which contradicts the files (cost_exc_tax, and no billing_address or products)', async () => {
    const fees = example('orders.v2.oas2.yml', '/orders', 'post', 'Create an order with fees (include the fees object as shown with rest of the payload)');
    const refused = await call('POST', '/v2/orders', fees);
    expect(refused.status).toBe(400);
    // v2 answers a list of {status, message}.
    expect(refused.body).toEqual(expect.arrayContaining([expect.objectContaining({ status: 400, message: expect.stringContaining('cost_exc_tax') })]));
    const noBilling = await call('POST', '/v2/orders', { products: [{ name: 'Mug', quantity: 1, price_inc_tax: 1, price_ex_tax: 1 }] });
    expect(noBilling).toMatchObject({ status: 400, body: [expect.objectContaining({ message: expect.stringContaining('billing_address') })] });
  });

  it('checks products against the catalog files: required fields, types, unknown fields, unique names', async () => {
    const missing = await call('POST', '/v3/catalog/products', { name: 'Mug', type: 'physical', price: 10 });
    expect(missing).toMatchObject({ status: 422, body: { errors: { weight: expect.stringContaining('required') } } });
    const wrongType = await call('POST', '/v3/catalog/products', { name: 'Mug', type: 'physical', weight: 1, price: '10.00' });
    expect(wrongType).toMatchObject({ status: 422, body: { errors: { price: expect.any(String) } } });
    const unknown = await call('POST', '/v3/catalog/products', { name: 'Mug', type: 'physical', weight: 1, price: 10, handle: 'mug' });
    expect(unknown).toMatchObject({ status: 422, body: { errors: { handle: expect.any(String) } } });
    const variants = [{ sku: 'M-1', option_values: [{ option_display_name: 'Color', label: 'Red' }] }, { sku: 'M-2', option_values: [{ option_display_name: 'Color', label: 'Blue' }] }];
    expect((await call('POST', '/v3/catalog/products', { name: 'Mug', type: 'physical', weight: 1, price: 10, variants })).status).toBe(200);
    expect((await call('POST', '/v3/catalog/products', { name: 'Mug', type: 'physical', weight: 1, price: 12 })).status).toBe(409);
    const category = await call('POST', '/v3/catalog/trees/categories', [{ name: 'Mugs' }]);
    expect(category).toMatchObject({ status: 422, body: { errors: { '0.tree_id': expect.any(String), '0.parent_id': expect.any(String) } } });
  });

  it('checks query parameters: limit at most 250, names the endpoint declares, v2 empty pages as 204', async () => {
    expect(await call('GET', '/v3/catalog/products?limit=251')).toMatchObject({ status: 422, body: { errors: { limit: expect.any(String) } } });
    expect(await call('GET', '/v3/catalog/products?per_page=5')).toMatchObject({ status: 422, body: { errors: { per_page: expect.stringContaining('not supported') } } });
    expect((await call('GET', '/v2/orders?limit=251')).status).toBe(400);
    expect((await call('GET', '/v3/customers?sort=id:asc')).status).toBe(422);
    const page = await call('GET', '/v3/catalog/products?limit=1&page=1');
    expect(page.body).toMatchObject({ meta: { pagination: { per_page: 1, current_page: 1, total_pages: expect.any(Number), links: { current: '?page=1&limit=1' } } } });
    expect((await call('GET', '/v2/orders?page=99')).status).toBe(204);
  });

  it('answers 401 without X-Auth-Token, 415 without a JSON Content-Type, 406 when JSON is not accepted', async () => {
    const response = await fetch(`${sim.url}/stores/${sim.storeHash}/v3/catalog/products`, { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 401, title: expect.any(String) });
    expect((await call('POST', '/v3/customers', [], { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call('GET', '/v3/catalog/products', undefined, { Accept: 'text/html' })).status).toBe(406);
  });

  it('reports the quota on every answer and answers 429 once it is spent, until X-Rate-Limit-Time-Reset-Ms', async () => {
    const small = await startBigCommerceSimulator({ rateLimit: { quota: 2, windowMs: 60_000 } });
    try {
      const get = () => fetch(`${small.url}/stores/${small.storeHash}/v3/catalog/trees`, { headers: { 'X-Auth-Token': small.accessToken, Accept: 'application/json' } });
      const first = await get();
      expect(first.headers.get('x-rate-limit-requests-quota')).toBe('2');
      expect(first.headers.get('x-rate-limit-requests-left')).toBe('1');
      expect(first.headers.get('x-rate-limit-time-window-ms')).toBe('60000');
      await get();
      const throttled = await get();
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('x-rate-limit-requests-left')).toBe('0');
      expect(Number(throttled.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  withFiles('checks what the files say today: the committed derived facts are what deriving them again gives (npm run derive:bigcommerce-spec)', () => {
    expect(new BigCommerceSpec(specDirectory()).derived()).toBe(readFileSync(DERIVED_FILE, 'utf8'));
  });

  it('says where the OpenAPI files belong when they are missing', () => {
    expect(() => new BigCommerceSpec('/nonexistent/bigcommerce-specs')).toThrow(SpecMissingError);
    expect(() => new BigCommerceSpec('/nonexistent/bigcommerce-specs')).toThrow(/CUTOVER_BIGCOMMERCE_SPECS/);
  });
});
