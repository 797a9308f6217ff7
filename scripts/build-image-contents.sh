#!/usr/bin/env bash
# Builds what the Jules image runs into one directory: the compiled JavaScript
# of the server and the packages it uses, and the server's production
# dependencies only (`pnpm deploy --prod`), no sources, no dev tools.
#
#   scripts/build-image-contents.sh <directory>
#   NODE_ENV=production DATABASE_URL=… node <directory>/dist/main.js
#
# The Dockerfile runs this script (after `pnpm install --frozen-lockfile`);
# CI runs it too, outside Docker, and starts the result on PostgreSQL
# (packages/server/test/DeployPackage.test.ts), so the recipe is tested where
# no Docker daemon runs. Needs the workspace installed (`pnpm install`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: scripts/build-image-contents.sh <output directory>" >&2
  exit 2
fi
out="$1"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  # pnpm deploy wants an empty directory; only a previous package is replaced.
  if [ ! -f "$out/dist/main.js" ]; then
    echo "build-image-contents: $out is not empty and holds no previous package; choose an empty directory" >&2
    exit 2
  fi
  rm -rf "$out"
fi

# Compiled JavaScript of every package (`pnpm build`: each package's `exports`
# point plain `node`, without the `@jules/source` condition, at `dist/`).
pnpm build

# The server with its `files` (dist/) and production dependencies, workspace
# packages copied in as they would be published.
pnpm --filter @jules/server deploy --prod "$out"

test -f "$out/dist/main.js"
echo "build-image-contents: $out ready; start it with: node $out/dist/main.js"
