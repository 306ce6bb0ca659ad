# syntax=docker/dockerfile:1
# The Cutover worker and ingress image (docker-compose.yml). Three stages: `build` compiles TypeScript to
# dist/ and prebuilds the workflow bundle with every dependency; `deps` installs the production dependencies
# alone; the final image has those two, runs as the unprivileged `node` user and starts without tsc or webpack.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/build.ts ./scripts/build.ts
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CUTOVER_DATA_DIR=/data \
    CUTOVER_SDK_METRICS_ADDRESS=0.0.0.0:9464
WORKDIR /app
# /data is the named volume's mount point: owned by node here, so a fresh volume is writable by it.
RUN mkdir -p /data /config && chown node:node /data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY deploy/docker-entrypoint.sh /usr/local/bin/cutover-entrypoint
USER node
EXPOSE 8080 9464
# The worker's SDK metrics endpoint answers once its Temporal runtime is up; the ingress's service in
# docker-compose.yml checks /healthz instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["cutover-entrypoint"]
CMD ["node", "dist/worker.js"]
