"""Frame compression (native protocol v4): Cluster(compression='lz4') and 'snappy'.

The driver compresses with the Python modules `lz4` (Debian: python3-lz4) and `snappy`
(Debian: python3-snappy); when one is installed it is in
cassandra.connection.locally_supported_compressions and is used as is. When it is not,
this module supplies a codec of the same wire format through ctypes from the system C
library (liblz4.so.1 from liblz4-1, libsnappy.so.1 from libsnappy1v5 — both already
installed for Cairn's build), registers it in the driver for the duration of the test
only, and says so in the test output. A codec with neither is skipped, with the reason.

Wire formats (protocol v4 spec, section 5): lz4 = 4-byte big-endian uncompressed length
followed by an LZ4 block; snappy = a raw Snappy block. Only the body is compressed, and
the COMPRESSED flag (0x01) is set on frames whose body is compressed. Cassandra 4 offers
both in SUPPORTED (COMPRESSION: ["snappy", "lz4"]).

Note: with the default Cluster(compression=True) the driver uses lz4 whenever it can
import it and the server offers it, so installing python3-lz4 turns on compression for
every test module.
"""

import ctypes
import ctypes.util
import os
import struct

from cassandra import connection as driver_connection
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.protocol import OptionsMessage, SupportedMessage
from cassandra.query import BatchStatement, SimpleStatement

import harness
from harness import NodeTestCase


def tearDownModule():
    harness.stop_module_nodes(__name__)


DEBIAN_PACKAGE = {"lz4": "python3-lz4", "snappy": "python3-snappy"}


def _load(names, short):
    for name in names + [ctypes.util.find_library(short)]:
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def ctypes_lz4():
    """(compress, decompress) in the driver's lz4 wire format, or None."""
    lib = _load(["liblz4.so.1", "liblz4.so"], "lz4")
    if lib is None:
        return None
    bound = lib.LZ4_compressBound
    bound.argtypes, bound.restype = [ctypes.c_int], ctypes.c_int
    comp = lib.LZ4_compress_default
    comp.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    comp.restype = ctypes.c_int
    decomp = lib.LZ4_decompress_safe
    decomp.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    decomp.restype = ctypes.c_int

    def compress(data):
        data = bytes(data)
        cap = bound(len(data))
        out = ctypes.create_string_buffer(max(cap, 1))
        n = comp(data, out, len(data), cap)
        if n <= 0:
            raise ValueError("LZ4_compress_default failed (%d)" % n)
        return struct.pack(">I", len(data)) + out.raw[:n]

    def decompress(data):
        data = bytes(data)
        (size,) = struct.unpack(">I", data[:4])
        out = ctypes.create_string_buffer(max(size, 1))
        n = decomp(data[4:], out, len(data) - 4, size)
        if n != size:
            raise ValueError("LZ4_decompress_safe returned %d, expected %d bytes" % (n, size))
        return out.raw[:size]

    return compress, decompress


def ctypes_snappy():
    """(compress, decompress) for raw Snappy blocks, or None."""
    lib = _load(["libsnappy.so.1", "libsnappy.so"], "snappy")
    if lib is None:
        return None
    size_t_p = ctypes.POINTER(ctypes.c_size_t)
    maxlen = lib.snappy_max_compressed_length
    maxlen.argtypes, maxlen.restype = [ctypes.c_size_t], ctypes.c_size_t
    comp = lib.snappy_compress
    comp.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, size_t_p]
    comp.restype = ctypes.c_int
    ulen = lib.snappy_uncompressed_length
    ulen.argtypes = [ctypes.c_char_p, ctypes.c_size_t, size_t_p]
    ulen.restype = ctypes.c_int
    uncomp = lib.snappy_uncompress
    uncomp.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, size_t_p]
    uncomp.restype = ctypes.c_int

    def compress(data):
        data = bytes(data)
        n = ctypes.c_size_t(maxlen(len(data)))
        out = ctypes.create_string_buffer(max(n.value, 1))
        if comp(data, len(data), out, ctypes.byref(n)) != 0:
            raise ValueError("snappy_compress failed")
        return out.raw[:n.value]

    def decompress(data):
        data = bytes(data)
        n = ctypes.c_size_t(0)
        if ulen(data, len(data), ctypes.byref(n)) != 0:
            raise ValueError("not a snappy block")
        out = ctypes.create_string_buffer(max(n.value, 1))
        if uncomp(data, len(data), out, ctypes.byref(n)) != 0:
            raise ValueError("snappy_uncompress failed")
        return out.raw[:n.value]

    return compress, decompress


def codec(name):
    """(compress, decompress, source) for `name`, or (None, None, reason)."""
    if name in driver_connection.locally_supported_compressions:
        c, d = driver_connection.locally_supported_compressions[name]
        return c, d, "the driver's own codec (Python module %r)" % name
    fallback = {"lz4": ctypes_lz4, "snappy": ctypes_snappy}[name]()
    if fallback:
        return fallback[0], fallback[1], ("ctypes codec over the system library: the Python module %r is not "
                                          "installed (Debian: %s)" % (name, DEBIAN_PACKAGE[name]))
    return None, None, ("neither the Python module %r (Debian: %s) nor the C library is available"
                        % (name, DEBIAN_PACKAGE[name]))


class CompressionTest(NodeTestCase):
    create_test_keyspace = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.execute("CREATE TABLE t (k int PRIMARY KEY, v text, b blob)")
        cls.session.execute("CREATE TABLE w (k int, c int, v text, PRIMARY KEY (k, c))")

    def setUp(self):
        self._injected = []

    def tearDown(self):
        for name in self._injected:
            driver_connection.locally_supported_compressions.pop(name, None)

    def compressed_cluster(self, name):
        compress, decompress, source = codec(name)
        if compress is None:
            self.skipTest(source)
        print("%s: %s" % (name, source))
        if name not in driver_connection.locally_supported_compressions:
            driver_connection.locally_supported_compressions[name] = (compress, decompress)
            self._injected.append(name)
        cluster = self.node.cluster(compression=name)
        session = cluster.connect(self.ks)
        session.default_timeout = harness.REQUEST_TIMEOUT_S
        for conn in [cluster.control_connection._connection] + harness.session_connections(session):
            self.assertEqual(conn._compression_type, name, "connection did not negotiate %s" % name)
            self.assertIsNotNone(conn.compressor)
        return cluster, session

    def exercise(self, session, tag):
        base = {"lz4": 1000, "snappy": 2000}[tag]
        text = ("compressible %s " % tag) * 20000          # ~300 KB of repeats
        noise = os.urandom(200 * 1024)                     # incompressible
        session.execute("INSERT INTO t (k, v, b) VALUES (%s, %s, %s)", (base, text, noise))
        row = session.execute("SELECT v, b FROM t WHERE k = %s", (base,)).one()
        self.assertEqual((row.v, row.b), (text, noise))
        ps = session.prepare("INSERT INTO w (k, c, v) VALUES (?, ?, ?)")
        results = execute_concurrent_with_args(session, ps, [(base, c, "v%05d" % c) for c in range(2000)],
                                               concurrency=32)
        self.assertTrue(all(ok for ok, _ in results))
        stmt = SimpleStatement("SELECT c, v FROM w WHERE k = %d" % base, fetch_size=150)
        rows = list(session.execute(stmt))
        self.assertEqual([r.c for r in rows], list(range(2000)))
        self.assertEqual(rows[1999].v, "v01999")
        batch = BatchStatement()
        for c in range(10):
            batch.add(ps, (base + 1, c, "b"))
        session.execute(batch)
        self.assertEqual(session.execute("SELECT COUNT(*) FROM w WHERE k = %s", (base + 1,)).one()[0], 10)
        for tiny in ("", "x"):                              # bodies of 0 and few bytes
            session.execute("INSERT INTO t (k, v) VALUES (%s, %s)", (base + 2, tiny))
            self.assertEqual(session.execute("SELECT v FROM t WHERE k = %s", (base + 2,)).one().v, tiny)
        with self.assertRaises(Exception):
            session.execute("SELEC nothing")                 # an ERROR frame, compressed
        self.assertEqual(session.execute("SELECT key FROM system.local").one().key, "local")

    def test_server_offers_lz4_and_snappy(self):
        with self.node.raw() as raw:
            frame, msg = raw.request(OptionsMessage())
            self.assertIsInstance(msg, SupportedMessage)
            offered = msg.options.get("COMPRESSION", [])
            self.assertIn("lz4", offered)
            self.assertIn("snappy", offered)

    def test_lz4(self):
        cluster, session = self.compressed_cluster("lz4")
        try:
            self.exercise(session, "lz4")
        finally:
            cluster.shutdown()

    def test_snappy(self):
        cluster, session = self.compressed_cluster("snappy")
        try:
            self.exercise(session, "snappy")
        finally:
            cluster.shutdown()

    def test_raw_lz4_frames(self):
        # By hand: STARTUP with COMPRESSION=lz4 (uncompressed), then a compressed QUERY;
        # the RESULT must come back with the COMPRESSED flag and decompress.
        compress, decompress, source = codec("lz4")
        if compress is None:
            self.skipTest(source)
        from cassandra.protocol import ProtocolHandler, QueryMessage, ReadyMessage, StartupMessage
        with self.node.raw() as raw:
            frame, msg = raw.request(StartupMessage(cqlversion="3.0.0", options={"COMPRESSION": "lz4"}))
            self.assertIsInstance(msg, ReadyMessage)
            data = ProtocolHandler.encode_message(QueryMessage("SELECT key FROM system.local", 1), 3, 4,
                                                  compress, False)
            self.assertTrue(data[1] & 0x01)
            raw.send_bytes(data)
            frame = raw.read_frame()
            self.assertIsNotNone(frame)
            self.assertEqual(frame.stream, 3)
            self.assertTrue(frame.flags & 0x01, "a non-empty response body is compressed")
            result = ProtocolHandler.decode_message(4, {}, frame.stream, frame.flags, frame.opcode, frame.body,
                                                    decompress, None)
            self.assertEqual(result.parsed_rows, [("local",)])

    def test_codecs_round_trip(self):
        # Checks this module's ctypes codecs (and the driver's, when installed) on their own.
        for name in ("lz4", "snappy"):
            compress, decompress, source = codec(name)
            if compress is None:
                continue
            for data in (b"", b"a", b"abc" * 10000, os.urandom(70000), bytes(range(256)) * 100):
                self.assertEqual(decompress(compress(data)), data, (name, len(data)))
            if name == "lz4":
                self.assertEqual(compress(b"abc")[:4], b"\x00\x00\x00\x03", "big-endian length prefix")
