# cairnd_node.sh: sourced by the bench scripts that measure a throwaway cairnd
# (server_cost.sh, server_instructions.sh). Gives them:
#
#   node_prepare NAME SYNC   $WORK, a new directory under /tmp named after NAME (removed
#                            at exit, after the node is stopped); $PORT, a free port; and
#                            $WORK/cairn.yaml: CQL on $PORT, no admin API, data and
#                            commitlog under $WORK, commitlog_sync SYNC, warnings only.
#   node_start CMD...        runs `CMD... --config $WORK/cairn.yaml` in the background
#                            ($PID, log in $WORK/cairnd.log) and returns once it accepts
#                            connections; exits 1 with the log's tail if it stops first or
#                            is not listening after 60 s.

WORK=""
PORT=""
PID=""

node_cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  [ -n "$WORK" ] && rm -rf "$WORK"
}

node_prepare() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  trap node_cleanup EXIT
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  cat > "$WORK/cairn.yaml" <<YAML
native_transport_port: $PORT
api_port: 0
data_file_directories:
  - $WORK/data
commitlog_directory: $WORK/commitlog
commitlog_sync: $2
log_level: WARN
YAML
}

node_start() {
  "$@" --config "$WORK/cairn.yaml" > "$WORK/cairnd.log" 2>&1 &
  PID=$!
  for _ in $(seq 300); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),0.2)" 2>/dev/null && return 0
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "$(basename "$0"): cairnd exited:" >&2
      tail "$WORK/cairnd.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$(basename "$0"): cairnd is not listening on port $PORT after 60 s" >&2
  exit 1
}
