"""Native protocol handshake and framing, checked with raw sockets and the driver.

Version negotiation as the Python driver (3.25) does it: with no protocol_version set it
opens its first connection at DSE_V2 (0x42), then DSE_V1 (0x41), then v5, then v4, each
time expecting the server to answer the first request (OPTIONS, on stream 0) with an
ERROR frame (code 0x000A, protocol error) that it can read: the response's version byte
must be one the driver knows (>= 3, so a 9-byte header) and the message must contain
"unsupported protocol version" (or, for a beta version, "USE_BETA flag is unset").
Cassandra answers "Invalid or unsupported protocol version (N); supported versions are
(...)" in its highest supported version, on stream 0 — cassandra.transport.ProtocolVersion
.decode and Envelope.Decoder. A server that just closes the socket makes the driver
fail with NoHostAvailable instead of downgrading.
"""

from cassandra import ProtocolVersion
from cassandra.cluster import NoHostAvailable
from cassandra.protocol import (ErrorMessage, EventMessage, OptionsMessage, ProtocolException,
                                QueryMessage, ReadyMessage, RegisterMessage, ResultMessage,
                                StartupMessage, SupportedMessage, RESULT_KIND_SCHEMA_CHANGE,
                                RESULT_KIND_SET_KEYSPACE, RESULT_KIND_VOID, RESULT_KIND_ROWS)

import harness
from harness import NodeTestCase, RawConnection

PROTOCOL_ERROR = 0x000A
SYNTAX_ERROR = 0x2000
INVALID = 0x2200


def tearDownModule():
    harness.stop_module_nodes(__name__)


def check_version_rejection(testcase, frame, request_stream=0):
    """Asserts `frame` is an answer the driver's downgrade logic accepts
    (cassandra.connection.Connection._read_frame_header / process_msg, and
    ControlConnection._try_connect)."""
    testcase.assertIsNotNone(frame, "the server closed the connection without an ERROR frame: "
                                    "the driver then fails instead of downgrading")
    version = frame.version & 0x7F
    testcase.assertTrue(frame.version & 0x80, "response direction bit not set: %#x" % frame.version)
    testcase.assertIn(version, ProtocolVersion.SUPPORTED_VERSIONS,
                      "the driver drops a frame whose version it does not know")
    testcase.assertGreaterEqual(version, 3, "must be a v3+ frame (9-byte header)")
    testcase.assertEqual(frame.stream, request_stream, "the driver matches the error by stream id")
    testcase.assertEqual(frame.opcode, 0x00, "expected ERROR, got opcode %#x" % frame.opcode)
    msg = RawConnection.decode(frame)
    testcase.assertIsInstance(msg, ProtocolException)
    testcase.assertEqual(msg.code, PROTOCOL_ERROR)
    accepted = "unsupported protocol version" in msg.message or msg.is_beta_protocol_error
    testcase.assertTrue(accepted, "the driver downgrades only on 'unsupported protocol version' "
                                  "or 'USE_BETA flag is unset'; got %r" % msg.message)
    return msg


class RawHandshakeTest(NodeTestCase):
    create_test_keyspace = True

    def _options_at(self, version):
        with self.node.raw() as raw:
            raw.send(OptionsMessage(), stream=0, version=version)
            return raw.read_frame()

    def test_v5_options_gets_protocol_error_the_driver_accepts(self):
        msg = check_version_rejection(self, self._options_at(5))
        print("v5 answer: %r" % msg.message)

    def test_dse_versions_get_protocol_error_the_driver_accepts(self):
        # The driver's first two attempts, before v5.
        for v in (ProtocolVersion.DSE_V2, ProtocolVersion.DSE_V1):
            check_version_rejection(self, self._options_at(v))

    def test_v5_startup_gets_protocol_error(self):
        with self.node.raw() as raw:
            raw.send(StartupMessage(cqlversion="3.0.0", options={}), stream=0, version=5)
            check_version_rejection(self, raw.read_frame())

    def test_v4_options_supported(self):
        with self.node.raw() as raw:
            frame, msg = raw.request(OptionsMessage(), version=4)
            self.assertEqual(frame.version, 0x84)
            self.assertEqual(frame.stream, 0)
            self.assertIsInstance(msg, SupportedMessage)
            cql_versions = msg.cql_versions      # the driver pops CQL_VERSION out of the options
            self.assertTrue(cql_versions)
            self.assertRegex(cql_versions[0], r"^3\.\d+\.\d+$")
            self.assertIn("COMPRESSION", msg.options)

    def test_v4_startup_ready_then_query(self):
        with self.node.raw() as raw:
            frame, msg = raw.request(StartupMessage(cqlversion="3.0.0", options={}), stream=7)
            self.assertIsInstance(msg, ReadyMessage)
            self.assertEqual((frame.version, frame.stream, frame.opcode), (0x84, 7, 0x02))
            res = raw.query("SELECT release_version FROM system.local", stream=8)
            self.assertIsInstance(res, ResultMessage)
            self.assertEqual(res.kind, RESULT_KIND_ROWS)
            self.assertEqual(len(res.parsed_rows), 1)

    def test_startup_with_driver_options(self):
        # What the driver sends: CQL_VERSION plus DRIVER_NAME and DRIVER_VERSION.
        with self.node.raw() as raw:
            raw.startup(options={"DRIVER_NAME": "DataStax Python Driver", "DRIVER_VERSION": "3.25.0"})
            self.assertIsInstance(raw.query("SELECT key FROM system.local"), ResultMessage)

    def test_startup_without_cql_version_is_a_protocol_error(self):
        with self.node.raw() as raw:
            frame, msg = raw.request(_BareStartup({}))
            self.assertIsInstance(msg, ProtocolException)

    def test_query_before_startup_is_a_protocol_error(self):
        with self.node.raw() as raw:
            raw.send(QueryMessage("SELECT key FROM system.local", 1), stream=3)
            frame = raw.read_frame()
            self.assertIsNotNone(frame, "closed without an ERROR")
            self.assertEqual(frame.opcode, 0x00)
            self.assertEqual(RawConnection.decode(frame).code, PROTOCOL_ERROR)

    def test_options_after_startup_is_the_heartbeat(self):
        # The driver's idle heartbeat is an OPTIONS on an established connection.
        with self.node.raw() as raw:
            raw.startup()
            for stream in (1, 2, 3):
                frame, msg = raw.request(OptionsMessage(), stream=stream)
                self.assertIsInstance(msg, SupportedMessage)

    def test_stream_ids_are_echoed_for_pipelined_requests(self):
        with self.node.raw() as raw:
            raw.startup()
            streams = [1, 127, 128, 300, 32767]
            for s in streams:
                raw.send(QueryMessage("SELECT key FROM system.local", 1), stream=s)
            seen = []
            for _ in streams:
                frame = raw.read_frame()
                self.assertIsNotNone(frame)
                self.assertEqual(frame.opcode, 0x08)
                seen.append(frame.stream)
            self.assertEqual(sorted(seen), streams)

    def test_result_kinds(self):
        with self.node.raw() as raw:
            raw.startup()
            res = raw.query("USE %s" % self.ks)
            self.assertEqual(res.kind, RESULT_KIND_SET_KEYSPACE)
            self.assertEqual(res.new_keyspace, self.ks)
            res = raw.query("CREATE TABLE kinds (k int PRIMARY KEY, v int)")
            self.assertEqual(res.kind, RESULT_KIND_SCHEMA_CHANGE)
            self.assertEqual(res.schema_change_event,
                             {"target_type": "TABLE", "change_type": "CREATED", "keyspace": self.ks,
                              "table": "kinds"})
            res = raw.query("INSERT INTO kinds (k, v) VALUES (1, 1)")
            self.assertEqual(res.kind, RESULT_KIND_VOID)
            res = raw.query("SELECT k, v FROM kinds")
            self.assertEqual(res.kind, RESULT_KIND_ROWS)
            self.assertEqual([c[2] for c in res.column_metadata], ["k", "v"])
            self.assertEqual(res.parsed_rows, [(1, 1)])
            res = raw.query("DROP TABLE kinds")
            self.assertEqual(res.schema_change_event["change_type"], "DROPPED")

    def test_errors_keep_the_connection(self):
        with self.node.raw() as raw:
            raw.startup()
            err = raw.query("SELEKT nothing", stream=1)
            self.assertIsInstance(err, ErrorMessage)
            self.assertEqual(err.code, SYNTAX_ERROR)
            err = raw.query("SELECT * FROM %s.no_such_table" % self.ks, stream=2)
            self.assertEqual(err.code, INVALID)
            res = raw.query("SELECT key FROM system.local", stream=3)
            self.assertIsInstance(res, ResultMessage)

    def test_schema_change_event_pushed_after_register(self):
        with self.node.raw() as raw:
            raw.startup()
            frame, msg = raw.request(RegisterMessage(["SCHEMA_CHANGE", "TOPOLOGY_CHANGE", "STATUS_CHANGE"]),
                                     stream=1)
            self.assertIsInstance(msg, ReadyMessage)
            self.session.execute("CREATE TABLE evented (k int PRIMARY KEY)")
            frame = raw.read_frame(timeout=10)
            self.assertIsNotNone(frame, "connection closed instead of an EVENT")
            self.assertEqual(frame.stream, -1, "events are pushed on stream -1")
            self.assertEqual(frame.opcode, 0x0C)
            event = RawConnection.decode(frame)
            self.assertIsInstance(event, EventMessage)
            self.assertEqual(event.event_type, "SCHEMA_CHANGE")
            self.assertEqual(event.event_args, {"target_type": "TABLE", "change_type": "CREATED",
                                                "keyspace": self.ks, "table": "evented"})
            self.session.execute("ALTER TABLE evented ADD v int")
            event = RawConnection.decode(raw.read_frame(timeout=10))
            self.assertEqual(event.event_args["change_type"], "UPDATED")
            ks2 = self.ks + "_ev"
            self.session.execute("CREATE KEYSPACE %s WITH replication = {'class': 'SimpleStrategy', "
                                 "'replication_factor': 1}" % ks2)
            event = RawConnection.decode(raw.read_frame(timeout=10))
            self.assertEqual(event.event_args, {"target_type": "KEYSPACE", "change_type": "CREATED",
                                                "keyspace": ks2})
            self.session.execute("DROP KEYSPACE %s" % ks2)

    def test_unknown_opcode_after_startup(self):
        # Cassandra answers an unknown opcode with a protocol error on that stream (it may
        # then close the connection); the node must stay up.
        with self.node.raw() as raw:
            raw.startup()
            raw.send_bytes(bytes([0x04, 0x00, 0x00, 0x05, 0x42, 0, 0, 0, 0]))
            frame = raw.read_frame(timeout=5)
            if frame is not None:
                self.assertEqual(frame.opcode, 0x00)
                self.assertEqual(RawConnection.decode(frame).code, PROTOCOL_ERROR)
        self.assertTrue(self.node.is_running())
        self.assertEqual(self.one("SELECT key FROM system.local").key, "local")


class _BareStartup(StartupMessage):
    """STARTUP whose option map is sent exactly as given (no CQL_VERSION added)."""

    def __init__(self, options):
        super().__init__(cqlversion=None, options=options)

    def send_body(self, f, protocol_version):
        from cassandra.protocol import write_stringmap
        write_stringmap(f, self.options)


class NegotiationTest(NodeTestCase):
    create_test_keyspace = False

    def test_driver_negotiates_down_to_v4(self):
        cluster = self.node.cluster(protocol_version=None)
        try:
            with harness.LogCapture("cassandra.cluster", "WARNING") as log:
                session = cluster.connect()
            self.assertEqual(cluster.protocol_version, 4)
            downgrades = [m for m in log.messages() if "Downgrading core protocol version" in m]
            self.assertTrue(downgrades, "expected the driver to log its downgrades")
            self.assertEqual(session.execute("SELECT key FROM system.local").one().key, "local")
            # every pooled connection uses the negotiated version
            for conn in harness.session_connections(session):
                self.assertEqual(conn.protocol_version, 4)
        finally:
            cluster.shutdown()

    def test_explicit_v4(self):
        cluster = self.node.cluster(protocol_version=4)
        try:
            session = cluster.connect()
            self.assertEqual(session.execute("SELECT key FROM system.local").one().key, "local")
        finally:
            cluster.shutdown()

    def test_explicit_v3(self):
        # Cassandra 4 still serves protocol v3 (it supports 3, 4 and 5).
        cluster = self.node.cluster(protocol_version=3)
        try:
            session = cluster.connect()
            self.assertEqual(cluster.protocol_version, 3)
            self.assertEqual(session.execute("SELECT key FROM system.local").one().key, "local")
            ks = "proto_v3_ks"
            harness.create_keyspace(session, ks)
            session.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v text)" % ks)
            ps = session.prepare("INSERT INTO %s.t (k, v) VALUES (?, ?)" % ks)
            session.execute(ps, (1, "v3"))
            self.assertEqual(session.execute("SELECT v FROM %s.t WHERE k = 1" % ks).one().v, "v3")
            session.execute("DROP KEYSPACE %s" % ks)
        finally:
            cluster.shutdown()

    def test_many_connections(self):
        clusters = [self.node.cluster() for _ in range(4)]
        try:
            sessions = [c.connect() for c in clusters]
            for s in sessions:
                self.assertEqual(s.execute("SELECT key FROM system.local").one().key, "local")
        finally:
            for c in clusters:
                c.shutdown()

    def test_unreachable_port_fails_fast(self):
        # The harness's timeouts: connecting to nothing fails in seconds, not minutes.
        import time
        cluster = self.node.cluster(port=harness.free_port())
        t0 = time.monotonic()
        with self.assertRaises(NoHostAvailable):
            cluster.connect()
        cluster.shutdown()
        self.assertLess(time.monotonic() - t0, 30)

