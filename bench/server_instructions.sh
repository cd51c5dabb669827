#!/usr/bin/env bash
# server_instructions.sh: user-space instructions cairnd executes per prepared INSERT and
# per prepared SELECT, counted by valgrind's callgrind — a figure that, unlike CPU time,
# does not move with the load of a shared machine, so small code changes can be compared.
#
#   bench/server_instructions.sh [-n REQUESTS] [BUILD_DIR]     (default: build, 5000)
#
# Starts BUILD_DIR/bin/cairnd under callgrind (commitlog_sync: group) on a free port,
# warms it up with REQUESTS inserts and selects, then for each workload zeroes the counters,
# runs `cairn-bench cql --connections 10 --inflight 1 --requests REQUESTS --value-size 100`,
# dumps and divides the total by REQUESTS. Kernel time (the socket calls, fdatasync) is
# not counted. Needs valgrind (apt-get install valgrind). Takes about a minute.
set -euo pipefail

REQUESTS=5000
BUILD_DIR=build
while [ $# -gt 0 ]; do
  case "$1" in
    -n) REQUESTS="${2:?-n needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "server_instructions.sh: unknown flag $1" >&2; exit 2 ;;
    *) BUILD_DIR="$1"; shift ;;
  esac
done
[[ "$REQUESTS" =~ ^[1-9][0-9]*$ ]] || { echo "server_instructions.sh: -n needs a positive number" >&2; exit 2; }
CAIRND="$BUILD_DIR/bin/cairnd"
BENCH="$BUILD_DIR/bin/cairn-bench"
for f in "$CAIRND" "$BENCH"; do
  [ -x "$f" ] || { echo "server_instructions.sh: $f is missing: build it first" >&2; exit 2; }
done
for c in valgrind callgrind_control callgrind_annotate python3; do
  command -v "$c" >/dev/null || { echo "server_instructions.sh: $c not found (apt-get install valgrind python3)" >&2; exit 2; }
done

# shellcheck source=bench/cairnd_node.sh
source "$(dirname "$0")/cairnd_node.sh"
node_prepare cairn-instructions group
node_start valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$CAIRND"

load() {
  "$BENCH" cql --port "$PORT" --connections 10 --inflight 1 --requests "$REQUESTS" \
    --value-size 100 --workload "$1"
}
load insert >/dev/null
load select >/dev/null
echo "cairnd under callgrind, $REQUESTS requests per workload, 10 connections x 1 in flight, 100-byte values"
for workload in insert select; do
  callgrind_control -z "$PID" >/dev/null 2>&1
  load "$workload" >/dev/null
  callgrind_control -d "$workload" "$PID" >/dev/null 2>&1
  dump="$(ls -t "$WORK"/callgrind.out.* | head -1)"
  total="$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')"
  printf '%-8s %10d instructions per request (user space)\n' "$workload" $((total / REQUESTS))
done
