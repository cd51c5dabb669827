#!/usr/bin/env python3
"""crash_kill9: every acknowledged write survives a SIGKILL of the writer.

Each run starts `cairn-bench write` on a fresh data directory with a tiny memtable and
tiny commitlog segments (so flushes and segment rotation are under way when the kill
lands), kills it with SIGKILL after a random moment, collects the "acked <i>" lines it
printed, and runs `cairn-bench verify` on exactly those keys: verify must reopen the
store (replaying the commitlog) and find every one with its exact value. This holds for
commitlog_sync `group` and also for `periodic`, whose acknowledged records are in the
page cache when apply() returns (a power cut could lose them; a killed process cannot).
Some runs restart the writer on the recovered directory and kill it again, so replay
of a store that was itself recovered is covered too.

Twenty runs kill the writer inside a background compaction (a failpoint mid-merge or
just before the compaction's transaction commits); the store must reopen, finish or
roll back the compaction, and still hold every acknowledged key.

A few more runs let a failpoint (CAIRN_FAILPOINTS=<point>=kill@<n>) kill the writer at
an exact place: just before a commitlog fsync, or just before an sstable's TOC is
written (a flush cut short, whose segments must still replay).

Everything random comes from one seed (CAIRN_TEST_SEED, or a fixed default), and each
run derives its own generator from (seed, kind, index), so a failure prints a command
that replays that run alone. The kill moment itself is wall-clock timing, so a replay
recreates the parameters, not the exact instant.

usage: crash_test.py PATH/TO/cairn-bench [--iterations N] [--failpoint-runs N]
                     [--only KIND:INDEX] [--keep]
Only the Python standard library is used.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

DEFAULT_SEED = 20240917
KEYS = 1_000_000_000          # more than any run reaches: the kill ends every writer
MIN_ACKS = 3                  # wait for at least this many acks before killing...
MAX_WAIT_FOR_ACKS_S = 10.0    # ...but no longer than this
FAILPOINT_WAIT_S = 20.0       # a failpoint not reached by then is a failure
VERIFY_TIMEOUT_S = 120.0

# The failpoints the engine defines (grep for failpoints->check in commitlog/ and
# sstable/); each entry: (name, sync mode that reaches it often, range of hits to skip).
FAILPOINTS = [
    ("commitlog.before_sync", "group", (0, 300)),
    ("sstable.before_toc", "periodic", (0, 2)),
]
# Points inside a background compaction (storage/compaction, storage/column_family_store.cc):
# mid-merge, and with the output complete but the transaction not yet committed.
COMPACTION_FAILPOINTS = [
    ("compaction.after_partition", "periodic", (0, 3000)),
    ("compaction.before_commit", "periodic", (0, 2)),
]


class Failure(Exception):
    pass


class Writer:
    """A running `cairn-bench write`; a thread collects its stdout as it comes."""

    def __init__(self, bench, data_dir, params, log_path, failpoints=None):
        cmd = [bench, "write", "--data-dir", data_dir, "--keys", str(KEYS),
               "--seed", str(params["bench_seed"]), "--sync", params["sync"],
               "--memtable-mb", "1", "--segment-mb", "1",
               "--value-size", str(params["value_size"]),
               "--threads", str(params["threads"]),
               "--sync-period-ms", str(params["sync_period_ms"])]
        env = dict(os.environ)
        env.pop("CAIRN_FAILPOINTS", None)
        if failpoints:
            env["CAIRN_FAILPOINTS"] = failpoints
        self.cmd = cmd
        self._log = open(log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._log, env=env)
        self._out = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return
            with self._lock:
                self._out += chunk

    def ack_count(self):
        with self._lock:
            return self._out.count(b"\n")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        return self.finish()

    def finish(self, timeout=None):
        """Waits for the exit and for the last bytes of stdout; returns the output."""
        self.proc.wait(timeout=timeout)
        # Lines written before the kill are still in the pipe: read them all.
        self._reader.join()
        self.proc.stdout.close()
        self._log.close()
        return bytes(self._out)


def parse_acks(output):
    """Indices of complete "acked <i>" lines; a line cut by the kill is not an ack."""
    lines = output.split(b"\n")
    acked = []
    for line in lines[:-1]:  # the last piece has no newline (empty when all complete)
        word, _, number = line.partition(b" ")
        if word != b"acked" or not number.isdigit():
            raise Failure(f"writer printed a malformed line: {line!r}")
        acked.append(int(number))
    return acked


def check_single_thread_order(acked):
    """One writer thread acks 0, 1, 2, ... in order: anything else is a bench bug."""
    if acked != list(range(len(acked))):
        raise Failure(f"single-threaded writer acked out of order: {acked[:10]}...")


def write_acked_file(path, acked_runs):
    with open(path, "w") as f:
        for acked in acked_runs:
            for i in acked:
                f.write(f"acked {i}\n")


def run_verify(bench, data_dir, params, acked_runs, work_dir):
    """Runs verify on every key acked so far; raises Failure unless it passes."""
    acked_file = os.path.join(work_dir, "acked.txt")
    write_acked_file(acked_file, acked_runs)
    all_acked = [i for acked in acked_runs for i in acked]
    cmd = [bench, "verify", "--data-dir", data_dir, "--seed", str(params["bench_seed"]),
           "--value-size", str(params["value_size"]), "--acked-file", acked_file]
    if params["threads"] == 1:
        # A single writer's acks are a prefix 0..max: check it the way an operator would.
        cmd += ["--upto", str(max(all_acked, default=-1))]
    try:
        result = subprocess.run(cmd, capture_output=True, timeout=VERIFY_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise Failure(f"verify did not finish in {VERIFY_TIMEOUT_S} s: {' '.join(cmd)}")
    if result.returncode != 0:
        raise Failure(
            f"verify exited {result.returncode} after {len(set(all_acked))} acked keys\n"
            f"  command: {' '.join(cmd)}\n"
            f"  stdout: {result.stdout.decode(errors='replace').strip()}\n"
            f"  stderr:\n{indent(result.stderr.decode(errors='replace'))}")
    return result.stdout.decode(errors="replace").strip()


def indent(text, limit=40):
    lines = text.strip().splitlines()
    if len(lines) > limit:
        lines = lines[:limit // 2] + ["    ..."] + lines[-limit // 2:]
    return "\n".join("    " + line for line in lines)


def random_params(rng, sync):
    return {
        "sync": sync,
        "bench_seed": rng.randrange(1 << 32),
        # Several threads make group commit share fsyncs between writers.
        "threads": rng.choice([1, 1, 4]),
        "value_size": rng.choice([16, 100, 100, 1000]),
        "sync_period_ms": rng.choice([5, 50, 1000]),
    }


def kill_after_random_delay(writer, rng):
    """SIGKILLs the writer 0.05-0.8 s in (later if it has not acked MIN_ACKS yet)."""
    delay = rng.uniform(0.05, 0.8)
    start = time.monotonic()
    while True:
        elapsed = time.monotonic() - start
        if writer.proc.poll() is not None:
            break
        if elapsed >= delay and writer.ack_count() >= MIN_ACKS:
            break
        if elapsed >= MAX_WAIT_FOR_ACKS_S:
            break
        time.sleep(0.01)
    if writer.proc.poll() is not None:
        output = writer.finish()
        raise Failure(f"writer exited by itself with status {writer.proc.returncode} "
                      f"after {len(parse_acks(output))} acks (see writer.log)")
    return parse_acks(writer.kill())


def kill_run(bench, work_dir, rng, sync):
    """One or two write-kill rounds on one directory, each followed by verify."""
    data_dir = os.path.join(work_dir, "data")
    params = random_params(rng, sync)
    rounds = 2 if rng.random() < 0.3 else 1
    acked_runs = []
    for _ in range(rounds):
        writer = Writer(bench, data_dir, params, os.path.join(work_dir, "writer.log"))
        acked = kill_after_random_delay(writer, rng)
        if params["threads"] == 1:
            check_single_thread_order(acked)
        acked_runs.append(acked)
        summary = run_verify(bench, data_dir, params, acked_runs, work_dir)
    return f"{params} rounds={rounds} acks={[len(a) for a in acked_runs]} -> {summary}"


def failpoint_run(bench, work_dir, rng, index, points=FAILPOINTS):
    """Lets a failpoint kill the writer at an exact place, then verifies."""
    name, sync, (low, high) = points[index % len(points)]
    skip = rng.randint(low, high)
    data_dir = os.path.join(work_dir, "data")
    params = random_params(rng, sync)
    spec = f"{name}=kill@{skip}"
    writer = Writer(bench, data_dir, params, os.path.join(work_dir, "writer.log"), spec)
    try:
        output = writer.finish(timeout=FAILPOINT_WAIT_S)
    except subprocess.TimeoutExpired:
        writer.kill()
        raise Failure(f"failpoint {spec} was not reached in {FAILPOINT_WAIT_S} s")
    if writer.proc.returncode != -signal.SIGKILL:
        raise Failure(f"writer with {spec} exited with status {writer.proc.returncode}, "
                      "not by the failpoint's SIGKILL (see writer.log)")
    acked = parse_acks(output)
    if params["threads"] == 1:
        check_single_thread_order(acked)
    summary = run_verify(bench, data_dir, params, [acked], work_dir)
    return f"{params} {spec} acks={len(acked)} -> {summary}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bench", help="path of the cairn-bench binary")
    parser.add_argument("--iterations", type=int, default=20, help="kill runs per sync mode")
    parser.add_argument("--failpoint-runs", type=int, default=5)
    parser.add_argument("--compaction-runs", type=int, default=20,
                        help="kills inside a compaction (a failpoint at a random hit)")
    parser.add_argument("--only", help="replay one run, e.g. group:7 or failpoint:2")
    parser.add_argument("--keep", action="store_true", help="keep data directories")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    bench = os.path.abspath(args.bench)
    if not os.access(bench, os.X_OK):
        print(f"crash_kill9: {bench} is not an executable", file=sys.stderr)
        return 2
    seed = int(os.environ.get("CAIRN_TEST_SEED", DEFAULT_SEED))

    runs = [(sync, i) for sync in ("group", "periodic") for i in range(args.iterations)]
    runs += [("failpoint", i) for i in range(args.failpoint_runs)]
    runs += [("compaction", i) for i in range(args.compaction_runs)]
    if args.only:
        kind, _, index = args.only.partition(":")
        runs = [(kind, int(index))]

    print(f"crash_kill9: seed {seed} (CAIRN_TEST_SEED), {len(runs)} runs", flush=True)
    started = time.monotonic()
    failures = 0
    for kind, index in runs:
        rng = random.Random(f"{seed}:{kind}:{index}")
        work_dir = tempfile.mkdtemp(prefix=f"cairn-crash-{kind}-{index}-")
        try:
            if kind == "failpoint":
                summary = failpoint_run(bench, work_dir, rng, index)
            elif kind == "compaction":
                summary = failpoint_run(bench, work_dir, rng, index, COMPACTION_FAILPOINTS)
            else:
                summary = kill_run(bench, work_dir, rng, kind)
            if args.verbose:
                print(f"ok {kind}:{index} {summary}", flush=True)
            if not args.keep:
                shutil.rmtree(work_dir, ignore_errors=True)
        except Failure as e:
            failures += 1
            log = os.path.join(work_dir, "writer.log")
            writer_log = open(log, errors="replace").read() if os.path.exists(log) else ""
            print(f"FAILED {kind}:{index} (seed {seed}): {e}\n"
                  f"  writer stderr:\n{indent(writer_log)}\n"
                  f"  data kept in {work_dir}\n"
                  f"  replay: CAIRN_TEST_SEED={seed} {sys.argv[0]} {args.bench} "
                  f"--only {kind}:{index}", flush=True)
    elapsed = time.monotonic() - started
    print(f"crash_kill9: {len(runs)} runs, {failures} failures ({elapsed:.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
