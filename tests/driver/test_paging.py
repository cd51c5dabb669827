"""Paging: every row exactly once and in order, at several page sizes, automatic and manual.

Cassandra pages hold exactly fetch_size rows except the last (which may be empty when the
rows end on a page boundary); a range scan returns partitions in token order and, inside
a partition, rows in clustering order; a paging state may be resumed on any connection.
The driver's default fetch_size is 5000.
"""

from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import SimpleStatement

import harness
from harness import NodeTestCase

WIDE_ROWS = 5000
PARTITIONS = 3000


def tearDownModule():
    harness.stop_module_nodes(__name__)


def rows_per_partition(k):
    return k % 3 + 1          # 1, 2 or 3 rows: page boundaries fall inside partitions


class PagingTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE wide (k int, c int, v text, PRIMARY KEY (k, c))")
        s.execute("CREATE TABLE many (k int, c int, v int, PRIMARY KEY (k, c))")
        ins = s.prepare("INSERT INTO wide (k, c, v) VALUES (1, ?, ?)")
        cls.check(execute_concurrent_with_args(s, ins, [(c, "v%d" % c) for c in range(WIDE_ROWS)], concurrency=64))
        ins = s.prepare("INSERT INTO many (k, c, v) VALUES (?, ?, ?)")
        args = [(k, c, c) for k in range(PARTITIONS) for c in range(rows_per_partition(k))]
        cls.many_rows = len(args)
        cls.check(execute_concurrent_with_args(s, ins, args, concurrency=64))
        tc = cls.cluster.metadata.token_map.token_class
        from cassandra.cqltypes import Int32Type
        cls.token_of = {k: tc.from_key(Int32Type.serialize(k, 4)).value for k in range(PARTITIONS)}
        cls.expected_many = sorted(((k, c) for k, c, _ in args), key=lambda kc: (cls.token_of[kc[0]], kc[1]))

    @staticmethod
    def check(results):
        failures = [r for ok, r in results if not ok]
        if failures:
            raise AssertionError("%d inserts failed, first: %r" % (len(failures), failures[0]))

    def pages(self, statement, params=None):
        """All pages of a query as lists of rows, fetched one by one."""
        rs = self.session.execute(statement, params)
        pages = [list(rs.current_rows)]
        while rs.has_more_pages:
            rs.fetch_next_page()
            pages.append(list(rs.current_rows))
        return pages

    def assert_page_sizes(self, pages, fetch_size, total):
        self.assertEqual(sum(len(p) for p in pages), total)
        for p in pages[:-1]:
            self.assertEqual(len(p), fetch_size, "only the last page may be short")
        self.assertLessEqual(len(pages[-1]), fetch_size)
        self.assertIn(len(pages), (-(-total // fetch_size), -(-total // fetch_size) + 1))

    def test_single_partition_pages(self):
        for fetch_size in (100, 1000, 333):
            with self.subTest(fetch_size=fetch_size):
                stmt = SimpleStatement("SELECT c, v FROM wide WHERE k = 1", fetch_size=fetch_size)
                pages = self.pages(stmt)
                self.assert_page_sizes(pages, fetch_size, WIDE_ROWS)
                rows = [r for p in pages for r in p]
                self.assertEqual([r.c for r in rows], list(range(WIDE_ROWS)))
                self.assertEqual(rows[4321].v, "v4321")

    def test_single_partition_iteration_desc(self):
        stmt = SimpleStatement("SELECT c FROM wide WHERE k = 1 ORDER BY c DESC", fetch_size=77)
        self.assertEqual([r.c for r in self.session.execute(stmt)], list(range(WIDE_ROWS - 1, -1, -1)))

    def test_single_partition_slice_pages(self):
        stmt = SimpleStatement("SELECT c FROM wide WHERE k = 1 AND c >= 1000 AND c < 3500", fetch_size=100)
        self.assertEqual([r.c for r in self.session.execute(stmt)], list(range(1000, 3500)))
        stmt = SimpleStatement("SELECT c FROM wide WHERE k = 1 AND c > 4990 ORDER BY c DESC", fetch_size=3)
        self.assertEqual([r.c for r in self.session.execute(stmt)], list(range(4999, 4990, -1)))

    def test_range_scan_pages(self):
        for fetch_size in (100, 1000):
            with self.subTest(fetch_size=fetch_size):
                pages = self.pages(SimpleStatement("SELECT k, c FROM many", fetch_size=fetch_size))
                self.assert_page_sizes(pages, fetch_size, self.many_rows)
                got = [(r.k, r.c) for p in pages for r in p]
                self.assertEqual(len(set(got)), len(got), "a row came twice")
                self.assertEqual(got, self.expected_many, "token order, then clustering order")

    def test_range_scan_default_fetch_size(self):
        rs = self.session.execute("SELECT k, c FROM many")
        self.assertEqual(len(rs.current_rows), 5000, "the driver's default fetch_size is 5000")
        self.assertTrue(rs.has_more_pages)
        got = [(r.k, r.c) for r in rs]
        self.assertEqual(got, self.expected_many)

    def test_prepared_statement_paging(self):
        ps = self.session.prepare("SELECT c FROM wide WHERE k = ?")
        bound = ps.bind((1,))
        bound.fetch_size = 250
        pages = self.pages(bound)
        self.assert_page_sizes(pages, 250, WIDE_ROWS)
        self.assertEqual([r.c for p in pages for r in p], list(range(WIDE_ROWS)))
        ps = self.session.prepare("SELECT k, c FROM many WHERE token(k) > ?")
        lowest = min(self.token_of.values())
        bound = ps.bind((lowest,))
        bound.fetch_size = 500
        got = [(r.k, r.c) for r in self.session.execute(bound)]
        self.assertEqual(got, [kc for kc in self.expected_many if self.token_of[kc[0]] > lowest])

    def test_manual_paging_state(self):
        for query, expected in (("SELECT c FROM wide WHERE k = 1", [(c,) for c in range(WIDE_ROWS)]),
                                ("SELECT k, c FROM many", self.expected_many)):
            with self.subTest(query):
                stmt = SimpleStatement(query, fetch_size=700)
                got, state, requests = [], None, 0
                while True:
                    rs = self.session.execute(stmt, paging_state=state)
                    requests += 1
                    got.extend(tuple(r) for r in rs.current_rows)
                    state = rs.paging_state
                    if state is None:
                        break
                    self.assertIsInstance(state, bytes)
                    self.assertLess(requests, 100, "paging does not end")
                self.assertEqual(got, expected)

    def test_paging_state_resumes_on_another_connection(self):
        stmt = SimpleStatement("SELECT c FROM wide WHERE k = 1", fetch_size=1000)
        rs = self.session.execute(stmt)
        first = [r.c for r in rs.current_rows]
        state = rs.paging_state
        other = self.node.session(self.ks)
        try:
            rs2 = other.execute(SimpleStatement("SELECT c FROM wide WHERE k = 1", fetch_size=1000), paging_state=state)
            self.assertEqual(first + [r.c for r in rs2.current_rows], list(range(2000)))
            # the same state twice gives the same page (a paging state is not consumed)
            rs3 = self.session.execute(stmt, paging_state=state)
            self.assertEqual([r.c for r in rs3.current_rows], list(range(1000, 2000)))
        finally:
            other.cluster.shutdown()

    def test_paging_with_limits(self):
        stmt = SimpleStatement("SELECT c FROM wide WHERE k = 1 LIMIT 1234", fetch_size=100)
        self.assertEqual([r.c for r in self.session.execute(stmt)], list(range(1234)))
        stmt = SimpleStatement("SELECT k, c FROM many LIMIT 2500", fetch_size=100)
        self.assertEqual([(r.k, r.c) for r in self.session.execute(stmt)], self.expected_many[:2500])
        stmt = SimpleStatement("SELECT k, c FROM many PER PARTITION LIMIT 1", fetch_size=100)
        got = [(r.k, r.c) for r in self.session.execute(stmt)]
        self.assertEqual(len(got), PARTITIONS)
        self.assertEqual(got, [kc for kc in self.expected_many if kc[1] == 0])
        stmt = SimpleStatement("SELECT k, c FROM many PER PARTITION LIMIT 2 LIMIT 1001", fetch_size=100)
        got = [(r.k, r.c) for r in self.session.execute(stmt)]
        self.assertEqual(got, [kc for kc in self.expected_many if kc[1] < 2][:1001])

    def test_paging_with_filtering(self):
        stmt = SimpleStatement("SELECT k, c FROM many WHERE v = 2 ALLOW FILTERING", fetch_size=100)
        got = [(r.k, r.c) for r in self.session.execute(stmt)]
        self.assertEqual(got, [kc for kc in self.expected_many if kc[1] == 2])

    def test_paging_distinct_and_in(self):
        stmt = SimpleStatement("SELECT DISTINCT k FROM many", fetch_size=256)
        got = [r.k for r in self.session.execute(stmt)]
        self.assertEqual(got, sorted(range(PARTITIONS), key=lambda k: self.token_of[k]))
        keys = list(range(0, 300, 3))
        stmt = SimpleStatement("SELECT k, c FROM many WHERE k IN (%s)" % ", ".join(map(str, keys)), fetch_size=10)
        got = [(r.k, r.c) for r in self.session.execute(stmt)]
        self.assertEqual(sorted(got), sorted((k, c) for k in keys for c in range(rows_per_partition(k))))
        self.assertEqual(len(got), len(set(got)))

    def test_count_over_everything(self):
        self.assertEqual(self.one("SELECT COUNT(*) FROM many")[0], self.many_rows)
        rs = self.session.execute(SimpleStatement("SELECT COUNT(*) FROM wide WHERE k = 1", fetch_size=100))
        self.assertEqual(rs.one()[0], WIDE_ROWS, "an aggregate is one row, whatever the page size")

    def test_fetch_size_larger_than_result(self):
        rs = self.session.execute(SimpleStatement("SELECT c FROM wide WHERE k = 1 AND c < 10", fetch_size=10000))
        self.assertEqual([r.c for r in rs.current_rows], list(range(10)))
        self.assertFalse(rs.has_more_pages)
        self.assertIsNone(rs.paging_state)

    def test_paging_with_concurrent_writes(self):
        # rows written behind the paging position are not seen twice or missed ahead of it
        self.session.execute("CREATE TABLE IF NOT EXISTS growing (k int, c int, PRIMARY KEY (k, c))")
        ins = self.session.prepare("INSERT INTO growing (k, c) VALUES (0, ?)")
        for c in range(0, 1000, 2):
            self.session.execute(ins, (c,))
        rs = self.session.execute(SimpleStatement("SELECT c FROM growing WHERE k = 0", fetch_size=100))
        seen = list(r.c for r in rs.current_rows)          # 0..198
        for c in range(1, 1000, 2):                          # odd rows appear while paging
            self.session.execute(ins, (c,))
        while rs.has_more_pages:
            rs.fetch_next_page()
            seen.extend(r.c for r in rs.current_rows)
        self.assertEqual(len(seen), len(set(seen)), "a row came twice")
        self.assertEqual(seen, sorted(seen))
        self.assertEqual(seen[:100], list(range(0, 200, 2)))
        self.assertEqual(seen[100:], list(range(seen[99] + 1, 1000)))
