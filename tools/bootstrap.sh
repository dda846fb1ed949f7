#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, Node.js and Java: the npm tools under tools/. Idempotent and
# quick when everything is already there. NuGet packages restore with the build.
set -euo pipefail
cd "$(dirname "$0")"

for tool in */package.json; do
  dir=$(dirname "$tool")
  # npm ci only when the lock file changed since the last install.
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "bootstrap: installing tools/$dir" >&2
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
done
