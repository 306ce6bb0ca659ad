import type { IncomingMessage } from 'node:http';
import { WooError } from './errors';
import { OAuthVerifier } from './oauth';

export type KeyPermissions = 'read' | 'write' | 'read_write';

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  permissions: KeyPermissions;
}

const denied: Record<string, [string, string]> = {
  GET: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  POST: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  PUT: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  DELETE: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
};

function oauthHeaderParams(header: string): [string, string][] {
  return [...header.replace(/^OAuth\s+/i, '').matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')]);
}

/**
 * WooCommerce's REST authentication: HTTP Basic (or consumer_key/consumer_secret in the query) or one-legged
 * OAuth 1.0a. Without credentials the request is anonymous and the route refuses it; with wrong ones the
 * authentication error comes first.
 */
export class Authenticator {
  private readonly oauth: OAuthVerifier;

  constructor(private readonly key: ApiKey, private readonly baseUrl: string) {
    this.oauth = new OAuthVerifier(key.consumerSecret);
  }

  check(req: IncomingMessage, method: string, url: URL): void {
    const header = req.headers.authorization ?? '';
    let consumerKey: string | null = null;
    if (/^Basic /i.test(header)) {
      const [user = '', ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      this.checkSecret(user, rest.join(':'));
      consumerKey = user;
    } else if (url.searchParams.has('consumer_key')) {
      consumerKey = url.searchParams.get('consumer_key') ?? '';
      this.checkSecret(consumerKey, url.searchParams.get('consumer_secret') ?? '');
    } else if (url.searchParams.has('oauth_consumer_key') || /^OAuth /i.test(header)) {
      const params: [string, string][] = [...url.searchParams];
      if (/^OAuth /i.test(header)) params.push(...oauthHeaderParams(header));
      consumerKey = new Map(params).get('oauth_consumer_key') ?? '';
      if (consumerKey !== this.key.consumerKey) throw new WooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
      this.oauth.verify(method, this.baseUrl, url.pathname, params, Math.floor(Date.now() / 1000));
    }
    if (consumerKey === null) {
      const [code, message] = denied[method] ?? denied.GET ?? ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'];
      throw new WooError(401, code, message);
    }
    const writes = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (writes && this.key.permissions === 'read') throw new WooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.');
    if (!writes && this.key.permissions === 'write') throw new WooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have read permissions.');
  }

  private checkSecret(key: string, secret: string): void {
    if (key !== this.key.consumerKey) throw new WooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    if (secret !== this.key.consumerSecret) throw new WooError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
  }
}
