/**
 * The image's HEALTHCHECK (Dockerfile, docker-compose.yml): GETs one URL on this container and exits 0 on a
 * 2xx. The worker's is its SDK metrics endpoint (the process and its Temporal runtime are up), the
 * ingress's is /healthz (the store and Temporal answer).
 */
const url = process.argv[2] ?? process.env.CUTOVER_HEALTHCHECK_URL ?? 'http://127.0.0.1:9464/metrics';

fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
