#!/usr/bin/env python3
"""End-to-end test of cairn-sstable (tools/cairn_sstable) on a real data directory.

    cairn_sstable_test.py <cairn-sstable binary> <chat_transcripts binary>

The chat_transcripts example writes and flushes a chat.transcripts table (and the
system keyspace's schema) into a temporary data directory; every subcommand then runs
against it: dump (JSON, deterministic, both argument forms), metadata, verify (intact,
then with one flipped byte), and bad input (exit status 2 with a one-line message).
It also checks the tool writes nothing and takes no lock. Standard library only.
"""
import fcntl
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOL = ""
CHAT = ""

# What chat_transcripts writes (examples/chat_transcripts.cpp), as CQL text literals.
MESSAGES = [
    "Hi, my order #4412 has not arrived yet.",
    "Sorry to hear that! Let me look it up.",
    "It left the warehouse yesterday; it should arrive tomorrow.",
    "Great, thank you!",
    "Do you ship to Canada?",
    "Yes, shipping to Canada takes 3 to 5 business days.",
]


def run_tool(*args):
    return subprocess.run([TOOL, *args], capture_output=True, timeout=60)


def directory_state(root):
    """Every file under `root` with its size and modification time."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            state[os.path.relpath(path, root)] = (st.st_size, st.st_mtime_ns)
    return state


def flip_middle_byte(path):
    with open(path, "r+b") as f:
        data = f.read()
        middle = len(data) // 2
        f.seek(middle)
        f.write(bytes([data[middle] ^ 0xFF]))


class CairnSSTableTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cairn_sstable_test.")
        cls.data = os.path.join(cls.tmp, "data")
        chat = subprocess.run([CHAT, "--data-dir", cls.data], capture_output=True, timeout=60)
        if chat.returncode != 0:
            raise RuntimeError("chat_transcripts failed: " + chat.stderr.decode(errors="replace"))
        cls.chat_data_files = sorted(glob.glob(
            os.path.join(cls.data, "chat", "transcripts-*", "*-Data.db")))
        if not cls.chat_data_files:
            raise RuntimeError("chat_transcripts left no sstable in " + cls.data)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_ok(self, *args):
        result = run_tool(*args)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr.decode(errors='replace')}")
        return result.stdout

    def assert_bad_input(self, *args, mentions=None):
        result = run_tool(*args)
        stderr = result.stderr.decode(errors="replace")
        self.assertEqual(result.returncode, 2, f"{args}: stdout {result.stdout!r} stderr {stderr!r}")
        self.assertEqual(len(stderr.strip().splitlines()), 1, f"{args}: not one line: {stderr!r}")
        if mentions is not None:
            self.assertIn(mentions, stderr)

    def test_dump_data_dir_is_json_with_every_message(self):
        dump = json.loads(self.run_ok("dump", "--data-dir", self.data))
        bodies = set()
        for sstable in dump["sstables"]:
            tokens = [p["token"] for p in sstable["partitions"]]
            self.assertEqual(tokens, sorted(tokens), "partitions out of token order")
            if (sstable["keyspace"], sstable["table"]) != ("chat", "transcripts"):
                continue
            for partition in sstable["partitions"]:
                self.assertEqual(len(partition["key"]), 1)
                self.assertRegex(partition["key"][0], r"^[0-9a-f]{8}-[0-9a-f-]{27}$")
                for row in partition["rows"]:
                    self.assertEqual(len(row["clustering"]), 1)
                    self.assertIn("timestamp", row["marker"])
                    for cell in row["cells"]:
                        self.assertIn(cell["column"], ("author", "body"))
                        self.assertEqual(cell["ttl"], 2592000)  # the table's default TTL
                        if cell["column"] == "body":
                            bodies.add(cell["value"])
        for message in MESSAGES:
            self.assertIn("'" + message + "'", bodies)
        tables = {(s["keyspace"], s["table"]) for s in dump["sstables"]}
        self.assertIn(("system", "schema_tables"), tables)

    def test_dump_of_one_data_file(self):
        path = self.chat_data_files[0]
        dump = json.loads(self.run_ok("dump", path))
        self.assertEqual(len(dump["sstables"]), 1)
        sstable = dump["sstables"][0]
        self.assertEqual((sstable["keyspace"], sstable["table"]), ("chat", "transcripts"))
        self.assertEqual(sstable["path"], path)
        self.assertGreater(len(sstable["partitions"]), 0)

    def test_dump_is_deterministic(self):
        for args in (("dump", "--data-dir", self.data), ("dump", self.chat_data_files[0]),
                     ("dump", "--data-dir", self.data, "chat", "transcripts")):
            self.assertEqual(self.run_ok(*args), self.run_ok(*args), f"{args} differs between runs")

    def test_metadata_prints_partition_counts(self):
        text = self.run_ok("metadata", "--data-dir", self.data, "chat").decode()
        dump = json.loads(self.run_ok("dump", "--data-dir", self.data, "chat"))
        expected = {s["path"]: len(s["partitions"]) for s in dump["sstables"]}
        found = dict(re.findall(r"^sstable: (.*)\n(?:  .*\n)*?  partition_count: (\d+)$", text,
                                re.MULTILINE))
        self.assertEqual({p: int(n) for p, n in found.items()}, expected, text)
        for field in ("version", "min_timestamp", "max_timestamp", "min_local_deletion_time",
                      "max_local_deletion_time", "min_token", "max_token", "row_count",
                      "tombstone_count", "data_size_bytes", "commitlog_upper_bound",
                      "component Data", "component TOC"):
            self.assertIn("  " + field + ": ", text)
        single = self.run_ok("metadata", self.chat_data_files[0]).decode()
        self.assertIn("partition_count: %d" % expected[self.chat_data_files[0]], single)

    def test_verify_intact(self):
        out = self.run_ok("verify", "--data-dir", self.data).decode().splitlines()
        self.assertGreaterEqual(len(out), len(self.chat_data_files) + 2)  # + the system tables
        for line in out:
            self.assertTrue(line.startswith("OK "), line)
        self.run_ok("verify", self.chat_data_files[-1])

    def test_verify_finds_a_flipped_byte(self):
        copy = os.path.join(self.tmp, "damaged")
        shutil.copytree(self.data, copy)
        damaged = sorted(glob.glob(os.path.join(copy, "chat", "transcripts-*", "*-Data.db")))[0]
        flip_middle_byte(damaged)
        for args in (("verify", "--data-dir", copy), ("verify", damaged)):
            result = run_tool(*args)
            out = result.stdout.decode()
            self.assertEqual(result.returncode, 1, f"{args}: {out}")
            bad = [line for line in out.splitlines() if not line.startswith("OK ")]
            self.assertEqual(len(bad), 1, out)
            self.assertTrue(bad[0].startswith("DAMAGED " + damaged + ": "), bad[0])
            self.assertIn(damaged, bad[0].split(": ", 1)[1], "the error must name the file")
            self.assertIn("offset", bad[0])
        result = run_tool("dump", damaged)
        self.assertEqual(result.returncode, 1)
        self.assertIn(damaged, result.stderr.decode())

    def test_bad_input_exits_2(self):
        missing = os.path.join(self.tmp, "nope", "ca-1-cairn-Data.db")
        for command in ("dump", "metadata", "verify"):
            self.assert_bad_input(command, missing, mentions=missing)
        self.assert_bad_input("dump", "--data-dir", os.path.join(self.tmp, "nope"))
        self.assert_bad_input("dump", "--data-dir", self.data, "no_such_keyspace",
                              mentions="no_such_keyspace")
        self.assert_bad_input("dump", "--data-dir", self.data, "chat", "no_such_table",
                              mentions="no_such_table")
        self.assert_bad_input("dump", "--data-dir", self.tmp, mentions="no schema")
        self.assert_bad_input("dump", os.path.join(self.data, "LOCK"), mentions="LOCK")
        self.assert_bad_input("dump")
        self.assert_bad_input("frobnicate", self.chat_data_files[0])
        self.assert_bad_input()

    def test_reads_only_and_takes_no_lock(self):
        before = directory_state(self.data)
        # Hold the data directory's lock, as a running node would (flock, like
        # PosixFileSystem::lock_file): the tool must work anyway.
        with open(os.path.join(self.data, "LOCK"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            for command in ("dump", "metadata", "verify"):
                self.run_ok(command, "--data-dir", self.data)
                self.run_ok(command, self.chat_data_files[0])
        self.assertEqual(directory_state(self.data), before)

    def test_help(self):
        out = self.run_ok("--help").decode()
        for command in ("dump", "metadata", "verify", "commitlog"):
            self.assertIn(command, out)
        self.assertEqual(self.run_ok("dump", "--help").decode(), out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: cairn_sstable_test.py <cairn-sstable> <chat_transcripts> [unittest args]")
    TOOL, CHAT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)
