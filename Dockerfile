# One image for every Adafolio process: `api` (default), `worker [--jobs N]`, `migrate`, `sim …`, or any
# other `adafolio` command, chosen by the container's command. See docs/deploy.md and deploy/.
#
#   docker build -t adafolio .
#   docker run --rm -e DATABASE_URL=… adafolio migrate
#
# The CLI is TypeScript run through tsx (a runtime dependency), so there is no server build step: the
# build stage only generates the Prisma client and builds the dashboard (Vite, a dev dependency).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: Prisma's would try to download native engines this project does not use (it runs
# the WebAssembly query compiler and schema engine); the client is generated explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run generate \
  && npm run web:build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# The image's unprivileged `node` user (uid 1000).
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/adafolio.js"]
CMD ["api"]
