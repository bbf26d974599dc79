#!/usr/bin/env bash
# Builds the loopback Kafka broker used by tests and benchmarks
# (mock_cluster) and the test-data producer (produce).
#
#   tools/kafka-mock/build.sh            # auto: patched librdkafka 2.12 from
#                                        #   source, else the system library
#   KAFKA_MOCK_LIBRDKAFKA=source  ...    # source build or fail
#   KAFKA_MOCK_LIBRDKAFKA=system  ...    # system librdkafka (librdkafka-dev) only
#
# Outputs, under .build/kafka-mock/ (or $KAFKA_MOCK_BUILD_DIR):
#   bin/mock_cluster          the preferred broker (source flavour when built)
#   bin/mock_cluster-system   linked against the system librdkafka
#   bin/mock_cluster-source   linked against patched librdkafka 2.12 (static)
#   bin/produce               test-data producer (system librdkafka: it has
#                             gzip, snappy, lz4 and zstd)
#   bin/admin_check           librdkafka's Admin API against a bootstrap
#                             (source flavour only: patched librdkafka 2.12)
#   bin/FLAVOUR               "source" or "system": what bin/mock_cluster is
#
# The source flavour takes librdkafka from the npm tarball of node-rdkafka
# (deps/librdkafka), raises the mock's per-partition retention and applies
# librdkafka-mock.patch (ListOffsets by timestamp, multi-batch Fetch, a lost
# wake-up that delayed back-to-back fault-injection commands by up to 1 s,
# transactions: markers, last stable offset, aborted transactions, isolation
# levels; DeleteRecords: rd_kafka_mock_partition_delete_records, the broker's
# delete-records command; CreateTopics, DeleteTopics, DescribeConfigs,
# ListGroups, DescribeGroups, topic configs, Kafka's OffsetCommit checks).
# Set KAFKA_MOCK_NODE_RDKAFKA_TGZ to use an already downloaded tarball.
# Everything is cached: a re-run with unchanged inputs does nothing.
#
# Needs: gcc, make, librdkafka-dev, zlib1g-dev; npm for the source flavour;
# libzstd-dev (optional) lets the source flavour read zstd batches when it
# answers ListOffsets by timestamp.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${KAFKA_MOCK_BUILD_DIR:-$ROOT/.build/kafka-mock}"
MODE="${KAFKA_MOCK_LIBRDKAFKA:-auto}"

NODE_RDKAFKA_VERSION=3.6.1
NODE_RDKAFKA_SHA1=164357f08ff23a4722e89bfb3b2b09481c1e8cc1
# Per-partition in-memory log kept by the mock (upstream: 5 MiB / 100000
# message sets, oldest dropped beyond that).
RETENTION_BYTES="${KAFKA_MOCK_RETENTION_BYTES:-2147483648}"
RETENTION_MSGSETS="${KAFKA_MOCK_RETENTION_MSGSETS:-100000000}"
JOBS="$(nproc 2>/dev/null || echo 2)"

case "$MODE" in auto | source | system) ;; *)
  echo "KAFKA_MOCK_LIBRDKAFKA must be auto, source or system (got '$MODE')" >&2
  exit 2
  ;;
esac

log() { echo "kafka-mock build: $*" >&2; }

mkdir -p "$OUT/bin"
exec 9>"$OUT/.lock"
flock 9

CFLAGS_COMMON=(-O2 -g -Wall -Wextra)

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# Compiles $1 (source) into $2 (binary) with the remaining args, unless the
# stamp next to the binary matches $STAMP.
compile() {
  local src="$1" bin="$2" stamp="$3"
  shift 3
  if [[ -x "$bin" && -f "$bin.stamp" && "$(cat "$bin.stamp")" == "$stamp" ]]; then
    return 0
  fi
  log "compiling $(basename "$bin")"
  rm -f "$bin.stamp"
  gcc "${CFLAGS_COMMON[@]}" -o "$bin.tmp" "$src" "$@" || return 1
  mv -f "$bin.tmp" "$bin" || return 1
  echo "$stamp" >"$bin.stamp"
}

# --- fast path: system librdkafka ------------------------------------------
if [[ ! -f /usr/include/librdkafka/rdkafka_mock.h ]]; then
  log "missing /usr/include/librdkafka/rdkafka_mock.h: apt-get install librdkafka-dev"
  exit 1
fi
SYS_STAMP="$(hash_of "$HERE/mock_cluster.c" "$HERE/produce.c" "$HERE/build.sh")"
compile "$HERE/mock_cluster.c" "$OUT/bin/mock_cluster-system" "$SYS_STAMP" \
  -DKAFKA_MOCK_FLAVOUR='"system"' -lrdkafka
compile "$HERE/produce.c" "$OUT/bin/produce" "$SYS_STAMP" -lrdkafka

# --- preferred: patched librdkafka from source ------------------------------
build_source() {
  local lib_stamp dir tgz src
  lib_stamp="$(
    {
      cat "$HERE/librdkafka-mock.patch"
      echo "$NODE_RDKAFKA_VERSION $RETENTION_BYTES $RETENTION_MSGSETS v1"
      # zstd is compiled in when libzstd-dev is installed.
      ls /usr/include/zstd.h 2>/dev/null || true
    } | sha256sum | cut -c1-16
  )"
  dir="$OUT/librdkafka-$lib_stamp"
  src="$dir/package/deps/librdkafka"

  if [[ ! -f "$dir/.built" ]]; then
    tgz="$OUT/node-rdkafka-$NODE_RDKAFKA_VERSION.tgz"
    if [[ -n "${KAFKA_MOCK_NODE_RDKAFKA_TGZ:-}" ]]; then
      cp -f "$KAFKA_MOCK_NODE_RDKAFKA_TGZ" "$tgz" || return 1
    elif [[ ! -f "$tgz" ]]; then
      command -v npm >/dev/null || { log "npm not found"; return 1; }
      log "fetching node-rdkafka@$NODE_RDKAFKA_VERSION (npm pack)"
      (cd "$OUT" && npm pack "node-rdkafka@$NODE_RDKAFKA_VERSION" \
        --pack-destination "$OUT" --silent >/dev/null) || return 1
    fi
    if [[ "$(sha1sum "$tgz" | cut -d' ' -f1)" != "$NODE_RDKAFKA_SHA1" ]]; then
      log "checksum mismatch for $tgz"
      rm -f "$tgz"
      return 1
    fi

    rm -rf "$dir"
    mkdir -p "$dir"
    tar xzf "$tgz" -C "$dir" package/deps/librdkafka || return 1

    log "patching librdkafka mock (retention $RETENTION_BYTES bytes per partition)"
    sed -i \
      -e "s/mpart->max_size = 1024 \* 1024 \* 5;/mpart->max_size = (size_t)${RETENTION_BYTES}ULL;/" \
      -e "s/mpart->max_cnt  = 100000;/mpart->max_cnt  = (size_t)${RETENTION_MSGSETS}ULL;/" \
      "$src/src/rdkafka_mock.c"
    grep -q "max_size = (size_t)${RETENTION_BYTES}ULL" "$src/src/rdkafka_mock.c" &&
      grep -q "max_cnt  = (size_t)${RETENTION_MSGSETS}ULL" "$src/src/rdkafka_mock.c" || {
      log "retention constants not found in rdkafka_mock.c"
      return 1
    }
    patch -s -p1 -d "$src" <"$HERE/librdkafka-mock.patch" || return 1

    log "building librdkafka from node-rdkafka $NODE_RDKAFKA_VERSION (static, -j$JOBS)"
    local t0=$SECONDS
    (
      cd "$src"
      ./configure --no-download --disable-ssl --disable-gssapi --disable-curl \
        --disable-lz4-ext --disable-syslog >"$dir/configure.log" 2>&1
      make -C src -j"$JOBS" librdkafka.a >"$dir/make.log" 2>&1
    ) || {
      log "librdkafka build failed, see $dir/configure.log and $dir/make.log"
      return 1
    }
    mkdir -p "$dir/include/librdkafka"
    cp "$src/src/rdkafka.h" "$src/src/rdkafka_mock.h" "$dir/include/librdkafka/" || return 1
    # Libraries the static archive needs, as configure found them.
    sed -n 's/^LIBS+*=[[:space:]]*//p' "$src/Makefile.config" | tr '\n' ' ' >"$dir/libs"
    touch "$dir/.built"
    # Drop builds made with other inputs.
    find "$OUT" -maxdepth 1 -name 'librdkafka-*' ! -name "librdkafka-$lib_stamp" -exec rm -rf {} +
    log "librdkafka built in $((SECONDS - t0)) s"
  fi

  compile "$HERE/mock_cluster.c" "$OUT/bin/mock_cluster-source" \
    "$SYS_STAMP-$lib_stamp" \
    -DKAFKA_MOCK_FLAVOUR='"source-patched"' -DKAFKA_MOCK_PATCHED -isystem "$dir/include" \
    "$src/src/librdkafka.a" $(cat "$dir/libs") || return 1
  # The admin client of the same librdkafka, for tests of the admin APIs.
  compile "$HERE/admin_check.c" "$OUT/bin/admin_check" \
    "$(hash_of "$HERE/admin_check.c" "$HERE/build.sh")-$lib_stamp" \
    -isystem "$dir/include" "$src/src/librdkafka.a" $(cat "$dir/libs")
}

FLAVOUR=system
if [[ "$MODE" != system ]]; then
  if build_source; then
    FLAVOUR=source
  elif [[ "$MODE" == source ]]; then
    log "source build failed (KAFKA_MOCK_LIBRDKAFKA=source)"
    exit 1
  else
    log "source build failed: falling back to the system librdkafka"
  fi
fi

if [[ "$(cat "$OUT/bin/FLAVOUR" 2>/dev/null)" != "$FLAVOUR" ||
  ! -x "$OUT/bin/mock_cluster" ||
  "$OUT/bin/mock_cluster-$FLAVOUR" -nt "$OUT/bin/mock_cluster" ]]; then
  cp -f "$OUT/bin/mock_cluster-$FLAVOUR" "$OUT/bin/mock_cluster.tmp"
  mv -f "$OUT/bin/mock_cluster.tmp" "$OUT/bin/mock_cluster"
  echo "$FLAVOUR" >"$OUT/bin/FLAVOUR"
fi
echo "$OUT/bin/mock_cluster"
