#!/usr/bin/env bash
# compare_redis.sh: the same small-value write and read load against a fresh cairnd
# (CQL native protocol v4, measured by `cairn-bench cql`) and a fresh redis-server
# (RESP, measured by `redis-benchmark`), printed side by side with the ratios.
#
#   bench/compare_redis.sh [-n REQUESTS] [-d VALUE_BYTES] [-c CONNECTIONS]
#                          [--mode durable|relaxed] [--build-dir DIR] [--keep]
#
# Both servers run on 127.0.0.1 on free ports with their data in a new temporary
# directory (under $TMPDIR, /tmp by default), one after the other: redis-server is
# started, measured and stopped, then cairnd. Durability is matched:
#   durable (default)  cairnd commitlog_sync: group   redis --appendonly yes --appendfsync always
#                      (both acknowledge a write only after an fsync covering it)
#   relaxed            cairnd commitlog_sync: periodic (10 s)   redis --appendfsync everysec
# The load on each side: CONNECTIONS connections with one request outstanding each,
# REQUESTS writes of VALUE_BYTES-byte values over REQUESTS keys, then REQUESTS reads:
#   redis-benchmark -c C -P 1 -n N -d D -r N -t set,get --csv
#   cairn-bench cql --connections C --inflight 1 --requests N --value-size D --workload insert|select
# (-r N spreads redis' keys over N names as cairn-bench spreads them over N keys;
# without it every SET hits one key. --csv instead of -q gives the percentiles.)
#
# Needs (Debian 12): redis-server, redis-tools, python3, and cairnd and cairn-bench built
# (`./dev build`, or a Release build given with --build-dir). Exit status: 0 when both
# ran cleanly, 1 otherwise (with the servers' log tails), 2 for a usage error.
set -euo pipefail

usage() {
  sed -n '2,24s/^# \{0,1\}//p' "$0"
}

REQUESTS=100000
VALUE_SIZE=100
CONNECTIONS=50
MODE=durable
BUILD_DIR=""
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) REQUESTS="${2:?-n needs a number}"; shift 2 ;;
    -d) VALUE_SIZE="${2:?-d needs a number}"; shift 2 ;;
    -c) CONNECTIONS="${2:?-c needs a number}"; shift 2 ;;
    --mode) MODE="${2:?--mode needs durable or relaxed}"; shift 2 ;;
    --build-dir) BUILD_DIR="${2:?--build-dir needs a directory}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare_redis.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$REQUESTS" "$VALUE_SIZE" "$CONNECTIONS"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "compare_redis.sh: '$v' is not a number" >&2; exit 2; }
done
case "$MODE" in
  durable) CAIRN_SYNC="commitlog_sync: group"; REDIS_FSYNC=always ;;
  relaxed) CAIRN_SYNC=$'commitlog_sync: periodic\ncommitlog_sync_period: 10s'; REDIS_FSYNC=everysec ;;
  *) echo "compare_redis.sh: --mode must be durable or relaxed" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$BUILD_DIR" ]; then
  for d in "$ROOT/build-bench" "$ROOT/build"; do
    if [ -x "$d/bin/cairnd" ] && [ -x "$d/bin/cairn-bench" ]; then BUILD_DIR="$d"; break; fi
  done
fi
CAIRND="${BUILD_DIR:-$ROOT/build}/bin/cairnd"
BENCH="${BUILD_DIR:-$ROOT/build}/bin/cairn-bench"
for f in "$CAIRND" "$BENCH"; do
  [ -x "$f" ] || { echo "compare_redis.sh: $f not found: run ./dev build (or give --build-dir)" >&2; exit 1; }
done
for c in redis-server redis-benchmark redis-cli python3; do
  command -v "$c" >/dev/null || {
    echo "compare_redis.sh: $c not found: apt-get install redis-server redis-tools python3 (or ./dev bench-deps)" >&2
    exit 1
  }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cairn-vs-redis.XXXXXX")"
CAIRND_PID=""
REDIS_PID=""

log() { printf '==> %s\n' "$*" >&2; }
# Logs a command line, quoted so it can be pasted back.
log_command() { printf '==> ' >&2; printf '%q ' "$@" >&2; printf '\n' >&2; }

# Stops the process `pid` with SIGTERM and waits for it (at most 60 s, then SIGKILL).
# Returns its exit status.
stop() {
  local pid="$1" name="$2" _
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "compare_redis.sh: $name ignored SIGTERM for 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  return $rc
}

cleanup() {
  local rc=$?
  [ -n "$REDIS_PID" ] && { stop "$REDIS_PID" redis-server || true; }
  [ -n "$CAIRND_PID" ] && { stop "$CAIRND_PID" cairnd || true; }
  if [ "$rc" -ne 0 ]; then
    for f in "$WORK/redis/redis.log" "$WORK/cairnd.log"; do
      [ -f "$f" ] && { echo "--- tail of $f" >&2; tail -n 20 "$f" >&2; }
    done
  fi
  if [ "$KEEP" -eq 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until 127.0.0.1:$port accepts connections while process $pid lives (30 s).
wait_for_port() {
  local port="$1" pid="$2" name="$3" _
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { echo "compare_redis.sh: $name exited at startup" >&2; return 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "compare_redis.sh: $name does not listen on port $port after 30 s" >&2
  return 1
}

# The fsync rate of the disk under $WORK: what bounds every fsync-per-acknowledgement
# number (the same probe as docs/benchmarks.md's).
FSYNC_RATE="$(python3 - "$WORK" <<'EOF'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
start = time.monotonic()
for _ in range(2000):
    os.write(fd, b"x" * 100)
    os.fdatasync(fd)
print("%.0f" % (2000 / (time.monotonic() - start)))
os.close(fd)
os.unlink(path)
EOF
)"

# --- redis-server
REDIS_PORT="$(free_port)"
mkdir -p "$WORK/redis"
REDIS_ARGS=(--port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save ''
            --appendonly yes --appendfsync "$REDIS_FSYNC" --daemonize no
            --logfile "$WORK/redis/redis.log")
log_command redis-server "${REDIS_ARGS[@]}"
redis-server "${REDIS_ARGS[@]}" &
REDIS_PID=$!
wait_for_port "$REDIS_PORT" "$REDIS_PID" redis-server
REDIS_CMD=(redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" -P 1 -n "$REQUESTS"
           -d "$VALUE_SIZE" -r "$REQUESTS" -t "set,get" --csv)
log_command "${REDIS_CMD[@]}"
"${REDIS_CMD[@]}" > "$WORK/redis.csv"
REDIS_VERSION="$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
REDIS_KEYS="$(redis-cli -p "$REDIS_PORT" dbsize)"
stop "$REDIS_PID" redis-server || { echo "compare_redis.sh: redis-server did not stop cleanly" >&2; exit 1; }
REDIS_PID=""

# --- cairnd
CAIRN_PORT="$(free_port)"
cat > "$WORK/cairn.yaml" <<EOF
cluster_name: 'cairn-vs-redis'
native_transport_port: $CAIRN_PORT
api_port: 0
data_file_directories:
  - $WORK/cairn-data
$CAIRN_SYNC
log_level: WARN
EOF
log "$CAIRND --config $WORK/cairn.yaml  ($(echo "$CAIRN_SYNC" | tr '\n' ' '))"
"$CAIRND" --config "$WORK/cairn.yaml" > "$WORK/cairnd.log" 2>&1 &
CAIRND_PID=$!
wait_for_port "$CAIRN_PORT" "$CAIRND_PID" cairnd
for workload in insert select; do
  CAIRN_CMD=("$BENCH" cql --port "$CAIRN_PORT" --connections "$CONNECTIONS" --inflight 1
             --requests "$REQUESTS" --value-size "$VALUE_SIZE" --workload "$workload" --json)
  log_command "${CAIRN_CMD[@]}"
  "${CAIRN_CMD[@]}" > "$WORK/cairn-$workload.json"
done
stop "$CAIRND_PID" cairnd || { echo "compare_redis.sh: cairnd did not stop cleanly" >&2; exit 1; }
CAIRND_PID=""

# --- side by side
python3 - "$WORK" "$MODE" "$REQUESTS" "$VALUE_SIZE" "$CONNECTIONS" "$REDIS_VERSION" \
  "$REDIS_KEYS" "$FSYNC_RATE" <<'EOF'
import csv, json, os, sys
work, mode, n, size, conns, redis_version, redis_keys, fsync_rate = sys.argv[1:]
redis = {row["test"]: row for row in csv.DictReader(open(os.path.join(work, "redis.csv")))}
def cairn(workload):
    return json.loads(open(os.path.join(work, "cairn-%s.json" % workload)).read().splitlines()[0])

def ratio(a, b):
    return "%.2fx" % (a / b) if b else "-"

sync = ("cairnd commitlog_sync group, redis appendfsync always" if mode == "durable"
        else "cairnd commitlog_sync periodic 10s, redis appendfsync everysec")
print("cairnd (CQL v4) vs redis-server %s (RESP): %s requests, %s connections x 1 in flight, "
      "%s-byte values, %s" % (redis_version, n, conns, size, sync))
print("fdatasync probe on this disk: %s/s; redis holds %s keys after SET" % (fsync_rate, redis_keys))
print()
header = "%-6s %-14s %10s %9s %9s %9s %9s %9s %7s" % (
    "op", "engine", "ops/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
print(header)
print("-" * len(header))
for op, redis_test, workload, verb in (("write", "SET", "insert", "INSERT"),
                                       ("read", "GET", "select", "SELECT")):
    r, c = redis[redis_test], cairn(workload)
    rv = [float(r[k]) for k in ("rps", "avg_latency_ms", "p50_latency_ms", "p95_latency_ms",
                                "p99_latency_ms", "max_latency_ms")]
    cv = [c["ops_per_s"]] + [c[k] / 1000.0 for k in ("mean_us", "p50_us", "p95_us", "p99_us",
                                                      "max_us")]
    print("%-6s %-14s %10.0f %9.3f %9.3f %9.3f %9.3f %9.3f %7s" % (op, "redis " + redis_test, *rv, "-"))
    print("%-6s %-14s %10.0f %9.3f %9.3f %9.3f %9.3f %9.3f %7d" % (op, "cairn " + verb, *cv, c["errors"]))
    print("%-6s %-14s %10s %9s %9s %9s %9s %9s" % (op, "cairn/redis", *[ratio(a, b) for a, b in zip(cv, rv)]))
    print()
print("cairn p99.9: insert %.3f ms, select %.3f ms (redis-benchmark reports no p99.9)"
      % (cairn("insert")["p999_us"] / 1000, cairn("select")["p999_us"] / 1000))
EOF
