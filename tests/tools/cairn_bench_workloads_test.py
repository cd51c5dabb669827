#!/usr/bin/env python3
"""End-to-end test of cairn-bench's db_bench-style workloads (bench/db_bench_workloads.cc).

    cairn_bench_workloads_test.py <cairn-bench binary>

Runs `cairn-bench fillrandom,readrandom,seekrandom,deleterandom,compact --num 2000
--json --dir <tmp>` and checks one JSON line per workload with every field, in order;
that readrandom found exactly the 1000 keys it asked for that fillrandom wrote (its
even-numbered reads; the odd ones ask for keys never written); that seekrandom's
slices returned rows; and that a second run over the same directory, after
deleterandom, finds none. Also checks the usage errors (an unknown or repeated
engine, fillsync with --sync periodic, readwhilewriting with one thread),
readwhilewriting's counts, replay (the open after a writer that never closed finds
every key it put; replay anywhere but first is a usage error), the progress line (on stderr only when it is a terminal, never
with --json) and, for each peer this build has (RocksDB, LevelDB: skipped, saying why,
only when cairn-bench was built without the library), `--engines cairn,<peer>`: the
same workloads against both with the same counts, each engine's settings line in the
JSON and the text, and the ratio table. No timing is asserted. Standard library only.
"""
import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import unittest

BENCH = ""
NUM = 2000
RUN_TIMEOUT_S = 100
WORKLOADS = ["fillrandom", "readrandom", "seekrandom", "deleterandom", "compact"]
FIELDS = ("workload", "engine", "ops", "ops_per_s", "mb_per_s", "p50_us", "p95_us", "p99_us",
          "p999_us", "max_us", "cpu_s", "peak_rss_bytes", "disk_write_bytes", "space_bytes")


def run(args):
    return subprocess.run([BENCH] + args, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


def json_lines(proc):
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


_PEER_MISSING = {}


def peer_missing(name):
    """Why `name` cannot run in this build (cairn-bench says so), or None when it can."""
    if name not in _PEER_MISSING:
        d = tempfile.mkdtemp(prefix="cairn-bench-probe-")
        try:
            proc = run(["fillseq", "--num", "1", "--json", "--dir", d, "--engines", name])
        finally:
            shutil.rmtree(d, ignore_errors=True)
        if proc.returncode == 2 and "is not in this build" in proc.stderr:
            _PEER_MISSING[name] = proc.stderr.strip()
        else:
            if proc.returncode != 0:
                raise AssertionError(f"probing --engines {name}: {proc.stderr}")
            _PEER_MISSING[name] = None
    return _PEER_MISSING[name]


def run_with_tty_stderr(args):
    """Runs cairn-bench with stderr on a pseudo-terminal; returns (exit code, stdout, stderr)."""
    try:
        master, slave = pty.openpty()
    except OSError as e:  # no pseudo-terminals in this sandbox
        raise unittest.SkipTest(f"cannot open a pseudo-terminal: {e}")
    try:
        proc = subprocess.Popen([BENCH] + args, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        slave = -1
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            err += chunk
        out = proc.stdout.read()  # small: a few lines, so the pipe never filled
        proc.stdout.close()
        proc.wait(timeout=RUN_TIMEOUT_S)
        return proc.returncode, out.decode(), err.decode(errors="replace")
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)


class CairnBenchWorkloadsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cairn-bench-workloads-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_workloads_report_every_field_and_the_expected_hits(self):
        proc = run([",".join(WORKLOADS), "--num", str(NUM), "--json", "--dir", self.dir])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = json_lines(proc)
        self.assertEqual([l["workload"] for l in lines], WORKLOADS, proc.stdout)
        for line in lines:
            for field in FIELDS:
                self.assertIn(field, line, line)
            self.assertEqual(line["engine"], "cairn")
            self.assertGreater(line["peak_rss_bytes"], 0)
            self.assertGreaterEqual(line["cpu_s"], 0)
            self.assertLessEqual(line["p50_us"], line["p99_us"])
            self.assertLessEqual(line["p99_us"], line["p999_us"])
            self.assertLessEqual(line["p999_us"], line["max_us"])
        by_name = {l["workload"]: l for l in lines}
        self.assertEqual(by_name["fillrandom"]["ops"], NUM)
        self.assertEqual(by_name["readrandom"]["ops"], NUM)
        self.assertEqual(by_name["readrandom"]["hits_asked"], NUM // 2)
        self.assertEqual(by_name["readrandom"]["found"], NUM // 2)
        self.assertEqual(by_name["seekrandom"]["ops"], NUM)
        self.assertGreater(by_name["seekrandom"]["rows"], NUM)  # 100 per seek, fewer at the end
        self.assertEqual(by_name["deleterandom"]["ops"], NUM)
        self.assertEqual(by_name["compact"]["ops"], 1)
        self.assertGreater(by_name["compact"]["space_bytes"], 0)

        # The directory is reused: every key was deleted, so nothing is found.
        again = run(["readrandom", "--num", str(NUM), "--json", "--dir", self.dir])
        self.assertEqual(again.returncode, 0, again.stderr)
        (line,) = json_lines(again)
        self.assertEqual(line["hits_asked"], NUM // 2)
        self.assertEqual(line.get("found", 0), 0)

    def test_unknown_or_repeated_engine_is_a_usage_error(self):
        proc = run(["fillrandom", "--num", "10", "--dir", self.dir, "--engines", "cairn,wiredtiger"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown engine 'wiredtiger'", proc.stderr)
        proc = run(["fillrandom", "--num", "10", "--dir", self.dir, "--engines", "cairn,cairn"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("names 'cairn' twice", proc.stderr)

    def test_readwhilewriting_counts_reads_and_writes_apart(self):
        fill = run(["fillrandom", "--num", str(NUM), "--json", "--dir", self.dir])
        self.assertEqual(fill.returncode, 0, fill.stderr)
        proc = run(["readwhilewriting", "--num", str(NUM), "--reads", "3000", "--threads", "3",
                    "--json", "--dir", self.dir])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (line,) = json_lines(proc)
        self.assertEqual(line["workload"], "readwhilewriting")
        self.assertEqual(line["threads"], 3)
        self.assertEqual(line["ops"], 3000)  # the reads only
        self.assertEqual(line["hits_asked"], 1500)
        self.assertEqual(line["found"], 1500)  # the writer overwrites keys, never deletes
        self.assertGreaterEqual(line["writes"], 1)

    def test_readwhilewriting_needs_a_reader(self):
        proc = run(["readwhilewriting", "--num", "10", "--dir", self.dir])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("readwhilewriting needs --threads 2 or more", proc.stderr)

    def test_progress_line_only_on_a_terminal_and_never_with_json(self):
        args = ["fillrandom,readrandom", "--num", "500", "--dir", self.dir]
        code, out, err = run_with_tty_stderr(args)
        self.assertEqual(code, 0, err)
        self.assertIn("\rfillrandom cairn: ", err.replace("\x1b[K", ""))
        self.assertIn("\rreadrandom cairn: ", err.replace("\x1b[K", ""))
        self.assertIn("ops/s", err)
        self.assertNotIn("\r", out)
        code, out, err = run_with_tty_stderr(args + ["--json"])
        self.assertEqual(code, 0, err)
        self.assertNotIn("\r", err)
        self.assertEqual(len(json_lines(subprocess.CompletedProcess([], 0, out, ""))), 2)
        piped = run(args)  # stderr a pipe: no progress line
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertNotIn("\r", piped.stderr)

    def check_peer(self, peer):
        why = peer_missing(peer)
        if why:
            print(f"\nskipping {peer}: {why}", file=sys.stderr)
            self.skipTest(why)
        workloads = ["fillrandom", "readrandom", "seekrandom", "readwhilewriting",
                     "deleterandom", "readrandom", "compact"]
        reads = 400  # readrandom, seekrandom and readwhilewriting: few, Debug builds run it too
        proc = run([",".join(workloads), "--num", str(NUM), "--reads", str(reads), "--threads",
                    "2", "--json", "--dir", self.dir, "--engines", "cairn," + peer])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = json_lines(proc)
        self.assertEqual([(l["engine"], l["workload"]) for l in lines],
                         [(e, w) for e in ("cairn", peer) for w in workloads])
        for line in lines:
            for field in FIELDS + ("settings", "library_assertions", "sync", "threads"):
                self.assertIn(field, line, line)
            self.assertIsInstance(line["library_assertions"], bool)
        runs = {e: [l for l in lines if l["engine"] == e] for e in ("cairn", peer)}
        for e, rows in runs.items():
            self.assertEqual(len({l["settings"] for l in rows}), 1, rows)
            self.assertIn("bloom", rows[0]["settings"])
            self.assertIn("periodic" if e == "cairn" else "never synced", rows[0]["settings"])
            fill, read, seek, rww, delete, read_after, compact = rows
            self.assertEqual(fill["ops"], NUM)
            self.assertEqual((read["hits_asked"], read["found"]), (reads // 2, reads // 2), e)
            self.assertEqual(seek["ops"], reads)
            self.assertEqual((rww["ops"], rww["found"]), (reads, reads // 2), e)
            self.assertGreaterEqual(rww["writes"], 1)
            self.assertEqual(delete["ops"], NUM)
            self.assertEqual((read_after["hits_asked"], read_after.get("found", 0)),
                             (reads // 2, 0), e)
            self.assertEqual(compact["ops"], 1)
            self.assertTrue(os.path.isdir(os.path.join(self.dir, e)))
        # The same key space: seeks from the same indices return the same rows.
        self.assertEqual(runs["cairn"][2]["rows"], runs[peer][2]["rows"])
        self.assertGreater(runs[peer][2]["rows"], reads)
        self.assertIn("lz4" if peer == "rocksdb" else "snappy", runs[peer][0]["settings"].lower())

        # Text: a settings line per engine and Cairn's ratio to the peer.
        text = run(["readrandom", "--num", str(NUM), "--dir", self.dir,
                    "--engines", "cairn," + peer])
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertEqual(text.stdout.count("  settings: "), 2, text.stdout)
        self.assertIn("cairn/" + peer, text.stdout)
        table = text.stdout.split("\nops/s ", 1)[-1].splitlines()
        ratio_line = [l for l in table if l.startswith("readrandom ")]
        self.assertEqual(len(ratio_line), 1, text.stdout)
        self.assertRegex(ratio_line[0], r"\d+\.\d+x$")
        if runs[peer][0]["library_assertions"]:
            self.assertIn(f"this {peer} library runs with assertions enabled", text.stdout)

    def test_rocksdb_beside_cairn(self):
        self.check_peer("rocksdb")

    def test_leveldb_beside_cairn(self):
        self.check_peer("leveldb")

    def test_replay_recovers_every_put_of_a_writer_that_never_closed(self):
        # The writer process exits without closing (nothing flushed: 2000 keys are far
        # below the memtable size), so every key readrandom finds came back through
        # the commitlog replay that the timed open ran.
        proc = run(["replay,readrandom", "--num", str(NUM), "--json", "--dir", self.dir])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        replay, read = json_lines(proc)
        self.assertEqual(replay["workload"], "replay")
        self.assertEqual(replay["ops"], NUM)
        self.assertGreater(replay["ops_per_s"], 0)
        self.assertEqual(read["hits_asked"], NUM // 2)
        self.assertEqual(read["found"], NUM // 2)

    def test_replay_must_come_first(self):
        proc = run(["fillrandom,replay", "--num", "10", "--dir", self.dir])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("replay must come first", proc.stderr)

    def test_fillsync_refuses_periodic_sync(self):
        proc = run(["fillsync", "--num", "10", "--dir", self.dir, "--sync", "periodic"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("fillsync needs --sync group or batch", proc.stderr)

    def test_fillsync_defaults_to_group_commit(self):
        proc = run(["fillsync", "--num", "50", "--threads", "4", "--json", "--dir", self.dir])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (line,) = json_lines(proc)
        self.assertEqual(line["sync"], "group")
        self.assertEqual(line["ops"], 50)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: cairn_bench_workloads_test.py <cairn-bench>")
    BENCH = sys.argv.pop(1)
    unittest.main()
