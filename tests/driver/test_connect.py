"""Connecting with the driver's defaults: metadata, schema agreement, token map, routing.

The driver's defaults are TokenAwarePolicy(DCAwareRoundRobinPolicy()), schema and token
metadata on, protocol version negotiated. Against Cassandra 4 every check here passes
(except that Cassandra 4 negotiates protocol v5 where cairnd, a v4 server, gives 4).
"""

import struct
import uuid

from cassandra.cluster import Cluster
from cassandra.cqltypes import Int32Type, UTF8Type
from cassandra.metadata import Murmur3Token
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy
from cassandra.util import Version

import harness
from harness import NodeTestCase

MIN_LONG = -(2 ** 63)
MAX_LONG = 2 ** 63 - 1


def tearDownModule():
    harness.stop_module_nodes(__name__)


def packed_composite(*parts):
    """The partition key bytes of a composite key (CompositeType without the end bytes
    of clustering): for each component <uint16 length><bytes><0x00>."""
    return b"".join(struct.pack(">H", len(p)) + p + b"\x00" for p in parts)


class ConnectDefaultsTest(NodeTestCase):
    protocol_version = None   # negotiate, as a default Cluster() does

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.session
        s.execute("CREATE TABLE t_int (k int PRIMARY KEY, v text)")
        s.execute("CREATE TABLE t_text (k text PRIMARY KEY, v int)")
        s.execute("CREATE TABLE t_comp (a int, b text, c int, v text, PRIMARY KEY ((a, b), c))")
        s.execute("CREATE TABLE t_bigint (k bigint PRIMARY KEY, v int)")
        s.execute("CREATE TABLE t_uuid (k uuid PRIMARY KEY, v int)")

    def test_connect_with_only_contact_point_and_port(self):
        # Nothing but where the node is: every other setting is the driver's default.
        cluster = Cluster(contact_points=["127.0.0.1"], port=self.node.port)
        try:
            session = cluster.connect()
            row = session.execute("SELECT release_version FROM system.local").one()
            self.assertIsInstance(row.release_version, str)
            self.assertGreaterEqual(Version(row.release_version), Version("3.0.0"),
                                    "the driver picks its schema parser by release_version")
            self.assertIn(cluster.protocol_version, (4, 5))
            self.assertTrue(cluster.metadata.all_hosts()[0].is_up)
            lbp = cluster.profile_manager.default.load_balancing_policy
            self.assertIsInstance(lbp, TokenAwarePolicy)
            self.assertIsInstance(lbp._child_policy, DCAwareRoundRobinPolicy)
            self.assertEqual(lbp._child_policy.local_dc, "datacenter1")
        finally:
            cluster.shutdown()

    def test_connect_with_keyspace(self):
        cluster = self.node.cluster(protocol_version=None)
        try:
            session = cluster.connect(self.ks)
            self.assertEqual(session.keyspace, self.ks)
            session.execute("INSERT INTO t_int (k, v) VALUES (100, 'ks')")
            self.assertEqual(session.execute("SELECT v FROM t_int WHERE k = 100").one().v, "ks")
        finally:
            cluster.shutdown()

    def test_one_host_in_datacenter1_rack1(self):
        host = self.host()
        self.assertEqual(host.endpoint.address, "127.0.0.1")
        self.assertEqual(host.endpoint.port, self.node.port)
        self.assertEqual(host.datacenter, "datacenter1")
        self.assertEqual(host.rack, "rack1")
        self.assertIsInstance(host.host_id, uuid.UUID)
        self.assertTrue(host.release_version)
        self.assertTrue(host.is_up)

    def test_system_local(self):
        row = self.session.execute(
            "SELECT key, cluster_name, cql_version, data_center, rack, partitioner, release_version, "
            "host_id, schema_version, tokens, rpc_address FROM system.local WHERE key = 'local'").one()
        self.assertIsNotNone(row, "system.local has no row 'local'")
        self.assertEqual(row.key, "local")
        self.assertEqual(row.cluster_name, harness.CLUSTER_NAME)
        self.assertEqual(self.cluster.metadata.cluster_name, harness.CLUSTER_NAME)
        self.assertRegex(row.cql_version, r"^3\.\d+\.\d+$")
        self.assertEqual(row.data_center, "datacenter1")
        self.assertEqual(row.rack, "rack1")
        self.assertEqual(row.partitioner, "org.apache.cassandra.dht.Murmur3Partitioner")
        self.assertEqual(self.cluster.metadata.partitioner, "org.apache.cassandra.dht.Murmur3Partitioner")
        self.assertIsInstance(row.host_id, uuid.UUID)
        self.assertIsInstance(row.schema_version, uuid.UUID)
        self.assertEqual(row.rpc_address, "127.0.0.1")
        self.assertTrue(row.tokens, "system.local.tokens is empty")
        for t in row.tokens:
            self.assertTrue(MIN_LONG <= int(t) <= MAX_LONG, t)

    def test_system_local_select_star(self):
        # The driver's control connection reads exactly this.
        rows = self.rows("SELECT * FROM system.local WHERE key='local'")
        self.assertEqual(len(rows), 1)
        cols = rows[0]._fields
        for c in ("cluster_name", "data_center", "rack", "partitioner", "release_version",
                  "schema_version", "tokens", "host_id"):
            self.assertIn(c, cols)

    def test_system_peers_empty(self):
        self.assertEqual(self.rows("SELECT * FROM system.peers"), [])
        self.assertEqual(self.rows("SELECT * FROM system.peers_v2"), [])

    def test_metadata_has_keyspaces_tables_columns(self):
        md = self.cluster.metadata
        for ks in ("system", "system_schema", self.ks):
            self.assertIn(ks, md.keyspaces)
        tables = md.keyspaces[self.ks].tables
        for t in ("t_int", "t_text", "t_comp"):
            self.assertIn(t, tables)
        comp = tables["t_comp"]
        self.assertEqual([c.name for c in comp.partition_key], ["a", "b"])
        self.assertEqual([c.name for c in comp.clustering_key], ["c"])
        self.assertEqual({n: c.cql_type for n, c in comp.columns.items()},
                         {"a": "int", "b": "text", "c": "int", "v": "text"})
        self.assertEqual(list(comp.columns), ["a", "b", "c", "v"])
        schema_tables = md.keyspaces["system_schema"].tables
        for t in ("keyspaces", "tables", "columns"):
            self.assertIn(t, schema_tables)

    def test_schema_change_visible_after_execute(self):
        # The driver waits for schema agreement after a SCHEMA_CHANGE result and refreshes
        # the changed element before execute() returns.
        before = self.one("SELECT schema_version FROM system.local WHERE key = 'local'").schema_version
        rs = self.session.execute("CREATE TABLE agree (k int PRIMARY KEY, v int)")
        self.assertTrue(rs.response_future.is_schema_agreed)
        self.assertIn("agree", self.cluster.metadata.keyspaces[self.ks].tables)
        after = self.one("SELECT schema_version FROM system.local WHERE key = 'local'").schema_version
        self.assertNotEqual(before, after, "schema_version did not change after CREATE TABLE")

        rs = self.session.execute("ALTER TABLE agree ADD w text")
        self.assertTrue(rs.response_future.is_schema_agreed)
        self.assertEqual(self.cluster.metadata.keyspaces[self.ks].tables["agree"].columns["w"].cql_type, "text")

        rs = self.session.execute("DROP TABLE agree")
        self.assertTrue(rs.response_future.is_schema_agreed)
        self.assertNotIn("agree", self.cluster.metadata.keyspaces[self.ks].tables)
        self.assertTrue(self.cluster.control_connection.wait_for_schema_agreement())

    def test_full_schema_refresh(self):
        self.cluster.refresh_schema_metadata(max_schema_agreement_wait=5)
        self.assertIn("t_comp", self.cluster.metadata.keyspaces[self.ks].tables)
        self.cluster.refresh_keyspace_metadata(self.ks)
        self.cluster.refresh_table_metadata(self.ks, "t_int")
        self.cluster.refresh_nodes()
        self.assertEqual(len(self.cluster.metadata.all_hosts()), 1)

    def test_token_map_present(self):
        tm = self.cluster.metadata.token_map
        self.assertIsNotNone(tm, "no token map (system.local tokens/partitioner)")
        self.assertIs(tm.token_class, Murmur3Token)
        self.assertTrue(tm.ring)
        host = self.host()
        self.assertEqual(set(tm.token_to_host_owner.values()), {host})
        local_tokens = self.one("SELECT tokens FROM system.local WHERE key = 'local'").tokens
        self.assertEqual(sorted(t.value for t in tm.ring), sorted(int(t) for t in local_tokens))

    def _token_of(self, table, where, params):
        stmt = self.session.prepare("SELECT token(%s) FROM %s WHERE %s" % (
            "a, b" if table == "t_comp" else "k", table, where))
        row = self.session.execute(stmt, params).one()
        self.assertIsNotNone(row, "no row for %s %r" % (table, params))
        return row[0], stmt.bind(params)

    def test_token_int_keys(self):
        tc = self.cluster.metadata.token_map.token_class
        ins = self.session.prepare("INSERT INTO t_int (k, v) VALUES (?, ?)")
        for k in (0, 1, -1, 42, 2 ** 31 - 1, -2 ** 31, 123456789):
            self.session.execute(ins, (k, "x"))
            token, bound = self._token_of("t_int", "k = ?", (k,))
            self.assertEqual(token, tc.from_key(Int32Type.serialize(k, 4)).value, k)
            self.assertEqual(token, tc.from_key(bound.routing_key).value, k)

    def test_token_bigint_and_uuid_keys(self):
        tc = self.cluster.metadata.token_map.token_class
        for k in (0, -1, 2 ** 63 - 1, -2 ** 63, 9876543210):
            self.session.execute("INSERT INTO t_bigint (k, v) VALUES (%s, 1)", (k,))
            token, bound = self._token_of("t_bigint", "k = ?", (k,))
            self.assertEqual(token, tc.from_key(struct.pack(">q", k)).value, k)
        for k in (uuid.UUID(int=0), uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), uuid.uuid4()):
            self.session.execute("INSERT INTO t_uuid (k, v) VALUES (%s, 1)", (k,))
            token, bound = self._token_of("t_uuid", "k = ?", (k,))
            self.assertEqual(token, tc.from_key(k.bytes).value, k)

    def test_token_text_keys(self):
        tc = self.cluster.metadata.token_map.token_class
        ins = self.session.prepare("INSERT INTO t_text (k, v) VALUES (?, ?)")
        for k in ("a", "hello", "żółć ☃", "x" * 1000, "key with spaces", "0"):
            self.session.execute(ins, (k, 1))
            token, bound = self._token_of("t_text", "k = ?", (k,))
            self.assertEqual(token, tc.from_key(k.encode("utf-8")).value, k)
            self.assertEqual(token, tc.from_key(bound.routing_key).value, k)

    def test_token_composite_keys(self):
        tc = self.cluster.metadata.token_map.token_class
        ins = self.session.prepare("INSERT INTO t_comp (a, b, c, v) VALUES (?, ?, ?, ?)")
        for a, b in ((1, "x"), (-5, "yy"), (0, "ż"), (2 ** 31 - 1, "long" * 50)):
            self.session.execute(ins, (a, b, 0, "v"))
            token, bound = self._token_of("t_comp", "a = ? AND b = ?", (a, b))
            expected = tc.from_key(packed_composite(Int32Type.serialize(a, 4), UTF8Type.serialize(b, 4))).value
            self.assertEqual(token, expected, (a, b))
            self.assertEqual(token, tc.from_key(bound.routing_key).value, (a, b))

    def test_token_aware_routing_gives_the_host(self):
        host = self.host()
        ins = self.session.prepare("INSERT INTO t_int (k, v) VALUES (?, ?)")
        self.assertEqual(ins.routing_key_indexes, [0])
        lbp = self.cluster.profile_manager.default.load_balancing_policy
        for k in range(20):
            bound = ins.bind((k, "r"))
            self.assertEqual(self.cluster.metadata.get_replicas(self.ks, bound.routing_key), [host])
            plan = list(lbp.make_query_plan(self.ks, bound))
            self.assertEqual(plan, [host])
            rs = self.session.execute(bound)
            self.assertEqual(rs.response_future.coordinator_host, host)

    def test_replicas_for_network_topology_keyspace(self):
        ks = self.ks + "_nts"
        harness.create_keyspace(self.session, ks, "{'class': 'NetworkTopologyStrategy', 'datacenter1': 1}")
        try:
            self.session.execute("CREATE TABLE %s.t (k int PRIMARY KEY)" % ks)
            tc = self.cluster.metadata.token_map.token_class
            for k in range(10):
                replicas = self.cluster.metadata.token_map.get_replicas(ks, tc.from_key(Int32Type.serialize(k, 4)))
                self.assertEqual(list(replicas), [self.host()])
        finally:
            self.session.execute("DROP KEYSPACE %s" % ks)

    def test_metadata_follows_another_clients_schema_change(self):
        # A second client changes the schema; this client learns it from the pushed
        # SCHEMA_CHANGE event (REGISTER on the control connection).
        other = self.node.session(self.ks)
        other.execute("CREATE TABLE pushed (k int PRIMARY KEY)")
        harness.wait_until(lambda: "pushed" in self.cluster.metadata.keyspaces[self.ks].tables, 15,
                           what="metadata refresh from the SCHEMA_CHANGE event")
        other.execute("DROP TABLE pushed")
        harness.wait_until(lambda: "pushed" not in self.cluster.metadata.keyspaces[self.ks].tables, 15,
                           what="metadata refresh from the SCHEMA_CHANGE event (drop)")
        other.cluster.shutdown()
