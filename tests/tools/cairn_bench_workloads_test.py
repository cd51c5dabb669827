#!/usr/bin/env python3
"""End-to-end test of cairn-bench's db_bench-style workloads (bench/db_bench_workloads.cc).

    cairn_bench_workloads_test.py <cairn-bench binary>

Runs `cairn-bench fillrandom,readrandom,seekrandom,deleterandom,compact --num 2000
--json --dir <tmp>` and checks one JSON line per workload with every field, in order;
that readrandom found exactly the 1000 keys it asked for that fillrandom wrote (its
even-numbered reads; the odd ones ask for keys never written); that seekrandom's
slices returned rows; and that a second run over the same directory, after
deleterandom, finds none. Also checks the usage errors: an engine without an adapter
and fillsync with --sync periodic. No timing is asserted. Standard library only.
"""
import json
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

    def test_missing_peer_adapter_is_a_usage_error(self):
        proc = run(["fillrandom", "--num", "10", "--dir", self.dir, "--engines", "cairn,rocksdb"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("bench/peers/rocksdb_engine.cc", proc.stderr)

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
