#!/usr/bin/env bash
# What one request costs cairnd: CPU time (user + system) and voluntary context
# switches per request, for prepared INSERTs then SELECTs of `cairn-bench cql`, read
# from /proc before and after each load. CPU time is a steadier yardstick than ops/s on
# a shared or noisy machine: it does not count the time the server waits for a core.
#
#   bench/server_cost.sh [-n REQUESTS] [-c CONNECTIONS] [--sync group|periodic] [BUILD_DIR]
#
# BUILD_DIR holds bin/cairnd and bin/cairn-bench (default: build). Data goes to a fresh
# directory under /tmp, removed afterwards.
set -euo pipefail

REQUESTS=100000
CONNECTIONS=50
SYNC=group
BUILD_DIR=build
while [ $# -gt 0 ]; do
  case "$1" in
    -n) REQUESTS="$2"; shift 2 ;;
    -c) CONNECTIONS="$2"; shift 2 ;;
    --sync) SYNC="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "server_cost.sh: unknown flag $1" >&2; exit 2 ;;
    *) BUILD_DIR="$1"; shift ;;
  esac
done
case "$SYNC" in group|periodic) ;; *) echo "server_cost.sh: --sync must be group or periodic" >&2; exit 2 ;; esac
CAIRND="$BUILD_DIR/bin/cairnd"
BENCH="$BUILD_DIR/bin/cairn-bench"
for f in "$CAIRND" "$BENCH"; do
  [ -x "$f" ] || { echo "server_cost.sh: $f is missing: build it first" >&2; exit 2; }
done

# shellcheck source=bench/cairnd_node.sh
source "$(dirname "$0")/cairnd_node.sh"
node_prepare cairn-cost "$SYNC"
node_start "$CAIRND"

sample() {
  python3 - "$PID" <<'PY'
import os, sys
pid = sys.argv[1]
fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
ticks = int(fields[11]) + int(fields[12])
switches = 0
for t in os.listdir(f"/proc/{pid}/task"):
    try:
        for line in open(f"/proc/{pid}/task/{t}/status"):
            if line.startswith("voluntary_ctxt_switches"):
                switches += int(line.split()[1])
    except FileNotFoundError:
        pass
threads = len(os.listdir(f"/proc/{pid}/task"))
print(ticks, switches, threads)
PY
}

HZ="$(getconf CLK_TCK)"
echo "cairnd commitlog_sync $SYNC, $REQUESTS requests, $CONNECTIONS connections x 1 in flight, 100-byte values"
printf '%-8s %10s %18s %22s %8s\n' workload "ops/s" "server CPU us/req" "ctx switches/req" threads
for workload in insert select; do
  read -r t0 s0 _ < <(sample)
  out="$("$BENCH" cql --port "$PORT" --connections "$CONNECTIONS" --inflight 1 \
          --requests "$REQUESTS" --value-size 100 --workload "$workload" --json)"
  read -r t1 s1 threads < <(sample)
  python3 - "$out" "$t0" "$t1" "$s0" "$s1" "$HZ" "$REQUESTS" "$workload" "$threads" <<'PY'
import json, sys
out, t0, t1, s0, s1, hz, n, workload, threads = sys.argv[1:]
line = [l for l in out.splitlines() if l.startswith("{")][-1]
r = json.loads(line)
n = int(n)
cpu_us = (int(t1) - int(t0)) / int(hz) * 1e6 / n
sw = (int(s1) - int(s0)) / n
errors = r.get("errors", 0)
print(f"{workload:<8} {r['ops_per_s']:>10.0f} {cpu_us:>18.1f} {sw:>22.2f} {threads:>8}" +
      (f"   ERRORS {errors}" if errors else ""))
PY
done
