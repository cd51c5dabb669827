"""Batches: text and BatchStatement, logged and unlogged, size thresholds, atomicity.

The node runs with batch_size_warn_threshold 5KiB and batch_size_fail_threshold 50KiB.
Cassandra 4 (cql3/statements/BatchStatement.verifyBatchSize):
- only a batch of more than one mutation is checked — a mutation is one partition of one
  keyspace, so a batch into a single partition (even of two tables) is never warned about
  nor refused (CASSANDRA-10876);
- over warn: the batch is applied and the client gets the warning
  "Batch for [ks.t, ...] is of size N, exceeding specified threshold of 5120 by N-5120."
  (sizes in bytes; the table list is a Java set, in no particular order);
- over fail: InvalidRequest ("Batch too large") and nothing is applied;
- an UNLOGGED batch over more than 10 partitions (unlogged_batch_across_partitions_warn
  _threshold) gets "Unlogged batch covering N partitions detected against table[s] [...].
  You should use a logged batch for atomicity, or asynchronous writes for performance."
"""

import re

from cassandra import InvalidRequest
from cassandra.protocol import SyntaxException
from cassandra.query import BatchStatement, BatchType, SimpleStatement

import harness
from harness import NodeTestCase

WARN_THRESHOLD = 5 * 1024
FAIL_THRESHOLD = 50 * 1024
WARNING_RE = re.compile(r"^Batch for \[(?P<tables>[^\]]*)\] is of size (?P<size>\d+), "
                        r"exceeding specified threshold of (?P<threshold>\d+) by (?P<by>\d+)\.$")


def tearDownModule():
    harness.stop_module_nodes(__name__)


class BatchTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE t1 (k int, c int, v text, PRIMARY KEY (k, c))")
        s.execute("CREATE TABLE t2 (k int PRIMARY KEY, v text, n int)")
        s.execute("CREATE TABLE big (k int PRIMARY KEY, v text)")
        s.execute("CREATE TABLE big2 (k int PRIMARY KEY, v text)")
        cls.ins1 = s.prepare("INSERT INTO t1 (k, c, v) VALUES (?, ?, ?)")
        cls.ins2 = s.prepare("INSERT INTO t2 (k, v) VALUES (?, ?)")
        cls.ins_big = s.prepare("INSERT INTO big (k, v) VALUES (?, ?)")

    def assert_size_warning(self, warnings, tables, payload):
        self.assertTrue(warnings, "no warning for a batch over batch_size_warn_threshold")
        matches = [WARNING_RE.match(w) for w in warnings]
        found = [m for m in matches if m]
        self.assertEqual(len(found), 1, "expected one 'Batch for [...] is of size ...' warning in %r" % warnings)
        m = found[0]
        self.assertEqual(sorted(t.strip() for t in m.group("tables").split(",")),
                         sorted("%s.%s" % (self.ks, t) for t in tables))
        size, threshold, by = int(m.group("size")), int(m.group("threshold")), int(m.group("by"))
        self.assertEqual(threshold, WARN_THRESHOLD)
        self.assertEqual(by, size - threshold)
        self.assertTrue(payload <= size <= 2 * payload + 1024,
                        "size %d is not the batch's data size (values alone are %d bytes)" % (size, payload))

    def test_logged_text_batch_two_tables(self):
        self.session.execute("""
            BEGIN BATCH
              INSERT INTO t1 (k, c, v) VALUES (1, 1, 'a');
              INSERT INTO t1 (k, c, v) VALUES (1, 2, 'b');
              INSERT INTO t2 (k, v) VALUES (1, 'x');
              UPDATE t2 SET n = 5 WHERE k = 2;
            APPLY BATCH""")
        self.assertEqual([tuple(r) for r in self.session.execute("SELECT c, v FROM t1 WHERE k = 1")],
                         [(1, "a"), (2, "b")])
        self.assertEqual(self.one("SELECT v FROM t2 WHERE k = 1").v, "x")
        self.assertEqual(self.one("SELECT n FROM t2 WHERE k = 2").n, 5)
        self.session.execute("""
            BEGIN BATCH
              DELETE FROM t1 WHERE k = 1 AND c = 1;
              DELETE v FROM t2 WHERE k = 1;
            APPLY BATCH""")
        self.assertEqual([r.c for r in self.session.execute("SELECT c FROM t1 WHERE k = 1")], [2])
        self.assertIsNone(self.one("SELECT v FROM t2 WHERE k = 1").v)

    def test_unlogged_text_batch(self):
        self.session.execute("BEGIN UNLOGGED BATCH "
                             "INSERT INTO t1 (k, c, v) VALUES (3, 1, 'u'); "
                             "INSERT INTO t2 (k, v) VALUES (3, 'u'); "
                             "APPLY BATCH")
        self.assertEqual(self.one("SELECT v FROM t1 WHERE k = 3 AND c = 1").v, "u")
        self.assertEqual(self.one("SELECT v FROM t2 WHERE k = 3").v, "u")

    def test_batch_statement_of_prepared_statements(self):
        for batch_type, k in ((BatchType.LOGGED, 10), (BatchType.UNLOGGED, 20)):
            batch = BatchStatement(batch_type=batch_type)
            batch.add(self.ins1, (k, 1, "p1"))
            batch.add(self.ins1, (k, 2, "p2"))
            batch.add(self.ins2, (k, "p"))
            batch.add(SimpleStatement("UPDATE t2 SET n = %s WHERE k = %s"), (7, k + 1))
            batch.add("INSERT INTO t2 (k, v) VALUES (%s, %s)", (k + 2, "text"))
            rs = self.session.execute(batch)
            self.assertFalse(rs.response_future.warnings)
            self.assertEqual([r.v for r in self.session.execute("SELECT v FROM t1 WHERE k = %s", (k,))], ["p1", "p2"])
            self.assertEqual(self.one("SELECT v FROM t2 WHERE k = %s", (k,)).v, "p")
            self.assertEqual(self.one("SELECT n FROM t2 WHERE k = %s", (k + 1,)).n, 7)
            self.assertEqual(self.one("SELECT v FROM t2 WHERE k = %s", (k + 2,)).v, "text")

    def test_prepared_batch_text(self):
        ps = self.session.prepare("BEGIN BATCH INSERT INTO t1 (k, c, v) VALUES (?, ?, ?); "
                                  "INSERT INTO t2 (k, v) VALUES (?, ?); APPLY BATCH")
        self.assertEqual([c.name for c in ps.column_metadata], ["k", "c", "v", "k", "v"])
        self.session.execute(ps, (30, 1, "pb", 30, "pb"))
        self.assertEqual(self.one("SELECT v FROM t1 WHERE k = 30 AND c = 1").v, "pb")
        self.assertEqual(self.one("SELECT v FROM t2 WHERE k = 30").v, "pb")

    def test_batch_timestamps_and_ttl(self):
        self.session.execute("BEGIN BATCH USING TIMESTAMP 1234 "
                             "INSERT INTO t2 (k, v) VALUES (40, 'ts'); "
                             "INSERT INTO t1 (k, c, v) VALUES (40, 1, 'ts'); "
                             "APPLY BATCH")
        self.assertEqual(self.one("SELECT WRITETIME(v) FROM t2 WHERE k = 40")[0], 1234)
        self.assertEqual(self.one("SELECT WRITETIME(v) FROM t1 WHERE k = 40 AND c = 1")[0], 1234)
        self.session.execute("BEGIN BATCH "
                             "INSERT INTO t2 (k, v) VALUES (41, 'ttl') USING TTL 100; "
                             "INSERT INTO t2 (k, v) VALUES (42, 'ts') USING TIMESTAMP 99; "
                             "APPLY BATCH")
        self.assertTrue(90 <= self.one("SELECT TTL(v) FROM t2 WHERE k = 41")[0] <= 100)
        self.assertEqual(self.one("SELECT WRITETIME(v) FROM t2 WHERE k = 42")[0], 99)
        with self.assertRaises(InvalidRequest):   # a timestamp on both the batch and a statement
            self.session.execute("BEGIN BATCH USING TIMESTAMP 5 "
                                 "INSERT INTO t2 (k, v) VALUES (43, 'x') USING TIMESTAMP 6; APPLY BATCH")
        # a BatchStatement carries the driver's client-side timestamp for all its statements
        batch = BatchStatement()
        batch.add(self.ins2, (44, "client-ts"))
        batch.add(self.ins1, (44, 1, "client-ts"))
        self.session.execute(batch)
        self.assertEqual(self.one("SELECT WRITETIME(v) FROM t2 WHERE k = 44")[0],
                         self.one("SELECT WRITETIME(v) FROM t1 WHERE k = 44 AND c = 1")[0])

    def test_batch_over_warn_threshold_succeeds_with_warning(self):
        value = "w" * 1500
        keys = range(100, 106)   # six partitions: six mutations
        with harness.LogCapture("cassandra.protocol", "WARNING") as log:
            rs = self.session.execute("BEGIN BATCH " + "".join(
                "INSERT INTO big (k, v) VALUES (%d, '%s'); " % (k, value) for k in keys) + "APPLY BATCH")
        self.assert_size_warning(rs.response_future.warnings, ["big"], 6 * 1500)
        self.assertTrue(any(m.startswith("Server warning: Batch for [") for m in log.messages()),
                        "the driver logs server warnings as 'Server warning: ...'")
        self.assertEqual(sorted(r.k for r in self.session.execute(
            "SELECT k FROM big WHERE k IN (100, 101, 102, 103, 104, 105)")), list(keys))

    def test_batch_over_warn_threshold_two_tables_prepared(self):
        value = "y" * 1500
        batch = BatchStatement(batch_type=BatchType.UNLOGGED)
        for k in range(200, 203):
            batch.add(self.ins_big, (k, value))
        for k in range(203, 206):
            batch.add("INSERT INTO big2 (k, v) VALUES (%s, %s)", (k, value))
        rs = self.session.execute(batch)
        self.assert_size_warning(rs.response_future.warnings, ["big", "big2"], 6 * 1500)
        self.assertEqual(len(self.rows("SELECT k FROM big WHERE k IN (200, 201, 202)")), 3)
        self.assertEqual(len(self.rows("SELECT k FROM big2 WHERE k IN (203, 204, 205)")), 3)

    def test_batch_over_fail_threshold_is_refused_and_applies_nothing(self):
        value = "f" * 10000
        keys = list(range(300, 306))          # six partitions of 10,000 bytes: over 50 KiB
        batch = BatchStatement(batch_type=BatchType.LOGGED)
        for k in keys:
            batch.add(self.ins_big, (k, value))
        batch.add(self.ins2, (300, "small"))   # a small statement in another table
        with self.assertRaises(InvalidRequest):
            self.session.execute(batch)
        self.assertEqual(self.rows("SELECT k FROM big WHERE k IN (300, 301, 302, 303, 304, 305)"), [])
        self.assertIsNone(self.one("SELECT k FROM t2 WHERE k = 300"))
        # text and unlogged: the same
        with self.assertRaises(InvalidRequest):
            self.session.execute("BEGIN UNLOGGED BATCH " + "".join(
                "INSERT INTO big (k, v) VALUES (%d, '%s'); " % (k, value) for k in keys) + "APPLY BATCH")
        self.assertEqual(self.rows("SELECT k FROM big WHERE k IN (300, 301, 302, 303, 304, 305)"), [])
        # the session is fine afterwards
        self.session.execute(self.ins_big, (306, "ok"))
        self.assertEqual(self.one("SELECT v FROM big WHERE k = 306").v, "ok")

    def test_single_partition_batch_is_not_size_checked(self):
        value = "s" * 10000
        batch = BatchStatement(batch_type=BatchType.LOGGED)
        for c in range(8):                     # 80,000 bytes, one partition: one mutation
            batch.add(self.ins1, (400, c, value))
        rs = self.session.execute(batch)
        self.assertFalse(rs.response_future.warnings)
        self.assertEqual(self.one("SELECT COUNT(*) FROM t1 WHERE k = 400")[0], 8)

    def test_unlogged_batch_over_many_partitions_warns(self):
        batch = BatchStatement(batch_type=BatchType.UNLOGGED)
        for k in range(500, 511):              # 11 partitions
            batch.add(self.ins2, (k, "u"))
        rs = self.session.execute(batch)
        warnings = rs.response_future.warnings or []
        self.assertTrue(any(w.startswith("Unlogged batch covering 11 partitions detected against table [%s.t2]"
                                         % self.ks) for w in warnings), warnings)
        self.assertEqual(len(self.rows("SELECT k FROM t2 WHERE k IN (500, 505, 510)")), 3)
        # a logged batch of the same partitions: no such warning
        batch = BatchStatement(batch_type=BatchType.LOGGED)
        for k in range(500, 511):
            batch.add(self.ins2, (k, "l"))
        rs = self.session.execute(batch)
        self.assertFalse(rs.response_future.warnings)

    def test_invalid_statement_fails_the_whole_batch(self):
        with self.assertRaises(InvalidRequest):
            self.session.execute("BEGIN BATCH INSERT INTO t2 (k, v) VALUES (600, 'a'); "
                                 "INSERT INTO no_such_table (k, v) VALUES (600, 'a'); APPLY BATCH")
        with self.assertRaises(InvalidRequest):
            self.session.execute("BEGIN BATCH INSERT INTO t2 (k, v) VALUES (601, 'a'); "
                                 "INSERT INTO t2 (k, v) VALUES (601, 'not an int', 1); APPLY BATCH")
        with self.assertRaises(InvalidRequest):
            self.session.execute("BEGIN BATCH INSERT INTO t2 (k, v) VALUES (602, 'a'); "
                                 "INSERT INTO t2 (k, n) VALUES (602, 'not an int'); APPLY BATCH")
        self.assertEqual(self.rows("SELECT k FROM t2 WHERE k IN (600, 601, 602)"), [])
        with self.assertRaises(SyntaxException):   # only INSERT, UPDATE and DELETE
            self.session.execute("BEGIN BATCH SELECT * FROM t2; APPLY BATCH")
        self.session.execute(self.ins2, (603, "after"))
        self.assertEqual(self.one("SELECT v FROM t2 WHERE k = 603").v, "after")

    def test_empty_batch(self):
        rs = self.session.execute("BEGIN BATCH APPLY BATCH")
        self.assertEqual(list(rs), [])
