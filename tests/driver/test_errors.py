"""Errors come back as the right class, and the connection that got one stays usable.

Cassandra 4: unparsable CQL -> SyntaxException (0x2000); unknown keyspace/table/column,
a value of the wrong type, a missing or null key column, an empty partition key ->
InvalidRequest (0x2200); an EXECUTE of an unknown statement id -> Unprepared (0x2500,
with the id). After an error the same connection keeps serving requests. A malformed or
oversized frame affects at most its own connection; the node keeps serving the others.
"""

import os
import socket
import struct
import time

from cassandra import ConsistencyLevel, InvalidRequest, Unavailable
from cassandra.cluster import NoHostAvailable
from cassandra.concurrent import execute_concurrent
from cassandra.protocol import (ErrorMessage, ExecuteMessage, PrepareMessage, PreparedQueryNotFound,
                                QueryMessage, ResultMessage, SyntaxException)
from cassandra.query import SimpleStatement

import harness
from harness import NodeTestCase, RawConnection


def tearDownModule():
    harness.stop_module_nodes(__name__)


class ErrorsTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.execute("CREATE TABLE t (k int PRIMARY KEY, v int, s text)")
        cls.session.execute("CREATE TABLE tt (k text PRIMARY KEY, v int)")
        cls.session.execute("CREATE TABLE w (k int, c int, v int, PRIMARY KEY (k, c))")
        cls.session.execute("INSERT INTO t (k, v, s) VALUES (1, 1, 'one')")

    def connections(self):
        return {id(c): c for c in harness.session_connections(self.session)}

    def assert_still_usable(self, before):
        self.assertEqual(self.one("SELECT v FROM t WHERE k = 1").v, 1)
        after = self.connections()
        self.assertEqual(set(after), set(before), "the error cost a connection")
        for c in after.values():
            self.assertFalse(c.is_defunct)
            self.assertFalse(c.is_closed)

    def test_syntax_error(self):
        before = self.connections()
        for cql in ("SELEC * FROM t", "SELECT * FROM", "INSERT INTO t (k, v) VALUES (1,", "SELECT * FROM t WHERE",
                    "CREATE TABLE", "SELECT * FROM t WHERE k = 1 AND", "DROP t"):
            with self.subTest(cql):
                with self.assertRaises(SyntaxException):
                    self.session.execute(cql)
        self.assert_still_usable(before)

    def test_unavailable_when_the_level_needs_more_replicas_than_one_node(self):
        # As on a one-node Cassandra: RF 3 and QUORUM need 2 replicas, one is alive.
        before = self.connections()
        self.session.execute("CREATE KEYSPACE IF NOT EXISTS errors_rf3 WITH replication = "
                             "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}")
        self.session.execute("CREATE TABLE IF NOT EXISTS errors_rf3.t (k int PRIMARY KEY, v int)")
        one = SimpleStatement("INSERT INTO errors_rf3.t (k, v) VALUES (1, 1)", consistency_level=ConsistencyLevel.ONE)
        self.session.execute(one)
        quorum = SimpleStatement("INSERT INTO errors_rf3.t (k, v) VALUES (2, 2)",
                                 consistency_level=ConsistencyLevel.QUORUM)
        # The default retry policy tries the next host once on Unavailable, then gives
        # up with NoHostAvailable carrying the server's Unavailable (as with Cassandra).
        with self.assertRaises(NoHostAvailable) as caught:
            self.session.execute(quorum)
        errors = list(caught.exception.errors.values())
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], Unavailable)
        self.assertEqual(errors[0].required_replicas, 2)
        self.assertEqual(errors[0].alive_replicas, 1)
        self.assertEqual(errors[0].consistency, ConsistencyLevel.QUORUM)
        self.assert_still_usable(before)

    def test_unknown_names(self):
        before = self.connections()
        for cql in ("SELECT * FROM no_such_table",
                    "SELECT * FROM no_such_keyspace.t",
                    "SELECT nope FROM t WHERE k = 1",
                    "INSERT INTO t (k, nope) VALUES (1, 1)",
                    "UPDATE t SET nope = 1 WHERE k = 1",
                    "SELECT * FROM t WHERE nope = 1 ALLOW FILTERING",
                    "SELECT no_such_function(v) FROM t WHERE k = 1"):
            with self.subTest(cql):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(cql)
        self.assert_still_usable(before)

    def test_wrong_types(self):
        before = self.connections()
        for cql in ("INSERT INTO t (k, v) VALUES (2, 'abc')",
                    "INSERT INTO t (k, s) VALUES ('abc', 'x')",
                    "INSERT INTO t (k, v) VALUES (2, 3.5)",
                    "INSERT INTO t (k, v) VALUES (2, 99999999999)",
                    "SELECT * FROM t WHERE k = 'x'",
                    "INSERT INTO tt (k, v) VALUES (1, 1)"):
            with self.subTest(cql):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(cql)
        # parameters are interpolated by the driver into the text: the server sees a literal
        with self.assertRaises(InvalidRequest):
            self.session.execute("INSERT INTO t (k, v) VALUES (%s, %s)", (2, "abc"))
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 2"))
        self.assert_still_usable(before)

    def test_wrong_type_bound_to_prepared(self):
        before = self.connections()
        ps = self.session.prepare("INSERT INTO t (k, v) VALUES (?, ?)")
        for bad in ((3, "abc"), ("x", 1), (3, 2 ** 40), (3, 1.5)):
            with self.subTest(bad):
                with self.assertRaises((TypeError, ValueError, InvalidRequest)):
                    self.session.execute(ps, bad)
        self.assertIsNone(self.one("SELECT k FROM t WHERE k = 3"))
        self.assert_still_usable(before)

    def test_wrong_size_value_on_the_wire(self):
        # Bypass the driver's serializer: 3 bytes for an int, 9 for a bigint token.
        with self.node.raw() as raw:
            raw.startup()
            raw.query("USE %s" % self.ks)
            prepared = raw.request(PrepareMessage("INSERT INTO t (k, v) VALUES (?, ?)"), stream=1)[1]
            self.assertIsInstance(prepared, ResultMessage)
            err = raw.request(ExecuteMessage(prepared.query_id, [struct.pack(">i", 4), b"\x00\x01\x02"], 1),
                              stream=2)[1]
            self.assertIsInstance(err, ErrorMessage)
            self.assertEqual(err.code, 0x2200)
            err = raw.request(ExecuteMessage(prepared.query_id, [struct.pack(">i", 4)], 1), stream=3)[1]
            self.assertEqual(err.code, 0x2200, "too few values")
            ok = raw.request(ExecuteMessage(prepared.query_id, [struct.pack(">i", 4), struct.pack(">i", 44)], 1),
                             stream=4)[1]
            self.assertIsInstance(ok, ResultMessage)
        self.assertEqual(self.one("SELECT v FROM t WHERE k = 4").v, 44)

    def test_key_errors(self):
        before = self.connections()
        for cql in ("INSERT INTO w (k, v) VALUES (1, 1)",             # clustering key missing
                    "INSERT INTO w (c, v) VALUES (1, 1)",             # partition key missing
                    "UPDATE w SET v = 1 WHERE k = 1",
                    "INSERT INTO t (k, v) VALUES (null, 1)",
                    "INSERT INTO tt (k, v) VALUES ('', 1)",           # empty partition key
                    "UPDATE t SET k = 5 WHERE k = 1",                 # key columns are not settable
                    "DELETE FROM w WHERE c = 1",
                    "SELECT * FROM w WHERE k = 1 AND v = 1"):         # needs ALLOW FILTERING
            with self.subTest(cql):
                with self.assertRaises(InvalidRequest):
                    self.session.execute(cql)
        ps = self.session.prepare("INSERT INTO tt (k, v) VALUES (?, ?)")
        with self.assertRaises(InvalidRequest):
            self.session.execute(ps, ("", 1))
        with self.assertRaises((InvalidRequest, ValueError)):
            self.session.execute(ps, (None, 1))
        self.assertEqual(self.rows("SELECT * FROM w"), [])
        self.assert_still_usable(before)

    def test_unprepared_statement_id(self):
        bogus = os.urandom(16)
        with self.node.raw() as raw:
            raw.startup()
            frame, err = raw.request(ExecuteMessage(bogus, [], 1), stream=9)
            self.assertIsInstance(err, PreparedQueryNotFound)
            self.assertEqual(err.code, 0x2500)
            self.assertEqual(err.info, bogus, "the Unprepared error carries the statement id")
            self.assertIsInstance(raw.query("SELECT key FROM system.local", stream=10), ResultMessage)

    def test_many_errors_then_success(self):
        before = self.connections()
        for i in range(300):
            try:
                self.session.execute("SELECT * FROM no_such_table_%d" % (i % 3))
            except InvalidRequest:
                pass
            else:
                self.fail("no error")
        self.assert_still_usable(before)

    def test_errors_and_successes_concurrently(self):
        good = SimpleStatement("INSERT INTO t (k, v) VALUES (%s, %s)")
        bad = SimpleStatement("INSERT INTO no_such_table (k, v) VALUES (%s, %s)")
        statements = [((good if i % 2 else bad), (1000 + i, i)) for i in range(400)]
        results = execute_concurrent(self.session, statements, concurrency=50, raise_on_first_error=False)
        for i, (ok, result) in enumerate(results):
            self.assertEqual(ok, bool(i % 2), (i, result))
            if not ok:
                self.assertIsInstance(result, InvalidRequest)
        count = self.one("SELECT COUNT(*) FROM t WHERE k IN (%s)" % ", ".join(str(1000 + i) for i in range(400)))[0]
        self.assertEqual(count, 200)

    def test_garbage_bytes_affect_only_their_connection(self):
        raw = RawConnection(self.node.port)
        try:
            raw.send_bytes(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" + os.urandom(200))
            self._drain(raw)
        finally:
            raw.close()
        self.assert_node_serves()

    def test_too_large_frame_refused_without_harm(self):
        # A header announcing a 300 MiB body (over any frame limit; Cassandra 4's
        # native_transport_max_frame_size is 16 MiB or 256 MiB depending on the 4.0.x),
        # followed by 1 MiB of it. Whatever happens to this connection — an ERROR
        # frame, a close, or silence while the server discards — others must not suffer.
        other = self.node.session(self.ks)
        raw = RawConnection(self.node.port, timeout=5)
        try:
            raw.startup()
            header = struct.pack(">BBhBi", 0x04, 0x00, 5, 0x07, 300 * 1024 * 1024)
            raw.send_bytes(header)
            try:
                raw.send_bytes(b"\x00" * (1024 * 1024))
            except OSError:
                pass   # the server may close the connection while we send
            self.assertEqual(other.execute("SELECT v FROM t WHERE k = 1").one().v, 1)
            frame = self._drain(raw)
            if frame is not None:
                print("oversized frame answered with opcode %#x: %r" % (frame.opcode, RawConnection.decode(frame)))
        finally:
            raw.close()
            other.cluster.shutdown()
        self.assert_node_serves()

    def test_negative_body_length(self):
        raw = RawConnection(self.node.port, timeout=5)
        try:
            raw.startup()
            raw.send_bytes(struct.pack(">BBhBi", 0x04, 0x00, 6, 0x07, -1))
            self._drain(raw)
        finally:
            raw.close()
        self.assert_node_serves()

    def test_half_frame_then_disconnect(self):
        for cut in (1, 5, 9, 20):
            raw = RawConnection(self.node.port)
            data = RawConnection.encode(QueryMessage("SELECT * FROM system.local", 1), stream=1)
            raw.send_bytes(data[:cut])
            raw.close()
        self.assert_node_serves()

    def _drain(self, raw, seconds=2.0):
        """The first frame the server sends back within `seconds` (None on close or silence)."""
        try:
            return raw.read_frame(timeout=seconds)
        except (socket.timeout, OSError, AssertionError):
            return None

    def assert_node_serves(self):
        time.sleep(0.1)
        self.assertTrue(self.node.is_running(), "the node died:\n" + self.node.log_tail())
        self.assertEqual(self.one("SELECT v FROM t WHERE k = 1").v, 1)
        with self.node.raw() as raw:
            raw.startup()
            self.assertIsInstance(raw.query("SELECT key FROM system.local"), ResultMessage)
