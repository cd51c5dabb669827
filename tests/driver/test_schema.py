"""Schema statements as Cassandra 4 answers them, and as the driver's metadata sees them.

Error classes (Cassandra 4, cql3/statements/schema/*): a keyspace or table that exists
-> AlreadyExists (code 0x2400, carries keyspace and table); DDL naming a missing keyspace
or table, a duplicate column, no PRIMARY KEY, a bad PRIMARY KEY -> InvalidRequest
(0x2200); a bad table option value or an unknown compaction class -> ConfigurationException
(0x2300); unparsable CQL -> SyntaxException (0x2000).
"""

import cassandra
from cassandra import AlreadyExists, InvalidRequest
from cassandra.metadata import NetworkTopologyStrategy, SimpleStrategy
from cassandra.protocol import ConfigurationException, SyntaxException

import harness
from harness import NodeTestCase

SIMPLE1 = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
NTS1 = "{'class': 'NetworkTopologyStrategy', 'datacenter1': 1}"


def tearDownModule():
    harness.stop_module_nodes(__name__)


class KeyspaceTest(NodeTestCase):
    create_test_keyspace = False

    def ksname(self, suffix):
        return harness.keyspace_name("schema_ks", suffix)

    def tearDown(self):
        for name in list(self.cluster.metadata.keyspaces):
            if name.startswith("schema_ks_") or name in ("MixedCaseKs", "myupperks"):
                self.session.execute('DROP KEYSPACE IF EXISTS "%s"' % name)

    def replication_row(self, name):
        return self.one("SELECT replication, durable_writes FROM system_schema.keyspaces "
                        "WHERE keyspace_name = %s", (name,))

    def test_create_simple_strategy(self):
        ks = self.ksname("simple")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        meta = self.cluster.metadata.keyspaces[ks]
        self.assertIsInstance(meta.replication_strategy, SimpleStrategy)
        self.assertEqual(meta.replication_strategy.replication_factor, 1)
        self.assertTrue(meta.durable_writes)
        row = self.replication_row(ks)
        self.assertEqual(dict(row.replication), {"class": "org.apache.cassandra.locator.SimpleStrategy",
                                                 "replication_factor": "1"})
        self.assertTrue(row.durable_writes)

    def test_create_network_topology_strategy(self):
        ks = self.ksname("nts")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, NTS1))
        meta = self.cluster.metadata.keyspaces[ks]
        self.assertIsInstance(meta.replication_strategy, NetworkTopologyStrategy)
        self.assertEqual(meta.replication_strategy.dc_replication_factors, {"datacenter1": 1})
        row = self.replication_row(ks)
        self.assertEqual(dict(row.replication), {"class": "org.apache.cassandra.locator.NetworkTopologyStrategy",
                                                 "datacenter1": "1"})
        # usable: a table in it takes writes at the default consistency (LOCAL_ONE)
        self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v int)" % ks)
        self.session.execute("INSERT INTO %s.t (k, v) VALUES (1, 2)" % ks)
        self.assertEqual(self.one("SELECT v FROM %s.t WHERE k = 1" % ks).v, 2)

    def test_full_class_names_accepted(self):
        ks = self.ksname("fullclass")
        self.session.execute("CREATE KEYSPACE %s WITH replication = {'class': "
                             "'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}" % ks)
        self.assertIsInstance(self.cluster.metadata.keyspaces[ks].replication_strategy, SimpleStrategy)

    def test_durable_writes_false(self):
        ks = self.ksname("nondurable")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s AND durable_writes = false" % (ks, SIMPLE1))
        self.assertFalse(self.cluster.metadata.keyspaces[ks].durable_writes)
        self.assertFalse(self.replication_row(ks).durable_writes)
        self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v int)" % ks)
        self.session.execute("INSERT INTO %s.t (k, v) VALUES (1, 2)" % ks)
        self.assertEqual(self.one("SELECT v FROM %s.t WHERE k = 1" % ks).v, 2)

    def test_already_exists_and_if_not_exists(self):
        ks = self.ksname("exists")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        with self.assertRaises(AlreadyExists) as cm:
            self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        self.assertEqual(cm.exception.keyspace, ks)
        self.assertFalse(cm.exception.table)
        self.assertIsInstance(cm.exception, cassandra.ConfigurationException)
        # IF NOT EXISTS: no error, and the existing options stay
        self.session.execute("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = %s" % (ks, NTS1))
        self.assertIsInstance(self.cluster.metadata.keyspaces[ks].replication_strategy, SimpleStrategy)
        self.assertIn("SimpleStrategy", self.replication_row(ks).replication["class"])

    def test_alter_keyspace(self):
        ks = self.ksname("alter")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        self.session.execute("ALTER KEYSPACE %s WITH replication = %s AND durable_writes = false" % (ks, NTS1))
        meta = self.cluster.metadata.keyspaces[ks]
        self.assertIsInstance(meta.replication_strategy, NetworkTopologyStrategy)
        self.assertFalse(meta.durable_writes)
        self.session.execute("ALTER KEYSPACE %s WITH durable_writes = true" % ks)
        self.assertTrue(self.cluster.metadata.keyspaces[ks].durable_writes)
        with self.assertRaises(InvalidRequest):
            self.session.execute("ALTER KEYSPACE %s WITH durable_writes = true" % self.ksname("missing"))

    def test_drop_keyspace(self):
        ks = self.ksname("drop")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v int)" % ks)
        self.session.execute("INSERT INTO %s.t (k, v) VALUES (1, 1)" % ks)
        self.session.execute("DROP KEYSPACE %s" % ks)
        self.assertNotIn(ks, self.cluster.metadata.keyspaces)
        self.assertIsNone(self.replication_row(ks))
        with self.assertRaises(InvalidRequest):
            self.session.execute("DROP KEYSPACE %s" % ks)
        self.session.execute("DROP KEYSPACE IF EXISTS %s" % ks)
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT * FROM %s.t" % ks)
        # recreated with the same names: the old data is gone
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v int)" % ks)
        self.assertEqual(self.rows("SELECT * FROM %s.t" % ks), [])

    def test_use_keyspace(self):
        ks = self.ksname("use")
        self.session.execute("CREATE KEYSPACE %s WITH replication = %s" % (ks, SIMPLE1))
        session = self.cluster.connect()
        try:
            rs = session.execute("USE %s" % ks)
            self.assertEqual(session.keyspace, ks)
            self.assertEqual(list(rs), [])
            session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
            session.execute("INSERT INTO t (k, v) VALUES (1, 5)")
            self.assertEqual(session.execute("SELECT v FROM t WHERE k = 1").one().v, 5)
            self.assertIn("t", self.cluster.metadata.keyspaces[ks].tables)
            with self.assertRaises(InvalidRequest):
                session.execute("USE %s" % self.ksname("nope"))
            self.assertEqual(session.execute("SELECT v FROM t WHERE k = 1").one().v, 5)
        finally:
            session.shutdown()

    def test_table_without_keyspace_is_invalid(self):
        session = self.cluster.connect()   # no keyspace
        try:
            with self.assertRaises(InvalidRequest):
                session.execute("CREATE TABLE t_no_ks (k int PRIMARY KEY)")
            with self.assertRaises(InvalidRequest):
                session.execute("SELECT * FROM t_no_ks")
        finally:
            session.shutdown()

    def test_create_table_in_unknown_keyspace(self):
        with self.assertRaises(InvalidRequest):
            self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY)" % self.ksname("unknown"))

    def test_keyspace_name_case(self):
        # unquoted names are lower-cased, quoted ones kept
        self.session.execute("CREATE KEYSPACE MyUpperKs WITH replication = %s" % SIMPLE1)
        self.assertIn("myupperks", self.cluster.metadata.keyspaces)
        self.session.execute('CREATE KEYSPACE "MixedCaseKs" WITH replication = %s' % SIMPLE1)
        self.assertIn("MixedCaseKs", self.cluster.metadata.keyspaces)
        self.session.execute('CREATE TABLE "MixedCaseKs".t (k int PRIMARY KEY, v int)')
        self.session.execute('INSERT INTO "MixedCaseKs".t (k, v) VALUES (1, 1)')
        self.assertEqual(self.one('SELECT v FROM "MixedCaseKs".t WHERE k = 1').v, 1)


class TableTest(NodeTestCase):

    def table_meta(self, name):
        return self.cluster.metadata.keyspaces[self.ks].tables[name]

    def schema_columns(self, table):
        rows = self.rows("SELECT column_name, kind, position, clustering_order, type FROM system_schema.columns "
                         "WHERE keyspace_name = %s AND table_name = %s", (self.ks, table))
        return {r.column_name: (r.kind, r.position, r.clustering_order, r.type) for r in rows}

    def schema_table(self, table):
        return self.one("SELECT * FROM system_schema.tables WHERE keyspace_name = %s AND table_name = %s",
                        (self.ks, table))

    def test_compound_and_composite_keys(self):
        self.session.execute("CREATE TABLE keys1 (a int, b text, c int, d timeuuid, v text, "
                             "PRIMARY KEY ((a, b), c, d))")
        t = self.table_meta("keys1")
        self.assertEqual([c.name for c in t.partition_key], ["a", "b"])
        self.assertEqual([c.name for c in t.clustering_key], ["c", "d"])
        self.assertEqual(t.primary_key, t.partition_key + t.clustering_key)
        self.assertEqual(self.schema_columns("keys1"), {
            "a": ("partition_key", 0, "none", "int"),
            "b": ("partition_key", 1, "none", "text"),
            "c": ("clustering", 0, "asc", "int"),
            "d": ("clustering", 1, "asc", "timeuuid"),
            "v": ("regular", -1, "none", "text"),
        })
        self.session.execute("CREATE TABLE keys2 (k int, c int, v int, PRIMARY KEY (k, c))")
        t = self.table_meta("keys2")
        self.assertEqual([c.name for c in t.partition_key], ["k"])
        self.assertEqual([c.name for c in t.clustering_key], ["c"])
        self.session.execute("CREATE TABLE keys3 (k int, v int, PRIMARY KEY (k))")
        self.assertEqual([c.name for c in self.table_meta("keys3").clustering_key], [])
        self.session.execute("CREATE TABLE keys4 (k int, v int PRIMARY KEY, w int)")
        self.assertEqual([c.name for c in self.table_meta("keys4").partition_key], ["v"])

    def test_clustering_order_desc(self):
        self.session.execute("CREATE TABLE ord (k int, c1 int, c2 text, v int, PRIMARY KEY (k, c1, c2)) "
                             "WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)")
        t = self.table_meta("ord")
        self.assertTrue(t.columns["c1"].is_reversed)
        self.assertFalse(t.columns["c2"].is_reversed)
        cols = self.schema_columns("ord")
        self.assertEqual(cols["c1"][2], "desc")
        self.assertEqual(cols["c2"][2], "asc")
        self.assertIn("CLUSTERING ORDER BY (c1 DESC, c2 ASC)", t.export_as_string())
        for c1 in range(3):
            for c2 in ("a", "b"):
                self.session.execute("INSERT INTO ord (k, c1, c2, v) VALUES (1, %s, %s, 0)", (c1, c2))
        rows = [(r.c1, r.c2) for r in self.rows("SELECT c1, c2 FROM ord WHERE k = 1")]
        self.assertEqual(rows, [(2, "a"), (2, "b"), (1, "a"), (1, "b"), (0, "a"), (0, "b")])
        rows = [(r.c1, r.c2) for r in self.rows("SELECT c1, c2 FROM ord WHERE k = 1 ORDER BY c1 ASC, c2 DESC")]
        self.assertEqual(rows, [(0, "b"), (0, "a"), (1, "b"), (1, "a"), (2, "b"), (2, "a")])

    def test_static_columns(self):
        self.session.execute("CREATE TABLE stat (k int, c int, s text STATIC, v int, PRIMARY KEY (k, c))")
        t = self.table_meta("stat")
        self.assertTrue(t.columns["s"].is_static)
        self.assertFalse(t.columns["v"].is_static)
        self.assertEqual(self.schema_columns("stat")["s"], ("static", -1, "none", "text"))
        self.assertIn("s text static", t.export_as_string())

    def test_table_options(self):
        self.session.execute(
            "CREATE TABLE opts (k int PRIMARY KEY, v text) WITH default_time_to_live = 100 "
            "AND gc_grace_seconds = 3600 AND comment = 'hello table' "
            "AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': 64}")
        o = self.table_meta("opts").options
        self.assertEqual(o["default_time_to_live"], 100)
        self.assertEqual(o["gc_grace_seconds"], 3600)
        self.assertEqual(o["comment"], "hello table")
        self.assertEqual(o["compaction"]["class"], "org.apache.cassandra.db.compaction.LeveledCompactionStrategy")
        self.assertEqual(o["compaction"]["sstable_size_in_mb"], "64")
        row = self.schema_table("opts")
        self.assertEqual((row.default_time_to_live, row.gc_grace_seconds, row.comment), (100, 3600, "hello table"))

    def test_default_table_options(self):
        # Cassandra 4's defaults, as system_schema.tables shows them
        self.session.execute("CREATE TABLE defaults (k int PRIMARY KEY, v text)")
        o = self.table_meta("defaults").options
        self.assertEqual(o["default_time_to_live"], 0)
        self.assertEqual(o["gc_grace_seconds"], 864000)
        self.assertEqual(o["comment"], "")
        self.assertEqual(o["compaction"]["class"],
                         "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy")
        self.assertEqual(o["compaction"].get("min_threshold"), "4")
        self.assertEqual(o["compaction"].get("max_threshold"), "32")

    def test_compaction_and_compression_options(self):
        self.session.execute(
            "CREATE TABLE twcs (k int, t timestamp, v text, PRIMARY KEY (k, t)) WITH compaction = "
            "{'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', "
            "'compaction_window_size': 6} AND compression = {'class': 'SnappyCompressor', 'chunk_length_in_kb': 16}")
        o = self.table_meta("twcs").options
        self.assertTrue(o["compaction"]["class"].endswith("TimeWindowCompactionStrategy"))
        self.assertEqual(o["compaction"]["compaction_window_unit"], "HOURS")
        self.assertEqual(o["compaction"]["compaction_window_size"], "6")
        self.assertTrue(o["compression"]["class"].endswith("SnappyCompressor"))
        self.assertEqual(o["compression"]["chunk_length_in_kb"], "16")
        self.session.execute("CREATE TABLE nocomp (k int PRIMARY KEY, v text) WITH compression = {'enabled': false}")
        self.session.execute("INSERT INTO nocomp (k, v) VALUES (1, 'x')")
        self.assertEqual(self.one("SELECT v FROM nocomp WHERE k = 1").v, "x")

    def test_alter_table_add_drop(self):
        self.session.execute("CREATE TABLE alt (k int PRIMARY KEY, v int)")
        self.session.execute("INSERT INTO alt (k, v) VALUES (1, 10)")
        self.session.execute("ALTER TABLE alt ADD w text")
        self.session.execute("ALTER TABLE alt ADD (x int, y list<int>)")
        cols = self.table_meta("alt").columns
        # key columns first, then the others in system_schema.columns order (by name)
        self.assertEqual(list(cols), ["k", "v", "w", "x", "y"])
        self.assertEqual(cols["y"].cql_type, "list<int>")
        self.assertEqual(tuple(self.one("SELECT k, v, w, x, y FROM alt WHERE k = 1")), (1, 10, None, None, None))
        self.session.execute("UPDATE alt SET w = 'new', y = [1] WHERE k = 1")
        self.session.execute("ALTER TABLE alt DROP w")
        self.session.execute("ALTER TABLE alt DROP (x, y)")
        self.assertEqual(list(self.table_meta("alt").columns), ["k", "v"])
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT w FROM alt")
        # a dropped column re-added: the old values do not come back
        self.session.execute("ALTER TABLE alt ADD w text")
        self.assertIsNone(self.one("SELECT w FROM alt WHERE k = 1").w)
        self.assertEqual(self.one("SELECT v FROM alt WHERE k = 1").v, 10)

    def test_alter_table_errors(self):
        self.session.execute("CREATE TABLE alterr (k int, c int, v int, PRIMARY KEY (k, c))")
        for bad in ("ALTER TABLE alterr ADD v int",                 # exists
                    "ALTER TABLE alterr ADD k text",                 # a key column
                    "ALTER TABLE alterr DROP k",                     # partition key
                    "ALTER TABLE alterr DROP c",                     # clustering column
                    "ALTER TABLE alterr DROP nope",                  # unknown
                    "ALTER TABLE no_such_table ADD x int"):
            with self.subTest(bad):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(bad)

    def test_alter_table_with(self):
        self.session.execute("CREATE TABLE altwith (k int PRIMARY KEY, v int)")
        self.session.execute("ALTER TABLE altwith WITH comment = 'changed' AND default_time_to_live = 5 "
                             "AND gc_grace_seconds = 10")
        o = self.table_meta("altwith").options
        self.assertEqual((o["comment"], o["default_time_to_live"], o["gc_grace_seconds"]), ("changed", 5, 10))
        self.session.execute("ALTER TABLE altwith WITH compaction = {'class': 'LeveledCompactionStrategy'}")
        self.assertTrue(self.table_meta("altwith").options["compaction"]["class"].endswith("LeveledCompactionStrategy"))

    def test_drop_table(self):
        self.session.execute("CREATE TABLE dropme (k int PRIMARY KEY, v int)")
        self.session.execute("INSERT INTO dropme (k, v) VALUES (1, 1)")
        self.session.execute("DROP TABLE dropme")
        self.assertNotIn("dropme", self.cluster.metadata.keyspaces[self.ks].tables)
        self.assertIsNone(self.schema_table("dropme"))
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT * FROM dropme")
        with self.assertRaises(InvalidRequest):
            self.session.execute("DROP TABLE dropme")
        self.session.execute("DROP TABLE IF EXISTS dropme")
        self.session.execute("CREATE TABLE dropme (k int PRIMARY KEY, v int)")
        self.assertEqual(self.rows("SELECT * FROM dropme"), [])

    def test_create_table_already_exists(self):
        self.session.execute("CREATE TABLE twice (k int PRIMARY KEY)")
        with self.assertRaises(AlreadyExists) as cm:
            self.session.execute("CREATE TABLE twice (k int PRIMARY KEY)")
        self.assertEqual((cm.exception.keyspace, cm.exception.table), (self.ks, "twice"))
        self.session.execute("CREATE TABLE IF NOT EXISTS twice (k int PRIMARY KEY, other text)")
        self.assertNotIn("other", self.table_meta("twice").columns)

    def test_truncate(self):
        self.session.execute("CREATE TABLE trunc (k int, c int, v text, PRIMARY KEY (k, c))")
        ins = self.session.prepare("INSERT INTO trunc (k, c, v) VALUES (?, ?, 'x')")
        for k in range(20):
            for c in range(5):
                self.session.execute(ins, (k, c))
        self.assertEqual(self.one("SELECT COUNT(*) FROM trunc")[0], 100)
        self.session.execute("TRUNCATE trunc")
        self.assertEqual(self.rows("SELECT * FROM trunc"), [])
        self.session.execute(ins, (1, 1))
        self.assertEqual(len(self.rows("SELECT * FROM trunc")), 1)
        self.session.execute("TRUNCATE TABLE %s.trunc" % self.ks)
        self.assertEqual(self.rows("SELECT * FROM trunc"), [])
        self.assertIn("trunc", self.cluster.metadata.keyspaces[self.ks].tables)
        with self.assertRaises(InvalidRequest):
            self.session.execute("TRUNCATE no_such_table")

    def test_bad_ddl_is_invalid_request(self):
        bad = [
            "CREATE TABLE bad1 (k int PRIMARY KEY, v int, v text)",            # duplicate column
            "CREATE TABLE bad2 (k int, v int)",                                # no PRIMARY KEY
            "CREATE TABLE bad3 (k int, v int, PRIMARY KEY (nope))",            # unknown key column
            "CREATE TABLE bad4 (k int PRIMARY KEY, v int PRIMARY KEY)",        # two primary keys
            "CREATE TABLE bad5 (k int PRIMARY KEY, s int STATIC)",            # static without clustering
            "CREATE TABLE bad6 (k list<int> PRIMARY KEY)",                     # non-frozen collection key
            "CREATE TABLE bad7 (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (k DESC)",
            "CREATE TABLE bad8 (k int, c int, PRIMARY KEY (k, c, c))",         # duplicate key column
            "CREATE TABLE bad9 (k int PRIMARY KEY, v no_such_type)",           # unknown type
            "CREATE TABLE bad10 (k duration PRIMARY KEY)",                     # duration key
        ]
        for cql in bad:
            with self.subTest(cql):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(cql)
        tables = self.cluster.metadata.keyspaces[self.ks].tables
        self.assertFalse([t for t in tables if t.startswith("bad")])

    def test_bad_table_options_are_configuration_errors(self):
        for cql in ("CREATE TABLE badopt1 (k int PRIMARY KEY) WITH compaction = {'class': 'NoSuchStrategy'}",
                    "CREATE TABLE badopt2 (k int PRIMARY KEY) WITH default_time_to_live = -1",
                    "CREATE TABLE badopt3 (k int PRIMARY KEY) WITH gc_grace_seconds = -1"):
            with self.subTest(cql):
                with self.assertRaises(ConfigurationException):
                    self.session.execute(cql)

    def test_syntax_errors(self):
        for cql in ("CREATE TABLEE x (k int PRIMARY KEY)",
                    "CREATE TABLE x (k int PRIMARY KEY",
                    "CREATE KEYSPACE WITH replication = {}"):
            with self.subTest(cql):
                with self.assertRaises(SyntaxException):
                    self.session.execute(cql)

    def test_quoted_identifiers(self):
        self.session.execute('CREATE TABLE "Quoted" ("Key" int PRIMARY KEY, "Value" text, lower text)')
        t = self.table_meta("Quoted")
        self.assertEqual(list(t.columns), ["Key", "Value", "lower"])   # "V" sorts before "l"
        self.session.execute('INSERT INTO "Quoted" ("Key", "Value", lower) VALUES (1, \'v\', \'l\')')
        rs = self.session.execute('SELECT "Key", "Value", LOWER FROM "Quoted" WHERE "Key" = 1')
        self.assertEqual(rs.column_names, ["Key", "Value", "lower"])
        self.assertEqual(tuple(rs.one()), (1, "v", "l"))
        with self.assertRaises(InvalidRequest):
            self.session.execute("SELECT Value FROM \"Quoted\"")    # unquoted -> value, unknown

    def test_all_types_in_metadata(self):
        types = ["ascii", "bigint", "blob", "boolean", "date", "decimal", "double", "duration", "float",
                 "inet", "int", "smallint", "text", "time", "timestamp", "timeuuid", "tinyint", "uuid",
                 "varint", "list<int>", "set<text>", "map<text, int>", "frozen<list<int>>",
                 "frozen<map<int, frozen<set<text>>>>", "list<frozen<map<text, int>>>"]
        cols = ", ".join("c%d %s" % (i, t) for i, t in enumerate(types))
        self.session.execute("CREATE TABLE alltypes (k int PRIMARY KEY, %s, vc varchar, tup tuple<int, text>)" % cols)
        meta = self.table_meta("alltypes").columns
        for i, t in enumerate(types):
            self.assertEqual(meta["c%d" % i].cql_type, t)
        self.assertEqual(meta["vc"].cql_type, "text", "varchar is an alias of text")
        self.assertIn(meta["tup"].cql_type, ("frozen<tuple<int, text>>", "tuple<int, text>"))

    def test_export_as_string_recreates_the_table(self):
        self.session.execute(
            "CREATE TABLE exported (a int, b text, c int, d int, s text STATIC, m map<text, int>, "
            "PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC) AND comment = 'exp' "
            "AND default_time_to_live = 7")
        cql = self.table_meta("exported").export_as_string()
        self.assertIn("CREATE TABLE %s.exported" % self.ks, cql)
        self.assertIn("PRIMARY KEY ((a, b), c, d)", cql)
        # the driver's CQL for the table is accepted back (every option it lists included)
        self.session.execute(cql.replace("%s.exported" % self.ks, "%s.exported2" % self.ks))
        t1, t2 = self.table_meta("exported"), self.table_meta("exported2")
        self.assertEqual([(c.name, c.cql_type, c.is_static, c.is_reversed) for c in t1.columns.values()],
                         [(c.name, c.cql_type, c.is_static, c.is_reversed) for c in t2.columns.values()])
        self.assertEqual(t2.options["comment"], "exp")
        self.assertEqual(t2.options["default_time_to_live"], 7)
        self.assertEqual(self.cluster.metadata.keyspaces[self.ks].export_as_string().count("CREATE TABLE"),
                         len(self.cluster.metadata.keyspaces[self.ks].tables))
