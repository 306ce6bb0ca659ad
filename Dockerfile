# The Cutover worker and ingress image used by docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NODE_ENV=production
CMD ["node_modules/.bin/tsx", "src/worker.ts"]
