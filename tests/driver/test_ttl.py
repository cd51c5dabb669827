"""TTL, WRITETIME and last-write-wins, as Cassandra 4 reconciles cells.

- TTL(c) is the remaining seconds (int), null for a cell without TTL; WRITETIME(c) is the
  write's timestamp in microseconds (bigint). Neither applies to key columns nor (in 4.x)
  to non-frozen collections: InvalidRequest.
- INSERT ... USING TTL gives the row marker the TTL too, so the whole row expires;
  UPDATE ... USING TTL only the cells it sets.
- default_time_to_live applies to writes without USING TTL; USING TTL 0 on such a table
  means "no TTL" (documented in Cassandra's CQL reference).
- Newest timestamp wins; on equal timestamps a deletion wins over a write, and between
  two writes the greater value wins (so the result does not depend on arrival order).
- The Python driver sends a client-side timestamp with every request (protocol v3+),
  so WRITETIME of an ordinary write is the client's clock in microseconds.
"""

import time

from cassandra import InvalidRequest

import harness
from harness import NodeTestCase


def tearDownModule():
    harness.stop_module_nodes(__name__)


class TtlWritetimeTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE t (k int PRIMARY KEY, v text, w text, l list<int>, fl frozen<list<int>>)")
        s.execute("CREATE TABLE wide (k int, c int, v text, PRIMARY KEY (k, c))")
        s.execute("CREATE TABLE dttl100 (k int PRIMARY KEY, v text) WITH default_time_to_live = 100")
        s.execute("CREATE TABLE dttl2 (k int PRIMARY KEY, v text) WITH default_time_to_live = 2")

    def ttl_wt(self, k, col="v", table="t"):
        return tuple(self.one("SELECT TTL(%s), WRITETIME(%s) FROM %s WHERE k = %d" % (col, col, table, k)))

    def test_using_ttl_reports_remaining_seconds(self):
        self.session.execute("INSERT INTO t (k, v, w) VALUES (1, 'a', 'b') USING TTL 100")
        ttl, wt = self.ttl_wt(1)
        self.assertIsInstance(ttl, int)
        self.assertTrue(90 <= ttl <= 100, ttl)
        self.assertIsInstance(wt, int)
        self.assertLess(abs(wt - time.time() * 1e6), 60e6, "writetime should be about now, in microseconds")
        rs = self.session.execute("SELECT TTL(v), WRITETIME(v) FROM t WHERE k = 1")
        self.assertEqual(rs.column_names, ["ttl(v)", "writetime(v)"])

    def test_using_timestamp(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (2, 'a') USING TIMESTAMP 123456789")
        self.assertEqual(self.ttl_wt(2), (None, 123456789))
        self.session.execute("INSERT INTO t (k, v) VALUES (3, 'a') USING TTL 50 AND TIMESTAMP 1000")
        ttl, wt = self.ttl_wt(3)
        self.assertEqual(wt, 1000)
        self.assertTrue(40 <= ttl <= 50, ttl)
        self.session.execute("UPDATE t USING TIMESTAMP 5000 AND TTL 60 SET w = 'x' WHERE k = 3")
        ttl, wt = self.ttl_wt(3, "w")
        self.assertEqual(wt, 5000)
        self.assertTrue(50 <= ttl <= 60, ttl)
        ps = self.session.prepare("INSERT INTO t (k, v) VALUES (?, ?) USING TTL ? AND TIMESTAMP ?")
        self.assertEqual([c.name for c in ps.column_metadata], ["k", "v", "[ttl]", "[timestamp]"])
        self.session.execute(ps, (4, "p", 30, 777))
        ttl, wt = self.ttl_wt(4)
        self.assertEqual(wt, 777)
        self.assertTrue(20 <= ttl <= 30, ttl)

    def test_update_using_ttl_affects_only_its_cells(self):
        self.session.execute("INSERT INTO t (k, v, w) VALUES (5, 'a', 'b')")
        self.session.execute("UPDATE t USING TTL 100 SET v = 'c' WHERE k = 5")
        self.assertIsNotNone(self.ttl_wt(5, "v")[0])
        self.assertIsNone(self.ttl_wt(5, "w")[0])

    def test_no_ttl_is_null(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (6, 'a')")
        self.assertIsNone(self.ttl_wt(6)[0])
        self.assertEqual(tuple(self.one("SELECT TTL(w), WRITETIME(w) FROM t WHERE k = 6")), (None, None),
                         "a null cell has neither")

    def test_client_timestamps(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (7, 'a')")
        wt1 = self.ttl_wt(7)[1]
        self.session.execute("UPDATE t SET v = 'b' WHERE k = 7")
        wt2 = self.ttl_wt(7)[1]
        self.assertGreater(wt2, wt1)
        self.assertLess(abs(wt2 - time.time() * 1e6), 60e6)

    def test_frozen_collection_writetime(self):
        self.session.execute("INSERT INTO t (k, fl) VALUES (8, [1, 2]) USING TIMESTAMP 4242")
        self.assertEqual(self.one("SELECT WRITETIME(fl) FROM t WHERE k = 8")[0], 4242)

    def test_ttl_writetime_invalid_targets(self):
        for cql in ("SELECT WRITETIME(k) FROM t WHERE k = 1",       # primary key column
                    "SELECT TTL(k) FROM t WHERE k = 1",
                    "SELECT WRITETIME(l) FROM t WHERE k = 1",       # non-frozen collection (4.x)
                    "SELECT TTL(l) FROM t WHERE k = 1"):
            with self.subTest(cql):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(cql)

    def test_ttl_bounds(self):
        with self.assertRaises(InvalidRequest):
            self.session.execute("INSERT INTO t (k, v) VALUES (9, 'a') USING TTL -1")
        with self.assertRaises(InvalidRequest):   # MAX_TTL is 20 years, 630720000 s
            self.session.execute("INSERT INTO t (k, v) VALUES (9, 'a') USING TTL 630720001")
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 9"), "a rejected write applies nothing")
        # (TTL 630720000 itself is legal, but Cassandra 4 rejects expirations past 2038-01-19
        # under its default expiration-overflow policy, so it is not tried here.)

    def test_default_time_to_live(self):
        self.session.execute("INSERT INTO dttl100 (k, v) VALUES (1, 'a')")
        ttl = self.ttl_wt(1, table="dttl100")[0]
        self.assertTrue(90 <= ttl <= 100, ttl)
        self.session.execute("INSERT INTO dttl100 (k, v) VALUES (2, 'a') USING TTL 10")
        ttl = self.ttl_wt(2, table="dttl100")[0]
        self.assertTrue(1 <= ttl <= 10, ttl)
        self.session.execute("INSERT INTO dttl100 (k, v) VALUES (3, 'a') USING TTL 0")
        self.assertIsNone(self.ttl_wt(3, table="dttl100")[0], "USING TTL 0 overrides the default: no TTL")

    def test_expiry(self):
        # Everything that should expire gets TTL 2 s (or the table default of 2 s); one
        # sleep then checks them all.
        s = self.session
        s.execute("INSERT INTO t (k, v, w) VALUES (100, 'a', 'b') USING TTL 2")          # whole row
        s.execute("INSERT INTO t (k, v, w) VALUES (101, 'a', 'b')")
        s.execute("UPDATE t USING TTL 2 SET v = 'c' WHERE k = 101")                        # one cell
        s.execute("UPDATE t USING TTL 2 SET v = 'c' WHERE k = 102")                        # no marker
        s.execute("INSERT INTO dttl2 (k, v) VALUES (1, 'a')")                              # table default
        s.execute("INSERT INTO dttl2 (k, v) VALUES (2, 'a') USING TTL 0")                  # no TTL
        s.execute("INSERT INTO dttl2 (k, v) VALUES (3, 'a') USING TTL 100")
        s.execute("INSERT INTO t (k, v) VALUES (103, 'long') USING TTL 100")
        for c in range(5):
            s.execute("INSERT INTO wide (k, c, v) VALUES (1, %s, 'x') USING TTL " + ("2" if c % 2 else "100"), (c,))
        self.assertIsNotNone(self.one("SELECT k FROM t WHERE k = 100"), "expired too early")
        time.sleep(3.5)
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 100"))
        self.assertEqual(tuple(self.one("SELECT k, v, w FROM t WHERE k = 101")), (101, None, "b"))
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 102"))
        self.assertIsNone(self.one("SELECT k FROM dttl2 WHERE k = 1"))
        self.assertEqual(self.one("SELECT v FROM dttl2 WHERE k = 2").v, "a")
        self.assertEqual(self.one("SELECT v FROM dttl2 WHERE k = 3").v, "a")
        self.assertEqual(self.one("SELECT v FROM t WHERE k = 103").v, "long")
        self.assertEqual([r.c for r in s.execute("SELECT c FROM wide WHERE k = 1")], [0, 2, 4])
        self.assertEqual(self.one("SELECT COUNT(*) FROM wide WHERE k = 1")[0], 3)
        self.assertEqual(sorted(r.k for r in s.execute("SELECT k FROM dttl2")), [2, 3])


class LastWriteWinsTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.execute("CREATE TABLE t (k int PRIMARY KEY, v text, n int)")
        cls.session.execute("CREATE TABLE wide (k int, c int, v text, PRIMARY KEY (k, c))")

    def v(self, k, table="t"):
        row = self.one("SELECT v FROM %s WHERE k = %d" % (table, k))
        return row.v if row else None

    def test_older_timestamp_loses(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (1, 'new') USING TIMESTAMP 2000")
        self.session.execute("INSERT INTO t (k, v) VALUES (1, 'old') USING TIMESTAMP 1000")
        self.assertEqual(self.v(1), "new")
        self.session.execute("UPDATE t USING TIMESTAMP 3000 SET v = 'newer' WHERE k = 1")
        self.assertEqual(self.v(1), "newer")
        self.session.execute("UPDATE t USING TIMESTAMP 2999 SET v = 'late' WHERE k = 1")
        self.assertEqual(self.v(1), "newer")

    def test_delete_with_older_timestamp_leaves_data(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (2, 'data') USING TIMESTAMP 2000")
        self.session.execute("DELETE FROM t USING TIMESTAMP 1000 WHERE k = 2")
        self.assertEqual(self.v(2), "data")
        self.session.execute("DELETE v FROM t USING TIMESTAMP 1999 WHERE k = 2")
        self.assertEqual(self.v(2), "data")

    def test_deletion_wins_ties_and_shadows_older_writes(self):
        self.session.execute("INSERT INTO t (k, v) VALUES (3, 'data') USING TIMESTAMP 2000")
        self.session.execute("DELETE FROM t USING TIMESTAMP 2000 WHERE k = 3")
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 3"), "a tombstone wins at an equal timestamp")
        self.session.execute("INSERT INTO t (k, v) VALUES (3, 'older') USING TIMESTAMP 1500")
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 3"), "shadowed by the newer partition tombstone")
        self.session.execute("INSERT INTO t (k, v) VALUES (3, 'newer') USING TIMESTAMP 2001")
        self.assertEqual(self.v(3), "newer")

    def test_cell_tombstone_tie(self):
        self.session.execute("INSERT INTO t (k, v, n) VALUES (4, 'a', 1) USING TIMESTAMP 100")
        self.session.execute("DELETE v FROM t USING TIMESTAMP 100 WHERE k = 4")
        self.assertEqual(tuple(self.one("SELECT v, n FROM t WHERE k = 4")), (None, 1))

    def test_equal_timestamps_greater_value_wins(self):
        for first, second in (("b", "a"), ("a", "b")):
            k = 5 if first == "b" else 6
            self.session.execute("INSERT INTO t (k, v) VALUES (%s, %s) USING TIMESTAMP 5000", (k, first))
            self.session.execute("INSERT INTO t (k, v) VALUES (%s, %s) USING TIMESTAMP 5000", (k, second))
            self.assertEqual(self.v(k), "b", "equal timestamps: the greater value wins whatever the order")

    def test_range_tombstone_timestamps(self):
        for c in range(6):
            self.session.execute("INSERT INTO wide (k, c, v) VALUES (1, %s, 'x') USING TIMESTAMP %s", (c, 1000 + c))
        # deletes rows 0..5 written before 1003: rows 0, 1, 2 (and 3 on the tie)
        self.session.execute("DELETE FROM wide USING TIMESTAMP 1003 WHERE k = 1 AND c >= 0 AND c <= 5")
        self.assertEqual([r.c for r in self.session.execute("SELECT c FROM wide WHERE k = 1")], [4, 5])
        self.session.execute("INSERT INTO wide (k, c, v) VALUES (1, 1, 'y') USING TIMESTAMP 1002")
        self.assertEqual([r.c for r in self.session.execute("SELECT c FROM wide WHERE k = 1")], [4, 5])
        self.session.execute("INSERT INTO wide (k, c, v) VALUES (1, 1, 'y') USING TIMESTAMP 1004")
        self.assertEqual([r.c for r in self.session.execute("SELECT c FROM wide WHERE k = 1")], [1, 4, 5])

    def test_row_delete_timestamp_vs_cells(self):
        self.session.execute("INSERT INTO wide (k, c, v) VALUES (2, 1, 'x') USING TIMESTAMP 10")
        self.session.execute("UPDATE wide USING TIMESTAMP 30 SET v = 'late' WHERE k = 2 AND c = 1")
        self.session.execute("DELETE FROM wide USING TIMESTAMP 20 WHERE k = 2 AND c = 1")
        # the row marker (10) is deleted, the cell written at 30 survives: the row shows
        rows = self.rows("SELECT c, v FROM wide WHERE k = 2")
        self.assertEqual([tuple(r) for r in rows], [(1, "late")])
