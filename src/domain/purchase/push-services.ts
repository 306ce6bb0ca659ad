/**
 * The push services browsers subscribe through (a PushSubscription's endpoint is always on one of these):
 * Chrome, Edge on Android and others use Firebase Cloud Messaging, Firefox uses Mozilla's autopush, Safari
 * uses Apple's, Edge on Windows uses the Windows Push Notification Service. Anything else is not a browser's
 * push service: accepting it would let a caller make the worker POST wherever it likes.
 */
export const KNOWN_PUSH_SERVICES: readonly { host: string; subdomains: boolean }[] = [
  { host: 'fcm.googleapis.com', subdomains: false },
  { host: 'updates.push.services.mozilla.com', subdomains: false },
  { host: 'web.push.apple.com', subdomains: false },
  { host: 'notify.windows.com', subdomains: true },
];

/**
 * Why an endpoint is not a known push service's, or null when it is. `extraHosts` ("host:port", as in a URL)
 * extends the list only where a connection's configuration names them: the push service simulator in tests.
 */
export function pushEndpointProblem(endpoint: string, extraHosts: readonly string[] = []): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'the endpoint is not a URL';
  }
  if (url.protocol !== 'https:') return 'the endpoint is not an https URL';
  if (url.username || url.password) return 'the endpoint carries credentials';
  if (extraHosts.includes(url.host)) return null;
  if (url.port !== '') return 'the endpoint names a port: push services listen on 443';
  const host = url.hostname.toLowerCase();
  const known = KNOWN_PUSH_SERVICES.some((s) => host === s.host || (s.subdomains && host.endsWith(`.${s.host}`)));
  return known ? null : `${host} is not a browser's push service (${KNOWN_PUSH_SERVICES.map((s) => (s.subdomains ? `*.${s.host}` : s.host)).join(', ')})`;
}
