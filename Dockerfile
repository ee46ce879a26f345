# syntax=docker/dockerfile:1
#
# background-task-api: InvenTree's background-task API over django-q's tables.
#   docker build -t background-task-api .
#   docker run --rm -p 8000:8000 -e DATABASE_URL=postgres://… -e SECRET_KEY=… background-task-api
# See docs/operations.md. Without DATABASE_URL the image serves an embedded
# database kept in the /data volume.

ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---- build: compile TypeScript with the full (dev) dependency set ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY openapi ./openapi
COPY generated ./generated
COPY src ./src
RUN npm run build && chmod 0755 dist/src/cli.js

# ---- deps: production dependencies only ------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime: slim, non-root, tini as PID 1 so SIGTERM reaches node ---------
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY openapi ./openapi
# The dashboard's scripts and styles, served as they are (no build step).
COPY src/ui/assets ./src/ui/assets
RUN ln -s /app/dist/src/cli.js /usr/local/bin/bgtasks \
 && mkdir -p /data \
 && chown 1000:1000 /data
# The base image's `node` user, by number so runAsNonRoot can verify it.
USER 1000:1000
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "bgtasks"]
CMD ["serve"]
