import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Config } from '../domain/config';

export type OidcSettings = NonNullable<Config['codec']['oidc']>;

/** What a codec call does with the namespace's data: decoding reads it, encoding writes new inputs into it. */
export type CodecAccess = 'decode' | 'encode';

/** Temporal's roles (the default authorizer's): which of them may decode, which may also encode. */
const rolesFor: Record<CodecAccess, readonly string[]> = {
  decode: ['read', 'write', 'worker', 'admin'],
  encode: ['write', 'admin'],
};

/** Only asymmetric algorithms: the issuer signs, we hold its public keys (no HMAC secret shared with anyone). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export class AccessTokenRefused extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
    this.name = 'AccessTokenRefused';
  }
}

export interface AccessTokenVerifier {
  /** The token's claims when it is valid and grants `access` on `namespace`; else AccessTokenRefused. */
  verify(token: string, namespace: string, access: CodecAccess): Promise<JWTPayload>;
}

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/**
 * Verifies the access token the Temporal UI forwards (its "pass access token" setting): signed by one of the
 * issuer's published keys (JWKS, fetched and refreshed by jose), issued by the configured issuer for the
 * configured audience, unexpired, and carrying a Temporal permission for the namespace in the permissions claim.
 */
export function oidcAccessTokenVerifier(settings: OidcSettings): AccessTokenVerifier {
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keys = (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    keySet ??= (async () => {
      if (settings.jwksUri) return createRemoteJWKSet(new URL(settings.jwksUri));
      const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`OIDC discovery at ${url} answered ${res.status}`);
      const discovery = discoverySchema.parse(await res.json());
      // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for.
      if (discovery.issuer !== settings.issuer) throw new Error(`OIDC discovery at ${url} names issuer ${discovery.issuer}, not ${settings.issuer}`);
      return createRemoteJWKSet(new URL(discovery.jwks_uri));
    })();
    // A failed discovery is tried again by the next request, not remembered.
    keySet.catch(() => { keySet = undefined; });
    return keySet;
  };

  return {
    async verify(token, namespace, access) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keys(), { issuer: settings.issuer, audience: settings.audience, algorithms: ALGORITHMS }));
      } catch (err) {
        if (err instanceof errors.JOSEError) throw new AccessTokenRefused(401, `the access token was refused: ${err.message}`);
        throw err;
      }
      const claim = payload[settings.permissionsClaim];
      const permissions = Array.isArray(claim) ? claim.filter((p): p is string => typeof p === 'string') : [];
      const granted = permissions.some((p) => {
        const at = p.lastIndexOf(':');
        const [ns, role] = [p.slice(0, at), p.slice(at + 1)];
        // A system admin (Temporal's `temporal-system:admin`) may act on every namespace.
        return (ns === namespace && rolesFor[access].includes(role)) || (ns === 'temporal-system' && role === 'admin');
      });
      if (!granted) {
        throw new AccessTokenRefused(403, `the access token grants no ${rolesFor[access].join('/')} permission on namespace "${namespace}" (claim "${settings.permissionsClaim}")`);
      }
      return payload;
    },
  };
}
