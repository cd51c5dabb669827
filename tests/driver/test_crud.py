"""INSERT / SELECT / UPDATE / DELETE as Cassandra 4 does them, read through the driver.

Semantics worth knowing (all Cassandra's):
- INSERT writes a row marker, UPDATE does not: a row made by UPDATE disappears when its
  last regular cell is deleted; a row made by INSERT stays (with nulls).
- Results of a clustering IN come in clustering order, not IN order; IN on the partition
  key returns each partition once (duplicates in the IN list are merged).
- A partition with only static cells returns one row with null clustering columns.
- Empty non-frozen collections are null; an empty frozen collection is a value.
- COUNT(*) without a partition key restriction returns the warning "Aggregation query
  used without partition key".
"""

from cassandra import InvalidRequest
from cassandra.query import SimpleStatement
from cassandra.util import OrderedMapSerializedKey, SortedSet

import harness
from harness import NodeTestCase


def tearDownModule():
    harness.stop_module_nodes(__name__)


class CrudTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE kv (k int PRIMARY KEY, v text, n int)")
        s.execute("CREATE TABLE wide (k int, c int, v text, s text STATIC, PRIMARY KEY (k, c))")
        s.execute("CREATE TABLE multi (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2))")
        s.execute("CREATE TABLE comp (a int, b text, c int, v int, PRIMARY KEY ((a, b), c))")
        s.execute("CREATE TABLE coll (k int PRIMARY KEY, l list<int>, s set<text>, m map<text, int>, "
                  "fl frozen<list<int>>, fs frozen<set<int>>, fm frozen<map<int, text>>, "
                  "tup tuple<int, text, boolean>, nested map<text, frozen<list<int>>>, "
                  "ftup frozen<list<tuple<int, text>>>)")
        s.execute("CREATE TABLE blobs (k int PRIMARY KEY, b blob)")

    def fill_wide(self, k, n=10, v="v"):
        ins = self.session.prepare("INSERT INTO wide (k, c, v) VALUES (?, ?, ?)")
        for c in range(n):
            self.session.execute(ins, (k, c, "%s%d" % (v, c)))

    def cs(self, query, params=None):
        return [r.c for r in self.session.execute(query, params)]

    # -- rows and cells --------------------------------------------------------------

    def test_insert_select_star_and_columns(self):
        self.session.execute("INSERT INTO kv (k, v, n) VALUES (1, 'one', 11)")
        rs = self.session.execute("SELECT * FROM kv WHERE k = 1")
        self.assertEqual(rs.column_names, ["k", "n", "v"], "SELECT *: key, then columns by name")
        self.assertEqual(tuple(rs.one()), (1, 11, "one"))
        row = self.one("SELECT v, k FROM kv WHERE k = 1")
        self.assertEqual((row.v, row.k), ("one", 1))

    def test_aliases(self):
        self.session.execute("INSERT INTO kv (k, v, n) VALUES (2, 'two', 22)")
        rs = self.session.execute("SELECT k AS key, v AS value, n AS num FROM kv WHERE k = 2")
        self.assertEqual(rs.column_names, ["key", "value", "num"])
        row = rs.one()
        self.assertEqual((row.key, row.value, row.num), (2, "two", 22))

    def test_function_column_names(self):
        self.session.execute("INSERT INTO kv (k, v) VALUES (3, 'x')")
        rs = self.session.execute("SELECT token(k), writetime(v), ttl(v) FROM kv WHERE k = 3")
        self.assertEqual(rs.column_names, ["system.token(k)", "writetime(v)", "ttl(v)"])
        rs = self.session.execute("SELECT COUNT(*) FROM kv WHERE k = 3")
        self.assertEqual(rs.column_names, ["count"])

    def test_upsert(self):
        self.session.execute("INSERT INTO kv (k, v, n) VALUES (4, 'a', 1)")
        self.session.execute("INSERT INTO kv (k, v) VALUES (4, 'b')")
        self.assertEqual(tuple(self.one("SELECT v, n FROM kv WHERE k = 4")), ("b", 1))
        self.session.execute("UPDATE kv SET n = 5 WHERE k = 40")   # creates the row
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 40")), (40, None, 5))

    def test_lightweight_transactions(self):
        rs = self.session.execute("INSERT INTO kv (k, v, n) VALUES (77, 'a', 1) IF NOT EXISTS")
        self.assertTrue(rs.was_applied)
        self.assertEqual(rs.column_names, ["[applied]"])
        rs = self.session.execute("INSERT INTO kv (k, v, n) VALUES (77, 'b', 2) IF NOT EXISTS")
        self.assertFalse(rs.was_applied)
        self.assertEqual(rs.one().v, "a")   # the row as it stands comes back
        ins = self.session.prepare("UPDATE kv SET v = ? WHERE k = ? IF v = ?")
        self.assertFalse(self.session.execute(ins, ("c", 77, "nope")).was_applied)
        self.assertTrue(self.session.execute(ins, ("c", 77, "a")).was_applied)
        self.assertEqual(self.one("SELECT v FROM kv WHERE k = 77").v, "c")
        self.assertFalse(self.session.execute("UPDATE kv SET v = 'x' WHERE k = 78 IF EXISTS").was_applied)
        self.assertIsNone(self.one("SELECT v FROM kv WHERE k = 78"))
        self.assertTrue(self.session.execute("DELETE FROM kv WHERE k = 77 IF EXISTS").was_applied)
        self.assertIsNone(self.one("SELECT v FROM kv WHERE k = 77"))

    def test_update_and_delete_cells(self):
        self.session.execute("INSERT INTO kv (k, v, n) VALUES (5, 'a', 1)")
        self.session.execute("UPDATE kv SET v = 'b', n = 2 WHERE k = 5")
        self.assertEqual(tuple(self.one("SELECT v, n FROM kv WHERE k = 5")), ("b", 2))
        self.session.execute("DELETE v FROM kv WHERE k = 5")
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 5")), (5, None, 2))
        self.session.execute("UPDATE kv SET n = null WHERE k = 5")
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 5")), (5, None, None))

    def test_row_marker_semantics(self):
        # INSERT: the row survives losing all its cells
        self.session.execute("INSERT INTO kv (k, v) VALUES (6, 'a')")
        self.session.execute("DELETE v FROM kv WHERE k = 6")
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 6")), (6, None, None))
        # UPDATE: no row marker, the row is gone with its last cell
        self.session.execute("UPDATE kv SET v = 'a' WHERE k = 7")
        self.assertIsNotNone(self.one("SELECT k FROM kv WHERE k = 7"))
        self.session.execute("DELETE v FROM kv WHERE k = 7")
        self.assertIsNone(self.one("SELECT k FROM kv WHERE k = 7"))
        # an INSERT of only the key is a row
        self.session.execute("INSERT INTO kv (k) VALUES (8)")
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 8")), (8, None, None))

    def test_delete_row_partition_and_clustering_ranges(self):
        self.fill_wide(10)
        self.session.execute("UPDATE wide SET s = 'static' WHERE k = 10")
        self.session.execute("DELETE FROM wide WHERE k = 10 AND c = 3")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 10"), [0, 1, 2, 4, 5, 6, 7, 8, 9])
        self.session.execute("DELETE FROM wide WHERE k = 10 AND c > 5")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 10"), [0, 1, 2, 4, 5])
        self.session.execute("DELETE FROM wide WHERE k = 10 AND c >= 1 AND c < 3")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 10"), [0, 4, 5])
        self.session.execute("DELETE FROM wide WHERE k = 10 AND c <= 0")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 10"), [4, 5])
        self.assertEqual({r.s for r in self.session.execute("SELECT s FROM wide WHERE k = 10")}, {"static"})
        # writes into a deleted range are visible again (newer timestamps)
        self.session.execute("INSERT INTO wide (k, c, v) VALUES (10, 7, 'back')")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 10"), [4, 5, 7])
        self.session.execute("DELETE FROM wide WHERE k = 10")
        self.assertEqual(self.rows("SELECT * FROM wide WHERE k = 10"), [])

    def test_delete_multi_column_prefix(self):
        for c1 in range(3):
            for c2 in range(3):
                self.session.execute("INSERT INTO multi (k, c1, c2, v) VALUES (20, %s, %s, 0)", (c1, c2))
        self.session.execute("DELETE FROM multi WHERE k = 20 AND c1 = 1")     # a clustering prefix
        self.session.execute("DELETE FROM multi WHERE k = 20 AND c1 = 2 AND c2 > 0")
        rows = [(r.c1, r.c2) for r in self.session.execute("SELECT c1, c2 FROM multi WHERE k = 20")]
        self.assertEqual(rows, [(0, 0), (0, 1), (0, 2), (2, 0)])

    def test_delete_in(self):
        for k in (30, 31, 32):
            self.session.execute("INSERT INTO kv (k, v) VALUES (%s, 'x')", (k,))
        self.session.execute("DELETE FROM kv WHERE k IN (30, 32)")
        self.assertEqual([r.k for r in self.session.execute("SELECT k FROM kv WHERE k IN (30, 31, 32)")], [31])

    # -- WHERE -----------------------------------------------------------------------

    def test_clustering_operators(self):
        self.fill_wide(11)
        q = "SELECT c FROM wide WHERE k = 11 AND "
        self.assertEqual(self.cs(q + "c = 4"), [4])
        self.assertEqual(self.cs(q + "c < 3"), [0, 1, 2])
        self.assertEqual(self.cs(q + "c <= 3"), [0, 1, 2, 3])
        self.assertEqual(self.cs(q + "c > 7"), [8, 9])
        self.assertEqual(self.cs(q + "c >= 7"), [7, 8, 9])
        self.assertEqual(self.cs(q + "c > 2 AND c <= 5"), [3, 4, 5])
        self.assertEqual(self.cs(q + "c >= 5 AND c < 5"), [])
        self.assertEqual(self.cs(q + "c IN (5, 1, 3)"), [1, 3, 5], "IN results come in clustering order")
        self.assertEqual(self.cs(q + "c IN (5, 1, 3) ORDER BY c DESC"), [5, 3, 1])
        self.assertEqual(self.cs(q + "c IN (42)"), [])
        self.assertEqual(self.cs(q + "c = 42"), [])

    def test_multi_column_relations(self):
        for c1 in range(3):
            for c2 in range(3):
                self.session.execute("INSERT INTO multi (k, c1, c2, v) VALUES (21, %s, %s, %s)", (c1, c2, c1 * 10 + c2))
        q = "SELECT c1, c2 FROM multi WHERE k = 21 AND "

        def pairs(where):
            return [(r.c1, r.c2) for r in self.session.execute(q + where)]

        self.assertEqual(pairs("(c1, c2) > (1, 1)"), [(1, 2), (2, 0), (2, 1), (2, 2)])
        self.assertEqual(pairs("(c1, c2) >= (1, 1) AND (c1, c2) < (2, 1)"), [(1, 1), (1, 2), (2, 0)])
        self.assertEqual(pairs("(c1, c2) = (0, 2)"), [(0, 2)])
        self.assertEqual(pairs("(c1, c2) IN ((2, 2), (0, 1))"), [(0, 1), (2, 2)])
        self.assertEqual(pairs("(c1) > (1)"), [(2, 0), (2, 1), (2, 2)])
        self.assertEqual(pairs("c1 = 1 AND c2 > 0"), [(1, 1), (1, 2)])
        self.assertEqual(pairs("c1 IN (0, 2) AND c2 = 1"), [(0, 1), (2, 1)])
        self.assertEqual(pairs("c1 = 1 ORDER BY c1 DESC, c2 DESC"), [(1, 2), (1, 1), (1, 0)])

    def test_partition_key_in(self):
        for k in (50, 51, 52, 53):
            self.session.execute("INSERT INTO kv (k, v) VALUES (%s, 'x')", (k,))
        keys = [r.k for r in self.session.execute("SELECT k FROM kv WHERE k IN (53, 50, 52, 99)")]
        self.assertEqual(sorted(keys), [50, 52, 53])
        keys = [r.k for r in self.session.execute("SELECT k FROM kv WHERE k IN (51, 51, 51)")]
        self.assertEqual(keys, [51], "duplicates in IN are merged")
        ps = self.session.prepare("SELECT k FROM kv WHERE k IN ?")
        self.assertEqual(sorted(r.k for r in self.session.execute(ps, ([50, 51],))), [50, 51])
        self.assertEqual(list(self.session.execute(ps, ([],))), [])

    def test_composite_partition_key(self):
        self.session.execute("INSERT INTO comp (a, b, c, v) VALUES (1, 'x', 1, 10)")
        self.session.execute("INSERT INTO comp (a, b, c, v) VALUES (1, 'y', 1, 20)")
        self.assertEqual(self.one("SELECT v FROM comp WHERE a = 1 AND b = 'y' AND c = 1").v, 20)
        rows = self.rows("SELECT b, v FROM comp WHERE a = 1 AND b IN ('x', 'y')")
        self.assertEqual(sorted((r.b, r.v) for r in rows), [("x", 10), ("y", 20)])
        with self.assertRaises(InvalidRequest):     # partial partition key
            self.session.execute("SELECT * FROM comp WHERE a = 1")

    def test_token_range_queries(self):
        self.session.execute("CREATE TABLE IF NOT EXISTS ranges (k int PRIMARY KEY, v int)")
        ins = self.session.prepare("INSERT INTO ranges (k, v) VALUES (?, ?)")
        for k in range(200):
            self.session.execute(ins, (k, k))
        all_rows = [(r.k, r[1]) for r in self.session.execute("SELECT k, token(k) FROM ranges")]
        self.assertEqual(len(all_rows), 200)
        tokens = [t for _, t in all_rows]
        self.assertEqual(tokens, sorted(tokens), "a range scan returns partitions in token order")
        bounds = [-2 ** 63, -2 ** 62, 0, 2 ** 62, 2 ** 63 - 1]
        ps = self.session.prepare("SELECT k, token(k) FROM ranges WHERE token(k) > ? AND token(k) <= ?")
        self.assertEqual([c.name for c in ps.column_metadata], ["partition key token", "partition key token"])
        seen = []
        for lo, hi in zip(bounds, bounds[1:]):
            part = [(r.k, r[1]) for r in self.session.execute(ps, (lo, hi))]
            for _, t in part:
                self.assertTrue(lo < t <= hi, (lo, t, hi))
            seen.extend(part)
        self.assertEqual(sorted(seen), sorted(all_rows))
        mid = tokens[100]
        after = [r.k for r in self.session.execute("SELECT k FROM ranges WHERE token(k) > %s" % mid)]
        self.assertEqual(after, [k for k, t in all_rows if t > mid])
        upto = [r.k for r in self.session.execute("SELECT k FROM ranges WHERE token(k) <= %s" % mid)]
        self.assertEqual(len(upto) + len(after), 200)
        same = [r.k for r in self.session.execute("SELECT k FROM ranges WHERE token(k) = token(%d)" % all_rows[7][0])]
        self.assertEqual(same, [all_rows[7][0]])

    def test_order_by_and_limit(self):
        self.fill_wide(12)
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 12 ORDER BY c DESC"), list(range(9, -1, -1)))
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 12 LIMIT 3"), [0, 1, 2])
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 12 ORDER BY c DESC LIMIT 2"), [9, 8])
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 12 AND c < 5 ORDER BY c DESC LIMIT 2"), [4, 3])
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 12 AND c > 5 ORDER BY c ASC"), [6, 7, 8, 9])
        with self.assertRaises(InvalidRequest):   # ORDER BY needs the partition restricted
            self.session.execute("SELECT c FROM wide ORDER BY c DESC")
        with self.assertRaises(InvalidRequest):   # LIMIT must be > 0
            self.session.execute("SELECT c FROM wide WHERE k = 12 LIMIT 0")

    def test_per_partition_limit(self):
        for k in (13, 14, 15):
            self.fill_wide(k, 5)
        rows = [(r.k, r.c) for r in self.session.execute(
            "SELECT k, c FROM wide WHERE k IN (13, 14, 15) PER PARTITION LIMIT 2")]
        self.assertEqual(sorted(rows), [(13, 0), (13, 1), (14, 0), (14, 1), (15, 0), (15, 1)])
        rows = self.rows("SELECT k, c FROM wide WHERE k IN (13, 14, 15) PER PARTITION LIMIT 2 LIMIT 3")
        self.assertEqual(len(rows), 3)
        rows = self.rows("SELECT k, c FROM wide WHERE k = 13 PER PARTITION LIMIT 1")
        self.assertEqual([(r.k, r.c) for r in rows], [(13, 0)])
        # over a range scan: at most one row per partition
        rows = self.rows("SELECT k, c FROM wide PER PARTITION LIMIT 1")
        ks = [r.k for r in rows]
        self.assertEqual(len(ks), len(set(ks)))
        self.assertTrue({13, 14, 15} <= set(ks))
        self.assertTrue(all(r.c == 0 for r in rows if r.k in (13, 14, 15)))

    def test_distinct(self):
        for k in (16, 17):
            self.fill_wide(k, 3)
            self.session.execute("UPDATE wide SET s = %s WHERE k = %s", ("s%d" % k, k))
        rows = self.rows("SELECT DISTINCT k FROM wide")
        ks = [r.k for r in rows]
        self.assertEqual(len(ks), len(set(ks)))
        self.assertTrue({16, 17} <= set(ks))
        rows = self.rows("SELECT DISTINCT k, s FROM wide WHERE k IN (16, 17)")
        self.assertEqual(sorted((r.k, r.s) for r in rows), [(16, "s16"), (17, "s17")])
        with self.assertRaises(InvalidRequest):   # DISTINCT only on partition key / static columns
            self.session.execute("SELECT DISTINCT k, c FROM wide")

    def test_count(self):
        self.fill_wide(18, 7)
        self.session.execute("UPDATE wide SET v = null WHERE k = 18 AND c = 0")
        rs = self.session.execute("SELECT COUNT(*) FROM wide WHERE k = 18")
        self.assertEqual(rs.one()[0], 7)
        self.assertFalse(rs.response_future.warnings)
        self.assertEqual(self.one("SELECT COUNT(v) FROM wide WHERE k = 18")[0], 6, "COUNT(col) skips nulls")
        self.assertEqual(self.one("SELECT COUNT(*) FROM wide WHERE k = 18 AND c > 3")[0], 3)
        self.assertEqual(self.one("SELECT COUNT(1) FROM wide WHERE k = 18")[0], 7)
        self.assertEqual(self.one("SELECT COUNT(*) FROM wide WHERE k = 424242")[0], 0)
        rs = self.session.execute("SELECT COUNT(*) AS n FROM kv")
        self.assertEqual(rs.column_names, ["n"])
        self.assertGreaterEqual(rs.one().n, 1)
        self.assertEqual(rs.response_future.warnings, ["Aggregation query used without partition key"])
        rs = self.session.execute("SELECT COUNT(*) FROM wide WHERE k IN (18, 424242)")
        self.assertEqual(rs.one()[0], 7)
        self.assertEqual(rs.response_future.warnings,
                         ["Aggregation query used on multiple partition keys (IN restriction)"])

    def test_allow_filtering(self):
        for k in range(60, 66):
            self.session.execute("INSERT INTO kv (k, v, n) VALUES (%s, 'f', %s)", (k, k % 3))
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT k FROM kv WHERE n = 1")
        ks = sorted(r.k for r in self.session.execute("SELECT k FROM kv WHERE n = 1 ALLOW FILTERING") if r.k >= 60)
        self.assertEqual(ks, [61, 64])
        ks = sorted(r.k for r in self.session.execute(
            "SELECT k FROM kv WHERE n = 1 AND v = 'f' ALLOW FILTERING") if r.k >= 60)
        self.assertEqual(ks, [61, 64])
        self.fill_wide(19, 6)
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT c FROM wide WHERE k = 19 AND v = 'v3'")
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 19 AND v = 'v3' ALLOW FILTERING"), [3])
        self.assertEqual(self.cs("SELECT c FROM wide WHERE k = 19 AND v > 'v3' ALLOW FILTERING"), [4, 5])
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT c FROM wide WHERE c = 2")
        rows = self.rows("SELECT k, c FROM wide WHERE c = 2 ALLOW FILTERING")
        self.assertIn((19, 2), [(r.k, r.c) for r in rows])

    # -- statics, nulls, empties -----------------------------------------------------

    def test_static_columns(self):
        self.session.execute("UPDATE wide SET s = 'only-static' WHERE k = 70")
        rows = self.rows("SELECT * FROM wide WHERE k = 70")
        self.assertEqual([tuple(r) for r in rows], [(70, None, "only-static", None)])
        self.assertEqual(self.rows("SELECT * FROM wide WHERE k = 70 AND c = 1"), [])
        self.fill_wide(70, 3)
        rows = self.rows("SELECT k, c, s, v FROM wide WHERE k = 70")
        self.assertEqual([tuple(r) for r in rows],
                         [(70, 0, "only-static", "v0"), (70, 1, "only-static", "v1"), (70, 2, "only-static", "v2")])
        self.session.execute("INSERT INTO wide (k, c, v, s) VALUES (70, 3, 'v3', 'changed')")
        self.assertEqual({r.s for r in self.session.execute("SELECT s FROM wide WHERE k = 70")}, {"changed"})
        self.session.execute("INSERT INTO wide (k, s) VALUES (71, 'static-insert')")
        self.assertEqual(tuple(self.one("SELECT k, c, s FROM wide WHERE k = 71")), (71, None, "static-insert"))
        self.session.execute("DELETE s FROM wide WHERE k = 70")
        self.assertEqual({r.s for r in self.session.execute("SELECT s FROM wide WHERE k = 70")}, {None})
        # a static cell may be written with a full primary key too (it is still per partition)
        self.session.execute("UPDATE wide SET s = 'via-row' WHERE k = 70 AND c = 1")
        self.assertEqual({r.s for r in self.session.execute("SELECT s FROM wide WHERE k = 70")}, {"via-row"})
        with self.assertRaises(InvalidRequest):   # a regular cell needs the clustering key
            self.session.execute("UPDATE wide SET v = 'x' WHERE k = 70")

    def test_null_columns(self):
        self.session.execute("INSERT INTO kv (k) VALUES (80)")
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 80")), (80, None, None))
        ps = self.session.prepare("INSERT INTO kv (k, v, n) VALUES (?, ?, ?)")
        self.session.execute(ps, (81, "x", 1))
        self.session.execute(ps, (81, None, None))   # null binds delete the cells
        self.assertEqual(tuple(self.one("SELECT k, v, n FROM kv WHERE k = 81")), (81, None, None))
        self.session.execute("INSERT INTO kv (k, v) VALUES (82, null)")
        self.assertEqual(tuple(self.one("SELECT k, v FROM kv WHERE k = 82")), (82, None))

    def test_empty_results(self):
        rs = self.session.execute("SELECT * FROM kv WHERE k = 999999")
        self.assertEqual(list(rs), [])
        self.assertIsNone(rs.one())
        self.assertFalse(rs.has_more_pages)
        self.assertEqual(rs.column_names, ["k", "n", "v"], "an empty result still has its columns")
        self.assertEqual(self.rows("SELECT * FROM wide WHERE k = 999999 AND c > 3"), [])
        self.assertEqual(self.rows("SELECT * FROM wide WHERE k IN (999998, 999999)"), [])
        rs = self.session.execute(SimpleStatement("SELECT * FROM multi WHERE k = 999999", fetch_size=10))
        self.assertEqual(list(rs), [])

    def test_text_and_blob_values(self):
        self.session.execute("INSERT INTO kv (k, v) VALUES (90, %s)", ("quote ' and unicode żółć ☃ 𝄞",))
        self.assertEqual(self.one("SELECT v FROM kv WHERE k = 90").v, "quote ' and unicode żółć ☃ 𝄞")
        self.session.execute("INSERT INTO kv (k, v) VALUES (91, '')")
        self.assertEqual(self.one("SELECT v FROM kv WHERE k = 91").v, "", "empty text is a value, not null")
        big = bytes(range(256)) * 4096           # 1 MiB
        self.session.execute("INSERT INTO blobs (k, b) VALUES (%s, %s)", (1, big))
        self.assertEqual(self.one("SELECT b FROM blobs WHERE k = 1").b, big)
        self.session.execute("INSERT INTO blobs (k, b) VALUES (2, 0x)")
        self.assertEqual(self.one("SELECT b FROM blobs WHERE k = 2").b, b"")
        self.session.execute("INSERT INTO blobs (k, b) VALUES (3, 0xcafe)")
        self.assertEqual(self.one("SELECT b FROM blobs WHERE k = 3").b, b"\xca\xfe")

    # -- collections -----------------------------------------------------------------

    def coll(self, k, cols="l, s, m, fl, fs, fm, tup, nested, ftup"):
        return self.one("SELECT %s FROM coll WHERE k = %d" % (cols, k))

    def test_list_operations(self):
        self.session.execute("INSERT INTO coll (k, l) VALUES (1, [1, 2])")
        self.session.execute("UPDATE coll SET l = l + [3, 4] WHERE k = 1")
        self.session.execute("UPDATE coll SET l = [0] + l WHERE k = 1")
        self.assertEqual(self.coll(1).l, [0, 1, 2, 3, 4])
        self.session.execute("UPDATE coll SET l[1] = 10 WHERE k = 1")
        self.assertEqual(self.coll(1).l, [0, 10, 2, 3, 4])
        self.session.execute("DELETE l[0] FROM coll WHERE k = 1")
        self.assertEqual(self.coll(1).l, [10, 2, 3, 4])
        self.session.execute("UPDATE coll SET l = l + [2] WHERE k = 1")
        self.session.execute("UPDATE coll SET l = l - [2] WHERE k = 1")   # removes every 2
        self.assertEqual(self.coll(1).l, [10, 3, 4])
        self.session.execute("UPDATE coll SET l = [7, 7] WHERE k = 1")     # replaces
        self.assertEqual(self.coll(1).l, [7, 7])
        with self.assertRaises(InvalidRequest):
            self.session.execute("UPDATE coll SET l[10] = 1 WHERE k = 1")  # index out of bound
        self.session.execute("UPDATE coll SET l = [] WHERE k = 1")
        self.assertIsNone(self.coll(1).l, "an empty non-frozen list is null")

    def test_set_operations(self):
        self.session.execute("INSERT INTO coll (k, s) VALUES (2, {'a'})")
        self.session.execute("UPDATE coll SET s = s + {'c', 'b'} WHERE k = 2")
        v = self.coll(2).s
        self.assertIsInstance(v, SortedSet)
        self.assertEqual(list(v), ["a", "b", "c"], "sets come sorted")
        self.session.execute("UPDATE coll SET s = s - {'a', 'zzz'} WHERE k = 2")
        self.assertEqual(self.coll(2).s, {"b", "c"})
        self.session.execute("UPDATE coll SET s = {} WHERE k = 2")
        self.assertIsNone(self.coll(2).s)
        self.session.execute("UPDATE coll SET s = s + {'x'} WHERE k = 2")
        self.assertEqual(self.coll(2).s, {"x"})

    def test_map_operations(self):
        self.session.execute("INSERT INTO coll (k, m) VALUES (3, {'a': 1})")
        self.session.execute("UPDATE coll SET m['b'] = 2 WHERE k = 3")
        self.session.execute("UPDATE coll SET m = m + {'c': 3, 'a': 100} WHERE k = 3")
        m = self.coll(3).m
        self.assertIsInstance(m, OrderedMapSerializedKey)
        self.assertEqual(list(m.items()), [("a", 100), ("b", 2), ("c", 3)], "maps come sorted by key")
        self.session.execute("DELETE m['a'] FROM coll WHERE k = 3")
        self.session.execute("UPDATE coll SET m = m - {'b'} WHERE k = 3")
        self.assertEqual(dict(self.coll(3).m), {"c": 3})
        self.session.execute("UPDATE coll SET m['c'] = null WHERE k = 3")
        self.assertIsNone(self.coll(3).m)
        ps = self.session.prepare("UPDATE coll SET m[?] = ? WHERE k = ?")
        self.session.execute(ps, ("z", 26, 3))
        self.assertEqual(dict(self.coll(3).m), {"z": 26})
        # element selection (Cassandra 4.0, CASSANDRA-7396)
        self.assertEqual(self.one("SELECT m['z'] FROM coll WHERE k = 3")[0], 26)

    def test_frozen_collections_and_tuples(self):
        ps = self.session.prepare("INSERT INTO coll (k, fl, fs, fm, tup, nested, ftup) VALUES (?, ?, ?, ?, ?, ?, ?)")
        self.session.execute(ps, (4, [3, 1, 3], {5, 1}, {2: "b", 1: "a"}, (1, "x", True),
                                  {"q": [1, 2], "p": []}, [(1, "a"), (2, None)]))
        r = self.coll(4)
        self.assertEqual(r.fl, [3, 1, 3])
        self.assertEqual(list(r.fs), [1, 5])
        self.assertEqual(list(r.fm.items()), [(1, "a"), (2, "b")])
        self.assertEqual(r.tup, (1, "x", True))
        self.assertEqual(dict(r.nested), {"p": [], "q": [1, 2]})
        self.assertEqual(r.ftup, [(1, "a"), (2, None)])
        # frozen values are replaced whole; an empty frozen collection is a value
        self.session.execute("UPDATE coll SET fl = [], tup = (2, null, false) WHERE k = 4")
        r = self.coll(4)
        self.assertEqual(r.fl, [])
        self.assertEqual(r.tup, (2, None, False))
        self.session.execute("UPDATE coll SET nested['r'] = [9] WHERE k = 4")
        self.assertEqual(dict(self.coll(4).nested), {"p": [], "q": [1, 2], "r": [9]})
        with self.assertRaises(InvalidRequest):   # no element updates on frozen collections
            self.session.execute("UPDATE coll SET fl = fl + [1] WHERE k = 4")
        # literals
        self.session.execute("INSERT INTO coll (k, fl, fs, fm, tup) VALUES (5, [1], {2}, {3: 'c'}, (4, 'd', true))")
        r = self.coll(5)
        self.assertEqual((r.fl, list(r.fs), dict(r.fm), r.tup), ([1], [2], {3: "c"}, (4, "d", True)))

    def test_collection_literal_types_checked(self):
        with self.assertRaises(InvalidRequest):
            self.session.execute("INSERT INTO coll (k, l) VALUES (6, ['not an int'])")
        with self.assertRaises(InvalidRequest):
            self.session.execute("INSERT INTO coll (k, m) VALUES (6, {1: 1})")
        self.assertIsNone(self.one("SELECT k FROM coll WHERE k = 6"))
