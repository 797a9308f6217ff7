# syntax=docker/dockerfile:1
# The Jules server image: `docker build -t jules .`, then see compose.yaml or
# the README ("Deploying"). The build steps live in
# scripts/build-image-contents.sh, which CI also runs outside Docker.

ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION=12.18.0
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
WORKDIR /src
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/adapters-billing/package.json packages/adapters-billing/
COPY packages/adapters-escalation/package.json packages/adapters-escalation/
COPY packages/adapters-identity/package.json packages/adapters-identity/
COPY packages/adapters-llm/package.json packages/adapters-llm/
COPY packages/adapters-postgres/package.json packages/adapters-postgres/
COPY packages/adapters-sms/package.json packages/adapters-sms/
COPY packages/core/package.json packages/core/
COPY packages/server/package.json packages/server/
COPY packages/testkit/package.json packages/testkit/
RUN pnpm install --frozen-lockfile
COPY . .
RUN scripts/build-image-contents.sh /app

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    JULES_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# Only used with the embedded database (JULES_EMBEDDED_DATABASE=on): mount a volume here.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Readiness: 200 once the database answers, 503 while it does not or while shutting down.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains turns in flight (JULES_SHUTDOWN_TIMEOUT_MS, default 15 s) before exiting 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
