#!/usr/bin/env python3
"""End-to-end test of `cairn-bench cql` (bench/cql/) against a real cairnd.

    cairn_bench_cql_test.py <cairn-bench binary> <cairnd binary>

Starts cairnd on a port the OS picks (native_transport_port: 0; the port is read from
its "cairnd ready" log line) over a temporary data directory, then runs
`cairn-bench cql --requests 2000 --connections 4 --inflight 8 --json` with the insert
workload and then the select one, and checks the JSON lines: exactly 2000 ops, 0
errors, and for select no missing row and no wrong value. It also checks that a
refused connection and a bad flag exit non-zero with a message, and that cairnd stops
cleanly on SIGTERM. No timing is asserted. Standard library only.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

BENCH = ""
CAIRND = ""

START_TIMEOUT_S = 30
RUN_TIMEOUT_S = 60
STOP_TIMEOUT_S = 60
REQUESTS = 2000
# Every field the JSON lines must carry.
FIELDS = ("engine", "workload", "op", "ops", "ops_per_s", "p50_us", "p95_us", "p99_us",
          "p999_us", "max_us", "errors", "missing", "wrong_values")


def closed_port():
    """A port nothing listens on (bound to find it, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)" % (path, e)


class CairnBenchCqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="cairn-bench-cql-")
        cls.log = os.path.join(cls.dir, "cairnd.log")
        config = os.path.join(cls.dir, "cairn.yaml")
        with open(config, "w") as f:
            f.write("cluster_name: 'cairn-bench cql test'\n"
                    "native_transport_port: 0\n"
                    "api_port: 0\n"
                    "data_file_directories:\n"
                    "  - %s\n"
                    "commitlog_sync: group\n"
                    "log_level: INFO\n" % os.path.join(cls.dir, "data"))
        with open(cls.log, "wb") as log:
            cls.node = subprocess.Popen([CAIRND, "--config", config], stdout=log,
                                        stderr=subprocess.STDOUT)
        cls.port = None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            match = re.search(r"cairnd ready: .* on [^ ]+:(\d+)", tail(cls.log, 200))
            if match:
                cls.port = int(match.group(1))
                break
            if cls.node.poll() is not None:
                break
            time.sleep(0.05)
        if cls.port is None:
            cls.node.kill()
            cls.node.wait()
            shutil.rmtree(cls.dir, ignore_errors=True)
            raise AssertionError("cairnd did not become ready within %d s (exit code %s):\n%s"
                                 % (START_TIMEOUT_S, cls.node.returncode, tail(cls.log)))

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.node.poll() is None:
                cls.node.send_signal(signal.SIGTERM)
                try:
                    cls.node.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    cls.node.kill()
                    cls.node.wait()
                    raise AssertionError("cairnd ignored SIGTERM for %d s" % STOP_TIMEOUT_S)
            if cls.node.returncode != 0:
                raise AssertionError("cairnd exited with %s:\n%s"
                                     % (cls.node.returncode, tail(cls.log)))
        finally:
            shutil.rmtree(cls.dir, ignore_errors=True)

    def bench(self, *args):
        return subprocess.run([BENCH, "cql", *args], capture_output=True, timeout=RUN_TIMEOUT_S)

    def run_workload(self, workload):
        """Runs one workload with --json; returns its one JSON line (a dict) and stderr."""
        r = self.bench("--port", str(self.port), "--requests", str(REQUESTS), "--connections", "4",
                       "--inflight", "8", "--workload", workload, "--json")
        out, err = r.stdout.decode(), r.stderr.decode()
        context = "\nstdout:\n%s\nstderr:\n%s\ncairnd log:\n%s" % (out, err, tail(self.log))
        self.assertEqual(r.returncode, 0, "cairn-bench cql --workload %s failed%s"
                         % (workload, context))
        lines = [line for line in out.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, "expected one JSON line" + context)
        result = json.loads(lines[0])
        for field in FIELDS:
            self.assertIn(field, result, context)
        self.assertEqual(result["engine"], "cairn-cql", context)
        self.assertEqual(result["workload"], workload, context)
        self.assertEqual(result["op"], workload, context)
        self.assertEqual(result["ops"], REQUESTS, context)
        self.assertEqual(result["errors"], 0, context)
        self.assertEqual(result["missing"], 0, context)
        self.assertEqual(result["wrong_values"], 0, context)
        # Latencies come from a histogram of REQUESTS values: ordered and present.
        self.assertGreater(result["p50_us"], 0, context)
        self.assertLessEqual(result["p50_us"], result["p99_us"], context)
        self.assertLessEqual(result["p99_us"], result["p999_us"], context)
        self.assertLessEqual(result["p999_us"], result["max_us"], context)
        return result, err

    def test_insert_then_select(self):
        self.run_workload("insert")
        # The keys insert wrote are there, with the values it wrote (checked byte for
        # byte by select): select must not have to fill the table first.
        _, err = self.run_workload("select")
        self.assertNotIn("not measured", err)

    def test_refused_connection_fails_clearly(self):
        port = closed_port()
        r = self.bench("--port", str(port), "--requests", "10", "--connections", "1")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot connect to 127.0.0.1:%d" % port, r.stderr.decode())
        self.assertEqual(r.stdout, b"")

    def test_bad_flags_exit_2(self):
        r = self.bench("--workload", "delete")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--workload must be one of", r.stderr.decode())
        r = self.bench("--requests", "10", "--seconds", "1")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: cairn_bench_cql_test.py <cairn-bench> <cairnd> [unittest args]")
    BENCH, CAIRND = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)
