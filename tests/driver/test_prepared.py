"""Prepared statements: every CQL type round-tripped exactly, bind markers, UNSET, metadata.

Cassandra 4 facts used here:
- bind marker names in the PREPARED metadata: the column's name, or for special markers
  "[limit]", "[per_partition_limit]", "[ttl]", "[timestamp]", "partition key token",
  "in(k)", "key(m)"/"value(m)" for map element setters;
- PREPARED (v4) carries the partition key's bind indexes, which the driver uses as
  routing_key_indexes (in partition key order);
- the statement id is a digest of the keyspace and the query text: preparing the same
  text twice gives the same id;
- an UNSET value leaves the column untouched (protocol v4).
Re-preparing after a node restart is in test_restart.py.
"""

import datetime
import math
import uuid
from decimal import Decimal

from cassandra import InvalidRequest
from cassandra.cqltypes import Int32Type, ListType, LongType, MapType, UTF8Type
from cassandra.protocol import SyntaxException
from cassandra.query import UNSET_VALUE
from cassandra.util import SortedSet, Date, Duration, Time

import harness
from harness import NodeTestCase


def tearDownModule():
    harness.stop_module_nodes(__name__)


COLUMNS = [
    ("c_ascii", "ascii"), ("c_bigint", "bigint"), ("c_blob", "blob"), ("c_boolean", "boolean"),
    ("c_date", "date"), ("c_decimal", "decimal"), ("c_double", "double"), ("c_duration", "duration"),
    ("c_float", "float"), ("c_inet", "inet"), ("c_int", "int"), ("c_smallint", "smallint"),
    ("c_text", "text"), ("c_time", "time"), ("c_timestamp", "timestamp"), ("c_timeuuid", "timeuuid"),
    ("c_tinyint", "tinyint"), ("c_uuid", "uuid"), ("c_varint", "varint"), ("c_varchar", "varchar"),
    ("c_list", "list<int>"), ("c_set", "set<text>"), ("c_map", "map<text, int>"),
    ("c_tuple", "tuple<int, text, double>"),
    ("c_nested", "frozen<map<text, frozen<list<int>>>>"),
    ("c_lset", "list<frozen<set<int>>>"),
    ("c_stup", "set<frozen<tuple<int, text>>>"),
    ("c_ldur", "list<duration>"),
    ("c_mtime", "map<timestamp, frozen<map<uuid, blob>>>"),
]
NAMES = [n for n, _ in COLUMNS]

ROWS = {
    1: {  # ordinary values
        "c_ascii": "hello ascii", "c_bigint": 1234567890123, "c_blob": b"\x00\x01\xfe\xff",
        "c_boolean": True, "c_date": Date(datetime.date(2024, 2, 29)), "c_decimal": Decimal("123.4500"),
        "c_double": 3.141592653589793, "c_duration": Duration(1, 2, 3000000000), "c_float": 1.5,
        "c_inet": "192.168.1.10", "c_int": 42, "c_smallint": 1234, "c_text": "żółć ☃ 𝄞",
        "c_time": Time(datetime.time(13, 14, 15, 123456)),
        "c_timestamp": datetime.datetime(2021, 6, 7, 8, 9, 10, 123000),
        "c_timeuuid": uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "c_tinyint": 7,
        "c_uuid": uuid.UUID("12345678-1234-4321-8765-123456789abc"), "c_varint": 10 ** 30,
        "c_varchar": "varchar", "c_list": [3, 1, 2, 1], "c_set": {"b", "a"}, "c_map": {"x": 1, "y": -1},
        "c_tuple": (1, "t", 2.5), "c_nested": {"k": [1, 2], "e": []}, "c_lset": [{1, 2}, set(), {3}],
        "c_stup": {(2, "b"), (1, "a")}, "c_ldur": [Duration(0, 0, 1), Duration(-1, -2, -3)],
        "c_mtime": {datetime.datetime(2000, 1, 1): {uuid.UUID(int=1): b"v"}},
    },
    2: {  # extremes
        "c_ascii": "".join(chr(c) for c in range(32, 127)), "c_bigint": -2 ** 63, "c_blob": bytes(range(256)),
        "c_boolean": False, "c_date": Date(-1000000), "c_decimal": Decimal("-1234567890.0987654321E-30"),
        "c_double": -1.7976931348623157e308, "c_duration": Duration(-2 ** 31, -2 ** 31, -2 ** 63),
        "c_float": -3.4028234663852886e38, "c_inet": "2001:db8::ff00:42:8329", "c_int": -2 ** 31,
        "c_smallint": -32768, "c_text": "x" * 70000, "c_time": Time(86399999999999),
        "c_timestamp": datetime.datetime(1900, 1, 1, 0, 0, 0, 1000),
        "c_timeuuid": uuid.uuid1(), "c_tinyint": -128, "c_uuid": uuid.uuid4(), "c_varint": -(2 ** 200) + 1,
        "c_varchar": "", "c_list": [2 ** 31 - 1] * 3, "c_set": {" "}, "c_map": {" ": 0},
        "c_tuple": (None, None, float("inf")), "c_nested": {}, "c_lset": [set()],
        "c_stup": {(0, "")}, "c_ldur": [Duration(2 ** 31 - 1, 2 ** 31 - 1, 2 ** 63 - 1)],
        "c_mtime": {datetime.datetime(1969, 12, 31, 23, 59, 59, 999000): {uuid.UUID(int=2 ** 128 - 1): b""}},
    },
    3: {  # zeros and maxima
        "c_ascii": "", "c_bigint": 2 ** 63 - 1, "c_blob": b"", "c_boolean": False, "c_date": Date(0),
        "c_decimal": Decimal("0"), "c_double": 0.0, "c_duration": Duration(0, 0, 0), "c_float": 0.0,
        "c_inet": "0.0.0.0", "c_int": 2 ** 31 - 1, "c_smallint": 32767, "c_text": "", "c_time": Time(0),
        "c_timestamp": datetime.datetime(1970, 1, 1), "c_timeuuid": uuid.uuid1(), "c_tinyint": 127,
        "c_uuid": uuid.UUID(int=0), "c_varint": 0, "c_varchar": "v", "c_list": None, "c_set": None,
        "c_map": None, "c_tuple": (0, "", 0.0), "c_nested": {"": []}, "c_lset": None, "c_stup": None,
        "c_ldur": None, "c_mtime": None,
    },
}


class PreparedTypesTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.execute("CREATE TABLE alltypes (k int PRIMARY KEY, %s)"
                            % ", ".join("%s %s" % c for c in COLUMNS))
        cls.insert = cls.session.prepare("INSERT INTO alltypes (k, %s) VALUES (?, %s)"
                                         % (", ".join(NAMES), ", ".join("?" * len(NAMES))))
        cls.select = cls.session.prepare("SELECT %s FROM alltypes WHERE k = ?" % ", ".join(NAMES))

    def assert_row(self, k, expected):
        row = self.session.execute(self.select, (k,)).one()
        self.assertIsNotNone(row, "row %d missing" % k)
        for name in NAMES:
            got, want = getattr(row, name), expected[name]
            with self.subTest(column=name, k=k):
                if want is None:
                    self.assertIsNone(got)
                elif name == "c_decimal":
                    self.assertEqual(str(got), str(want), "decimal scale must be kept")
                elif name == "c_tuple":
                    self.assertEqual(len(got), len(want))
                    for g, w in zip(got, want):
                        self.assertTrue(g == w or (isinstance(w, float) and math.isinf(w) and g == w), (g, w))
                elif name in ("c_set", "c_stup"):
                    self.assertEqual(sorted(got), sorted(want))
                elif name == "c_lset":
                    self.assertEqual([sorted(s) for s in got], [sorted(s) for s in want])
                elif name in ("c_map", "c_nested"):
                    self.assertEqual(dict(got), want)
                elif name == "c_mtime":
                    self.assertEqual({t: dict(m) for t, m in got.items()}, want)
                else:
                    self.assertEqual(got, want)
                    self.assertEqual(type(got), type(want))

    def test_round_trip_by_position(self):
        for k, values in ROWS.items():
            self.session.execute(self.insert, [k] + [values[n] for n in NAMES])
        for k, values in ROWS.items():
            self.assert_row(k, values)

    def test_round_trip_by_name(self):
        for k, values in ROWS.items():
            params = dict(values)
            params["k"] = 100 + k
            self.session.execute(self.insert, params)
            self.assert_row(100 + k, values)

    def test_nan_and_negative_zero(self):
        ps = self.session.prepare("INSERT INTO alltypes (k, c_double, c_float) VALUES (?, ?, ?)")
        self.session.execute(ps, (10, float("nan"), float("-inf")))
        row = self.one("SELECT c_double, c_float FROM alltypes WHERE k = 10")
        self.assertTrue(math.isnan(row.c_double))
        self.assertEqual(row.c_float, float("-inf"))
        self.session.execute(ps, (11, -0.0, -0.0))
        row = self.one("SELECT c_double, c_float FROM alltypes WHERE k = 11")
        self.assertEqual(math.copysign(1, row.c_double), -1.0)
        self.assertEqual(math.copysign(1, row.c_float), -1.0)

    def test_all_nulls(self):
        self.session.execute(self.insert, [12] + [None] * len(NAMES))
        row = self.session.execute(self.select, (12,)).one()
        self.assertEqual(list(row), [None] * len(NAMES))

    def test_literals_equal_bound_values(self):
        # the same values written as CQL literals read back the same
        self.session.execute(
            "INSERT INTO alltypes (k, c_date, c_time, c_timestamp, c_duration, c_inet, c_decimal, c_varint, "
            "c_blob, c_uuid, c_boolean, c_float) VALUES (13, '2024-02-29', '13:14:15.123456', "
            "'2021-06-07 08:09:10.123+0000', 1mo2d3s, '192.168.1.10', 123.4500, 1000000000000000000000000000000, "
            "0x0001feff, 12345678-1234-4321-8765-123456789abc, true, 1.5)")
        row = self.one("SELECT c_date, c_time, c_timestamp, c_duration, c_inet, c_decimal, c_varint, c_blob, "
                       "c_uuid, c_boolean, c_float FROM alltypes WHERE k = 13")
        v = ROWS[1]
        self.assertEqual(row.c_date, v["c_date"])
        self.assertEqual(row.c_time, v["c_time"])
        self.assertEqual(row.c_timestamp, v["c_timestamp"])
        self.assertEqual(row.c_duration, v["c_duration"])
        self.assertEqual(row.c_inet, v["c_inet"])
        self.assertEqual(str(row.c_decimal), "123.4500")
        self.assertEqual(row.c_varint, v["c_varint"])
        self.assertEqual(row.c_blob, v["c_blob"])
        self.assertEqual(row.c_uuid, v["c_uuid"])
        self.assertEqual((row.c_boolean, row.c_float), (True, 1.5))

    def test_result_and_bind_metadata(self):
        ps = self.session.prepare("SELECT k, c_int, c_text, c_list, c_map FROM alltypes WHERE k = ?")
        md = ps.result_metadata
        self.assertEqual([c[2] for c in md], ["k", "c_int", "c_text", "c_list", "c_map"])
        self.assertEqual({(c[0], c[1]) for c in md}, {(self.ks, "alltypes")})
        self.assertIs(md[0][3], Int32Type)
        self.assertTrue(issubclass(md[2][3], UTF8Type))
        self.assertTrue(issubclass(md[3][3], ListType))
        self.assertEqual(list(md[3][3].subtypes), [Int32Type])
        self.assertTrue(issubclass(md[4][3], MapType))
        self.assertTrue(issubclass(md[4][3].subtypes[0], UTF8Type))
        self.assertEqual([(c.keyspace_name, c.table_name, c.name) for c in ps.column_metadata],
                         [(self.ks, "alltypes", "k")])
        self.assertIs(ps.column_metadata[0].type, Int32Type)
        self.assertEqual(ps.routing_key_indexes, [0])
        rs = self.session.execute(ps, (1,))
        self.assertEqual(rs.column_names, ["k", "c_int", "c_text", "c_list", "c_map"])
        self.assertEqual(ps.query_id, self.session.prepare(
            "SELECT k, c_int, c_text, c_list, c_map FROM alltypes WHERE k = ?").query_id,
            "the same query text prepares to the same id")

    def test_result_metadata_types_of_every_column(self):
        # The wire type carries no "frozen", and protocol v4 sends duration as the custom
        # class org.apache.cassandra.db.marshal.DurationType; the driver maps both back.
        md = self.select.result_metadata
        self.assertEqual([c[2] for c in md], NAMES)
        declared = dict(COLUMNS)
        for c in md:
            with self.subTest(column=c[2]):
                self.assertEqual(normalize_type(c[3].cql_parameterized_type()), normalize_type(declared[c[2]]))
        self.assertIs(dict((c[2], c[3]) for c in md)["c_bigint"], LongType)


def normalize_type(text):
    """'frozen<map<text, frozen<list<int>>>>' -> 'map<text, list<int>>'; varchar -> text."""
    while "frozen<" in text:
        start = text.index("frozen<")
        depth, i = 0, start + len("frozen")
        for i in range(start + len("frozen"), len(text)):
            if text[i] == "<":
                depth += 1
            elif text[i] == ">":
                depth -= 1
                if depth == 0:
                    break
        text = text[:start] + text[start + len("frozen<"):i] + text[i + 1:]
    return text.replace("varchar", "text").replace(" ", "")


class BindMarkerTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE t (k int PRIMARY KEY, a text, b text, n int, m map<text, int>, l list<int>)")
        s.execute("CREATE TABLE comp (a int, b text, c int, v text, PRIMARY KEY ((a, b), c))")
        s.execute("CREATE TABLE wide (k int, c int, v int, PRIMARY KEY (k, c))")

    def names(self, ps):
        return [c.name for c in ps.column_metadata]

    def test_named_markers(self):
        ps = self.session.prepare("INSERT INTO t (k, a, b) VALUES (:key, :first, :second)")
        self.assertEqual(self.names(ps), ["key", "first", "second"])
        self.session.execute(ps, {"key": 1, "first": "A", "second": "B"})
        self.session.execute(ps, {"second": "BB", "key": 2, "first": "AA"})   # any order
        self.assertEqual(tuple(self.one("SELECT a, b FROM t WHERE k = 2")), ("AA", "BB"))
        sel = self.session.prepare("SELECT a FROM t WHERE k = :key")
        self.assertEqual(self.session.execute(sel, {"key": 1}).one().a, "A")

    def test_positional_and_by_column_name(self):
        ps = self.session.prepare("INSERT INTO t (k, a, b) VALUES (?, ?, ?)")
        self.assertEqual(self.names(ps), ["k", "a", "b"])
        self.session.execute(ps, (3, "x", "y"))
        self.session.execute(ps, {"k": 4, "a": "x4", "b": "y4"})
        self.assertEqual(tuple(self.one("SELECT a, b FROM t WHERE k = 4")), ("x4", "y4"))
        bound = ps.bind((5, "p", "q"))
        self.session.execute(bound)
        self.assertEqual(self.one("SELECT a FROM t WHERE k = 5").a, "p")
        with self.assertRaises(ValueError):   # more values than markers: refused by the driver
            ps.bind((6, "a", "b", "extra"))

    def test_special_marker_names(self):
        cases = [
            ("SELECT * FROM wide WHERE k = ? LIMIT ?", ["k", "[limit]"]),
            ("SELECT * FROM wide WHERE k = ? PER PARTITION LIMIT ?", ["k", "[per_partition_limit]"]),
            ("INSERT INTO t (k, a) VALUES (?, ?) USING TTL ? AND TIMESTAMP ?", ["k", "a", "[ttl]", "[timestamp]"]),
            ("UPDATE t USING TTL ? SET a = ? WHERE k = ?", ["[ttl]", "a", "k"]),
            ("SELECT k FROM t WHERE token(k) > ? AND token(k) <= ?", ["partition key token", "partition key token"]),
            ("SELECT * FROM t WHERE k IN ?", ["in(k)"]),
            ("UPDATE t SET m[?] = ? WHERE k = ?", ["key(m)", "value(m)", "k"]),
            ("SELECT * FROM wide WHERE k = ? AND c > ? AND c <= ?", ["k", "c", "c"]),
        ]
        for cql, names in cases:
            with self.subTest(cql):
                self.assertEqual(self.names(self.session.prepare(cql)), names)
        ps = self.session.prepare("SELECT c FROM wide WHERE k = ? LIMIT ?")
        for c in range(5):
            self.session.execute("INSERT INTO wide (k, c, v) VALUES (1, %s, 0)", (c,))
        self.assertEqual([r.c for r in self.session.execute(ps, (1, 2))], [0, 1])
        self.assertEqual([r.c for r in self.session.execute(ps, {"k": 1, "[limit]": 3})], [0, 1, 2])

    def test_routing_key_indexes(self):
        ps = self.session.prepare("INSERT INTO comp (v, b, c, a) VALUES (?, ?, ?, ?)")
        self.assertEqual(ps.routing_key_indexes, [3, 1], "partition key order (a, b)")
        ps = self.session.prepare("SELECT v FROM comp WHERE b = ? AND a = ? AND c = ?")
        self.assertEqual(ps.routing_key_indexes, [1, 0])
        self.session.execute("INSERT INTO comp (a, b, c, v) VALUES (1, 'x', 2, 'found')")
        bound = ps.bind(("x", 1, 2))
        self.assertEqual(self.session.execute(bound).one().v, "found")
        tc = self.cluster.metadata.token_map.token_class
        token = self.one("SELECT token(a, b) FROM comp WHERE a = 1 AND b = 'x'")[0]
        self.assertEqual(token, tc.from_key(bound.routing_key).value)
        # the server itself sends the partition key indexes in PREPARED (v4)
        from cassandra.protocol import PrepareMessage
        with self.node.raw() as raw:
            raw.startup()
            raw.query("USE %s" % self.ks)
            msg = raw.request(PrepareMessage("INSERT INTO comp (v, b, c, a) VALUES (?, ?, ?, ?)"), stream=5)[1]
            self.assertEqual(msg.pk_indexes, [3, 1])
            msg = raw.request(PrepareMessage("SELECT * FROM comp WHERE a = ? AND b IN ?"), stream=6)[1]
            self.assertEqual(msg.pk_indexes, [], "no index when a key column is not bound by '= ?'")

    def test_unset_values_leave_columns_untouched(self):
        ps = self.session.prepare("INSERT INTO t (k, a, b, n) VALUES (?, ?, ?, ?)")
        self.session.execute(ps, (10, "a0", "b0", 0))
        self.session.execute(ps, (10, UNSET_VALUE, "b1", UNSET_VALUE))
        self.assertEqual(tuple(self.one("SELECT a, b, n FROM t WHERE k = 10")), ("a0", "b1", 0))
        # a dict that leaves names out: the driver fills in UNSET
        self.session.execute(ps, {"k": 10, "n": 5})
        self.assertEqual(tuple(self.one("SELECT a, b, n FROM t WHERE k = 10")), ("a0", "b1", 5))
        # a short tuple: the rest is UNSET
        self.session.execute(ps, (10, "a2"))
        self.assertEqual(tuple(self.one("SELECT a, b, n FROM t WHERE k = 10")), ("a2", "b1", 5))
        # None is not UNSET: it deletes
        self.session.execute(ps, (10, None, UNSET_VALUE, UNSET_VALUE))
        self.assertEqual(tuple(self.one("SELECT a, b, n FROM t WHERE k = 10")), (None, "b1", 5))
        up = self.session.prepare("UPDATE t SET a = ?, n = ? WHERE k = ?")
        self.session.execute(up, (UNSET_VALUE, 6, 10))
        self.assertEqual(tuple(self.one("SELECT a, b, n FROM t WHERE k = 10")), (None, "b1", 6))
        # an UNSET LIMIT means no limit, an UNSET TTL no TTL
        self.session.execute(ps, (12, "x", "y", 1))
        self.session.execute(ps, (13, "x", "y", 1))
        sel = self.session.prepare("SELECT k FROM t WHERE k IN (10, 12, 13) LIMIT ?")
        self.assertEqual(len(list(self.session.execute(sel, (UNSET_VALUE,)))), 3)
        ttl = self.session.prepare("INSERT INTO t (k, a) VALUES (?, ?) USING TTL ?")
        self.session.execute(ttl, (11, "x", UNSET_VALUE))
        self.assertIsNone(self.one("SELECT TTL(a) FROM t WHERE k = 11")[0])

    def test_unset_key_is_invalid(self):
        up = self.session.prepare("UPDATE t SET a = ? WHERE k = ?")
        self.assertEqual(up.routing_key_indexes, [1])
        with self.assertRaises(ValueError):       # the driver refuses UNSET in a routing key
            up.bind(("x", UNSET_VALUE))
        # the server, sent one anyway, answers InvalidRequest (0x2200) and stays usable
        from cassandra.protocol import ExecuteMessage, PrepareMessage
        with self.node.raw() as raw:
            raw.startup()
            raw.query("USE %s" % self.ks)
            prepared = raw.request(PrepareMessage("UPDATE t SET a = ? WHERE k = ?"), stream=2)[1]
            err = raw.request(ExecuteMessage(prepared.query_id, [b"x", UNSET_VALUE], 1), stream=3)[1]
            self.assertEqual(getattr(err, "code", None), 0x2200, err)
            ok = raw.request(ExecuteMessage(prepared.query_id, [b"x", b"\x00\x00\x00\x01"], 1), stream=4)[1]
            self.assertEqual(getattr(ok, "kind", None), 0x0001, ok)

    def test_prepare_errors(self):
        with self.assertRaises(InvalidRequest):
            self.session.prepare("SELECT nope FROM t WHERE k = ?")
        with self.assertRaises(InvalidRequest):
            self.session.prepare("SELECT * FROM no_such_table WHERE k = ?")
        with self.assertRaises(SyntaxException):
            self.session.prepare("SELEC * FROM t")
        ps = self.session.prepare("SELECT a FROM t WHERE k = ?")
        self.assertEqual(list(self.session.execute(ps, (424242,))), [])

    def test_same_text_other_keyspace_is_another_statement(self):
        other = self.ks + "_b"
        harness.create_keyspace(self.session, other)
        try:
            self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, a text)" % other)
            self.session.execute("INSERT INTO %s.t (k, a) VALUES (1, 'other')" % other)
            self.session.execute("INSERT INTO t (k, a) VALUES (1, 'this')")
            s2 = self.cluster.connect(other)
            p1 = self.session.prepare("SELECT a FROM t WHERE k = ?")
            p2 = s2.prepare("SELECT a FROM t WHERE k = ?")
            self.assertNotEqual(p1.query_id, p2.query_id)
            self.assertEqual(self.session.execute(p1, (1,)).one().a, "this")
            self.assertEqual(s2.execute(p2, (1,)).one().a, "other")
            s2.shutdown()
        finally:
            self.session.execute("DROP KEYSPACE %s" % other)


class TypesAsKeysTest(NodeTestCase):
    """Each scalar type (and frozen ones) as a partition key — token(k) must equal the
    driver's Murmur3 of its routing key — and as a clustering column, sorted as Cassandra
    sorts that type."""

    KEY_VALUES = {
        "ascii": ["a", "zz", " "], "bigint": [-2 ** 63, 0, 2 ** 63 - 1], "blob": [b"\x00", b"\xff\x00", b"x" * 100],
        "boolean": [False, True], "date": [Date(0), Date(-1), Date(20000)],
        "decimal": [Decimal("-1.5"), Decimal("0.001"), Decimal("12345678901234567890.5")],
        "double": [-1e300, 0.5, 1e300], "float": [-2.5, 0.25, 1e30], "inet": ["127.0.0.1", "::1", "10.1.2.3"],
        "int": [-2 ** 31, 0, 2 ** 31 - 1], "smallint": [-32768, 1, 32767], "text": ["Ż", "b", "A"],
        "time": [Time(0), Time(1), Time(86399999999999)],
        "timestamp": [datetime.datetime(1960, 1, 1), datetime.datetime(1970, 1, 1), datetime.datetime(2100, 1, 1)],
        "timeuuid": [uuid.uuid1(), uuid.uuid1()], "tinyint": [-128, 0, 127],
        "uuid": [uuid.UUID(int=0), uuid.uuid4()], "varint": [-(10 ** 40), 0, 10 ** 40],
        "frozen<list<int>>": [[1, 2], [], [3]], "tuple<int, text>": [(1, "a"), (2, "b")],
        # A sorted set: Cassandra stores (and hashes) a set sorted, while the driver's
        # routing key follows the Python set's iteration order.
        "frozen<set<text>>": [SortedSet(["a", "b"]), set()], "frozen<map<int, text>>": [{1: "a"}, {}],
    }

    def table(self, cql_type):
        return "key_" + "".join(ch if ch.isalnum() else "_" for ch in cql_type).strip("_")

    def test_every_type_as_partition_key(self):
        tc = self.cluster.metadata.token_map.token_class
        for cql_type, values in self.KEY_VALUES.items():
            with self.subTest(cql_type):
                t = self.table(cql_type)
                self.session.execute("CREATE TABLE %s (k %s PRIMARY KEY, v int)" % (t, cql_type))
                ins = self.session.prepare("INSERT INTO %s (k, v) VALUES (?, ?)" % t)
                sel = self.session.prepare("SELECT k, v, token(k) FROM %s WHERE k = ?" % t)
                for i, value in enumerate(values):
                    self.session.execute(ins, (value, i))
                    bound = sel.bind((value,))
                    row = self.session.execute(bound).one()
                    self.assertIsNotNone(row, "key %r not found" % (value,))
                    self.assertEqual(row.v, i)
                    self.assertEqual(row[2], tc.from_key(bound.routing_key).value,
                                     "token(k) differs from the driver's Murmur3 for %r" % (value,))
                count = self.one("SELECT COUNT(*) FROM %s" % t)[0]
                self.assertEqual(count, len(values))

    def test_every_type_as_clustering_column_sorts_like_cassandra(self):
        # Cassandra's comparators: numbers numerically, text/ascii/blob by unsigned bytes,
        # boolean false first, timestamps signed, dates and times chronologically,
        # timeuuids by their time.
        orders = {
            "ascii": ["", "a", "zz"], "bigint": [-2 ** 63, -1, 0, 2 ** 63 - 1],
            "blob": [b"", b"\x00", b"\x00\x00", b"\x7f", b"\x80", b"\xff"], "boolean": [False, True],
            "date": [Date(-100000), Date(-1), Date(0), Date(1)],
            "decimal": [Decimal("-10"), Decimal("-0.5"), Decimal("0.25"), Decimal("3"), Decimal("1E+3")],
            "double": [-1e300, -0.5, 0.0, 2.5, 1e300], "float": [-2.0 ** 100, -1.0, 0.5, 2.0 ** 100],
            "int": [-2 ** 31, -1, 0, 1, 2 ** 31 - 1], "smallint": [-32768, -1, 0, 32767], "tinyint": [-128, 0, 127],
            "text": ["A", "Z", "a", "z", "é", "Ż", "☃", "𝄞"], "time": [Time(0), Time(5), Time(86399999999999)],
            "timestamp": [datetime.datetime(1900, 1, 1), datetime.datetime(1969, 12, 31, 23, 59, 59),
                          datetime.datetime(1970, 1, 1), datetime.datetime(2262, 1, 1)],
            "varint": [-(10 ** 40), -1, 0, 1, 10 ** 40],
            "timeuuid": [uuid.UUID("00000000-0000-1000-8000-000000000000"),   # the UUID epoch, 1582
                         uuid.UUID("13814000-1dd2-11b2-8000-000000000000"),   # 1970-01-01
                         uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),   # 1998
                         uuid.UUID("ffffffff-ffff-1fff-bfff-ffffffffffff")],
        }
        for cql_type, ordered in orders.items():
            with self.subTest(cql_type):
                t = "ck_" + cql_type
                self.session.execute("CREATE TABLE %s (k int, c %s, PRIMARY KEY (k, c))" % (t, cql_type))
                ins = self.session.prepare("INSERT INTO %s (k, c) VALUES (0, ?)" % t)
                for value in reversed(ordered):
                    self.session.execute(ins, (value,))
                for value in ordered:                      # again: the same rows
                    self.session.execute(ins, (value,))
                got = [r.c for r in self.session.execute("SELECT c FROM %s WHERE k = 0" % t)]
                self.assertEqual(got, ordered)
                got = [r.c for r in self.session.execute("SELECT c FROM %s WHERE k = 0 ORDER BY c DESC" % t)]
                self.assertEqual(got, list(reversed(ordered)))
