"""Harness for the driver tests: runs a `cairnd` node and hands out driver clusters.

    node = Node("build/bin/cairnd", "/tmp/work/node1")
    node.start()                      # waits until the CQL port accepts connections
    session = node.session()          # Cluster(contact_points=['127.0.0.1'], port=...)
    ...
    node.stop()                       # SIGTERM; asserts exit code 0 within 60 s

Each Node writes its own YAML config (Cassandra's key names) with a free port (found by
binding port 0) and data, commitlog and logs under its work directory; the process's
stdout and stderr go to <workdir>/cairnd.out. A node that exits early, or does not
listen within 30 s, fails with the tail of its logs.

Test modules derive from NodeTestCase: one node per module, shared by its classes
(started on first use and stopped by the module's tearDownModule), one driver Cluster
and one fresh keyspace per class.

RawConnection speaks the native protocol over a plain socket, framing and decoding
with the driver's own ProtocolHandler, for the checks a driver cannot make.

`python3 harness.py --self-test` checks the harness itself against fake "cairnd"
scripts (one that listens, one that exits, one that ignores SIGTERM, ...).

The driver is the Debian package python3-cassandra (3.25); it lives in /usr/lib/python3/
dist-packages, so these files must run under /usr/bin/python3 (run_driver_tests.py
re-executes itself there when the python3 on PATH lacks the driver).
"""

import collections
import ctypes
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import unittest

# The binary every NodeTestCase starts; run_driver_tests.py sets it.
BINARY = os.environ.get("CAIRND_BINARY")
# Where nodes of NodeTestCase live; run_driver_tests.py sets it (a temp dir otherwise).
WORKDIR = os.environ.get("CAIRN_DRIVER_WORKDIR")

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 60.0
# Driver timeouts: short enough that a hang fails the test in well under a minute.
CONNECT_TIMEOUT_S = 5.0          # Cluster(connect_timeout): one TCP connect + handshake
CONTROL_TIMEOUT_S = 10.0         # Cluster(control_connection_timeout): metadata queries
REQUEST_TIMEOUT_S = 20.0         # Session.default_timeout: one request
SCHEMA_AGREEMENT_WAIT_S = 10     # Cluster(max_schema_agreement_wait), the driver's default

CLUSTER_NAME = "Cairn Driver Tests"


def free_port(host="127.0.0.1"):
    """A TCP port that was free a moment ago (bind port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_accepts(port, host="127.0.0.1", timeout=0.5):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path, lines=40):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            data = f.read().decode("utf-8", "replace")
    except OSError as e:
        return "(cannot read %s: %s)" % (path, e)
    return "\n".join(data.splitlines()[-lines:])


def _yaml_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_./:-]+", text) and text.lower() not in (
            "true", "false", "yes", "no", "on", "off", "null", "~"):
        return text
    return "'" + text.replace("'", "''") + "'"


def render_yaml(config, indent=""):
    """A mapping of scalars, lists of scalars and nested mappings of those, as YAML."""
    out = []
    for key, value in config.items():
        if isinstance(value, dict):
            out.append("%s%s:" % (indent, key))
            out.append(render_yaml(value, indent + "  ").rstrip("\n"))
        elif isinstance(value, (list, tuple)):
            out.append("%s%s:" % (indent, key))
            out.extend("%s  - %s" % (indent, _yaml_scalar(v)) for v in value)
        else:
            out.append("%s%s: %s" % (indent, key, _yaml_scalar(value)))
    return "\n".join(out) + "\n"


_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # The node is killed if the test runner dies (so a crashed or killed run leaves no
    # orphaned cairnd behind). Linux only; harmless to skip elsewhere.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:
        pass


_live_nodes = set()
_live_lock = threading.Lock()


def kill_all_nodes():
    """SIGKILL every node this process started that still runs (watchdog, atexit)."""
    with _live_lock:
        nodes = list(_live_nodes)
    for node in nodes:
        try:
            node.kill()
        except Exception:
            pass


class NodeError(AssertionError):
    """The node did not start, stop or run as it must; the message has its log tail."""


class Node:
    """One cairnd process with its own config, port and directories under workdir."""

    def __init__(self, binary, workdir, port=None, commitlog_sync="periodic",
                 config_overrides=None, name=None):
        self.binary = os.path.abspath(binary)
        self.workdir = os.path.abspath(workdir)
        self.name = name or os.path.basename(self.workdir)
        self.port = port or free_port()
        self.config_path = os.path.join(self.workdir, "cairn.yaml")
        self.out_path = os.path.join(self.workdir, "cairnd.out")      # stdout + stderr
        self.log_path = os.path.join(self.workdir, "cairnd.log")      # log_file
        self.data_dir = os.path.join(self.workdir, "data")
        self.commitlog_dir = os.path.join(self.workdir, "commitlog")
        self.config = collections.OrderedDict([
            ("cluster_name", CLUSTER_NAME),
            ("listen_address", "127.0.0.1"),
            ("rpc_address", "127.0.0.1"),
            ("native_transport_port", self.port),
            ("api_port", 0),  # the admin API on a port the OS picks: nodes never collide
            ("data_file_directories", [self.data_dir]),
            ("commitlog_directory", self.commitlog_dir),
            ("commitlog_sync", commitlog_sync),
            ("commitlog_sync_period", "10s"),
            ("batch_size_warn_threshold", "5KiB"),
            ("batch_size_fail_threshold", "50KiB"),
            ("log_file", self.log_path),
            ("log_level", "INFO"),
        ])
        if config_overrides:
            self.config.update(config_overrides)
        self.proc = None
        self.starts = 0
        self._clusters = []
        os.makedirs(self.workdir, exist_ok=True)
        self.write_config()

    # -- process ---------------------------------------------------------------------

    def write_config(self):
        config = collections.OrderedDict(self.config)
        if config.get("commitlog_sync") != "periodic":
            # as in Cassandra, only periodic takes a sync period ("Group sync specified,
            # but commitlog_sync_period found" otherwise)
            config.pop("commitlog_sync_period", None)
        with open(self.config_path, "w") as f:
            f.write(render_yaml(config))

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def is_running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines=40):
        parts = ["--- %s (stdout+stderr) ---" % self.out_path, tail(self.out_path, lines)]
        if os.path.exists(self.log_path):
            parts += ["--- %s (log_file) ---" % self.log_path, tail(self.log_path, lines)]
        return "\n".join(parts)

    def _fail(self, what):
        raise NodeError("node %s (port %d): %s\n%s" % (self.name, self.port, what, self.log_tail()))

    def start(self, timeout=START_TIMEOUT_S):
        if self.is_running():
            raise NodeError("node %s is already running (pid %d)" % (self.name, self.pid))
        if not os.path.isfile(self.binary) or not os.access(self.binary, os.X_OK):
            raise NodeError("no executable at %s (build it with ./dev build)" % self.binary)
        if port_accepts(self.port):
            raise NodeError("port %d already accepts connections before %s started"
                            % (self.port, self.name))
        self.write_config()
        self.starts += 1
        with open(self.out_path, "ab") as out:
            out.write(("=== start #%d at %s: %s --config %s\n" % (
                self.starts, time.strftime("%H:%M:%S"), self.binary, self.config_path)).encode())
            out.flush()
            self.proc = subprocess.Popen(
                [self.binary, "--config", self.config_path],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                cwd=self.workdir, preexec_fn=_die_with_parent)
        with _live_lock:
            _live_nodes.add(self)
        deadline = time.monotonic() + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                self._forget()
                self._fail("exited with code %s while starting" % code)
            if port_accepts(self.port):
                return self
            if time.monotonic() > deadline:
                self.kill()
                self._fail("did not accept connections on port %d within %.0f s"
                           % (self.port, timeout))
            time.sleep(0.05)

    def _forget(self):
        with _live_lock:
            _live_nodes.discard(self)

    def stop(self, timeout=STOP_TIMEOUT_S, close_clusters=True):
        """SIGTERM, then assert the process exits with code 0 within `timeout`.
        The driver clusters made by cluster()/session() are shut down first unless
        close_clusters=False (to see a client ride through a restart)."""
        if close_clusters:
            self.close_clusters()
        if self.proc is None:
            return
        code = self.proc.poll()
        if code is not None:
            self._forget()
            proc, self.proc = self.proc, None
            if getattr(proc, "_cairn_killed", False):
                return  # we SIGKILLed it ourselves
            self._fail("had already exited with code %s before SIGTERM (crashed?)" % code)
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._forget()
            self.proc = None
            self._fail("did not exit within %.0f s of SIGTERM (killed it)" % timeout)
        self._forget()
        self.proc = None
        if code != 0:
            self._fail("exited with code %s after SIGTERM, expected 0" % code)

    def kill(self):
        """SIGKILL (no shutdown at all), and reap it."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc._cairn_killed = True
            self.proc.kill()
        self.proc.wait()
        self._forget()
        self.proc = None

    def restart(self, kill=False, timeout=START_TIMEOUT_S, close_clusters=True):
        """stop() (or kill()) and start() again on the same port and directories."""
        if kill:
            if close_clusters:
                self.close_clusters()
            self.kill()
        else:
            self.stop(close_clusters=close_clusters)
        return self.start(timeout)

    # -- driver ----------------------------------------------------------------------

    def cluster(self, protocol_version=4, **kwargs):
        """A driver Cluster for this node with the driver's default policies.

        protocol_version=None leaves it unset, so the driver negotiates (starting from
        its highest version and downgrading on the server's protocol error)."""
        from cassandra.cluster import Cluster
        options = dict(contact_points=["127.0.0.1"], port=self.port,
                       connect_timeout=CONNECT_TIMEOUT_S,
                       control_connection_timeout=CONTROL_TIMEOUT_S,
                       max_schema_agreement_wait=SCHEMA_AGREEMENT_WAIT_S)
        if protocol_version is not None:
            options["protocol_version"] = protocol_version
        options.update(kwargs)
        cluster = Cluster(**options)
        self._clusters.append(cluster)
        return cluster

    def session(self, keyspace=None, protocol_version=4, **cluster_kwargs):
        """cluster(...).connect(keyspace) with a short request timeout."""
        cluster = self.cluster(protocol_version=protocol_version, **cluster_kwargs)
        session = cluster.connect(keyspace)
        session.default_timeout = REQUEST_TIMEOUT_S
        return session

    def close_clusters(self):
        clusters, self._clusters = self._clusters, []
        for c in clusters:
            try:
                c.shutdown()
            except Exception:
                pass

    def raw(self, timeout=10.0):
        return RawConnection(self.port, timeout=timeout)

    def __repr__(self):
        return "Node(%s, port=%d, pid=%s)" % (self.name, self.port, self.pid)


def wait_until(predicate, timeout, interval=0.2, what="condition"):
    """Calls predicate() until it returns a true value (returned) or timeout passes.
    Exceptions count as 'not yet'; the last one is reported."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            last = e
        if time.monotonic() > deadline:
            raise AssertionError("%s not reached within %.0f s (last error: %r)" % (what, timeout, last))
        time.sleep(interval)


# -- shared nodes and the test base class ----------------------------------------------

_module_nodes = collections.defaultdict(list)
_workdir_lock = threading.Lock()
_node_counter = [0]


def workdir():
    global WORKDIR
    with _workdir_lock:
        if not WORKDIR:
            import tempfile
            WORKDIR = tempfile.mkdtemp(prefix="cairn-driver-")
        os.makedirs(WORKDIR, exist_ok=True)
        return WORKDIR


def new_node(owner, start=True, **options):
    """A new node for module/test `owner`, under the run's work directory; stopped by
    stop_module_nodes(owner's module)."""
    if not BINARY:
        raise NodeError("harness.BINARY is not set (run through run_driver_tests.py BINARY)")
    module = owner.split(".")[0]
    with _workdir_lock:
        _node_counter[0] += 1
        n = _node_counter[0]
    node = Node(BINARY, os.path.join(workdir(), "%s-%d" % (module, n)), **options)
    _module_nodes[module].append(node)
    if start:
        node.start()
    return node


def shared_node(module):
    """The module's shared node, started on first use (and restarted if a test left it
    stopped)."""
    nodes = [n for n in _module_nodes[module] if getattr(n, "_shared", False)]
    if nodes:
        node = nodes[0]
        if not node.is_running():
            node.start()
        return node
    node = new_node(module, start=False)
    node._shared = True
    node.start()
    return node


def stop_module_nodes(module):
    """Stops every node of the module with SIGTERM and asserts exit code 0."""
    errors = []
    for node in _module_nodes.pop(module, []):
        try:
            node.stop()
        except Exception as e:  # noqa: BLE001 - report all, not only the first
            errors.append(str(e))
    if errors:
        raise NodeError("\n\n".join(errors))


def module_nodes(module):
    return list(_module_nodes.get(module, []))


def keyspace_name(*parts):
    name = "_".join(parts).lower()
    name = re.sub(r"[^a-z0-9_]", "_", name)
    return name[:48]


def create_keyspace(session, name, replication="{'class': 'SimpleStrategy', 'replication_factor': 1}"):
    session.execute("DROP KEYSPACE IF EXISTS %s" % name)
    session.execute("CREATE KEYSPACE %s WITH replication = %s" % (name, replication))


class NodeTestCase(unittest.TestCase):
    """Base class: the module's shared node, a Cluster/Session for the class and a fresh
    keyspace `cls.ks` that the session uses."""

    protocol_version = 4        # None: let the driver negotiate
    create_test_keyspace = True
    cluster_options = {}

    @classmethod
    def setUpClass(cls):
        cls.node = shared_node(cls.__module__)
        cls.cluster = cls.node.cluster(protocol_version=cls.protocol_version, **cls.cluster_options)
        cls.session = cls.cluster.connect()
        cls.session.default_timeout = REQUEST_TIMEOUT_S
        cls.ks = keyspace_name(cls.__module__.replace("test_", ""), cls.__name__)
        if cls.create_test_keyspace:
            create_keyspace(cls.session, cls.ks)
            cls.session.set_keyspace(cls.ks)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.cluster.shutdown()
        except Exception:
            pass

    # helpers
    def rows(self, query, params=None, **kwargs):
        return list(self.session.execute(query, params, **kwargs))

    def one(self, query, params=None, **kwargs):
        return self.session.execute(query, params, **kwargs).one()

    def host(self):
        hosts = self.cluster.metadata.all_hosts()
        self.assertEqual(len(hosts), 1, hosts)
        return hosts[0]


def session_connections(session):
    """The driver connections of the session's pools (driver internals of 3.25)."""
    conns = []
    for pool in list(session._pools.values()):
        c = getattr(pool, "_connection", None)
        if c is not None:
            conns.append(c)
        conns.extend(getattr(pool, "_connections", []) or [])
    return conns


class LogCapture:
    """Collects the driver's log records of `logger_name` at `level` and above."""

    def __init__(self, logger_name="cassandra", level="WARNING"):
        import logging
        self.logger = logging.getLogger(logger_name)
        self.records = []
        outer = self

        class _Handler(logging.Handler):
            def emit(self, record):
                outer.records.append(record)

        self.handler = _Handler(getattr(logging, level))

    def __enter__(self):
        self.logger.addHandler(self.handler)
        self._old_level = self.logger.level
        if self.logger.level == 0 or self.logger.level > self.handler.level:
            self.logger.setLevel(self.handler.level)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self._old_level)

    def messages(self):
        return [r.getMessage() for r in self.records]


# -- raw native protocol ---------------------------------------------------------------

Frame = collections.namedtuple("Frame", "version flags stream opcode body")

OPCODES = {0x00: "ERROR", 0x01: "STARTUP", 0x02: "READY", 0x03: "AUTHENTICATE",
           0x05: "OPTIONS", 0x06: "SUPPORTED", 0x07: "QUERY", 0x08: "RESULT",
           0x09: "PREPARE", 0x0A: "EXECUTE", 0x0B: "REGISTER", 0x0C: "EVENT",
           0x0D: "BATCH", 0x0E: "AUTH_CHALLENGE", 0x0F: "AUTH_RESPONSE", 0x10: "AUTH_SUCCESS"}


class RawConnection:
    """A plain socket speaking the native protocol (v3+ 9-byte headers), with the driver's
    message classes for encoding and its ProtocolHandler for decoding."""

    def __init__(self, port, host="127.0.0.1", timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self._buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def encode(msg, stream=0, version=4):
        from cassandra.protocol import ProtocolHandler
        return ProtocolHandler.encode_message(msg, stream, version, None, False)

    def send(self, msg, stream=0, version=4):
        self.sock.sendall(self.encode(msg, stream, version))

    def send_bytes(self, data):
        self.sock.sendall(data)

    def _fill(self, n, deadline):
        while len(self._buf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("no complete frame within %.1f s" % self.timeout)
            self.sock.settimeout(remaining)
            chunk = self.sock.recv(65536)
            if not chunk:
                return False
            self._buf += chunk
        return True

    def read_frame(self, timeout=None):
        """The next frame, or None when the server closed the connection first."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        if not self._fill(9, deadline):
            return None
        version, flags, stream, opcode, length = struct.unpack(">BBhBi", self._buf[:9])
        if length < 0 or length > 256 * 1024 * 1024:
            raise AssertionError("bad frame length %d in header %r" % (length, self._buf[:9]))
        if not self._fill(9 + length, deadline):
            return None
        body = self._buf[9:9 + length]
        self._buf = self._buf[9 + length:]
        return Frame(version, flags, stream, opcode, body)

    @staticmethod
    def decode(frame, result_metadata=None):
        from cassandra.protocol import ProtocolHandler
        return ProtocolHandler.decode_message(frame.version & 0x7F, {}, frame.stream, frame.flags,
                                              frame.opcode, frame.body, None, result_metadata)

    def request(self, msg, stream=0, version=4, timeout=None):
        """Sends msg and returns (frame, decoded message) of the reply on that stream."""
        self.send(msg, stream, version)
        while True:
            frame = self.read_frame(timeout)
            if frame is None:
                raise AssertionError("server closed the connection instead of answering %s"
                                     % type(msg).__name__)
            if frame.stream == stream:
                return frame, self.decode(frame)

    def startup(self, version=4, cql_version="3.0.0", options=None):
        from cassandra.protocol import ReadyMessage, StartupMessage
        frame, msg = self.request(StartupMessage(cqlversion=cql_version, options=options or {}),
                                  version=version)
        if not isinstance(msg, ReadyMessage):
            raise AssertionError("STARTUP answered with %r, expected READY" % (msg,))
        return self

    def query(self, cql, stream=0, version=4, consistency=1):
        from cassandra.protocol import QueryMessage
        return self.request(QueryMessage(cql, consistency), stream=stream, version=version)[1]


# -- self test -------------------------------------------------------------------------

_FAKE_LISTENER = r'''#!/usr/bin/env python3
# A fake cairnd: reads native_transport_port from --config FILE, listens, exits 0 on SIGTERM.
import signal, socket, sys, time, os
mode = os.environ.get("FAKE_MODE", "ok")
cfg = sys.argv[sys.argv.index("--config") + 1]
port = None
for line in open(cfg):
    if line.startswith("native_transport_port:"):
        port = int(line.split(":", 1)[1])
print("fake cairnd on port", port, "mode", mode, flush=True)
if mode == "exit":
    print("fatal: cannot open data directory", file=sys.stderr, flush=True)
    sys.exit(3)
if mode == "nolisten":
    time.sleep(3600)
if mode == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
elif mode == "bad-exit":
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(7))
else:
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
time.sleep(float(os.environ.get("FAKE_DELAY", "0")))
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port)); s.listen(16)
while True:
    c, _ = s.accept(); c.close()
'''


def _self_test():
    import shutil
    import tempfile
    root = tempfile.mkdtemp(prefix="cairn-harness-selftest-")
    fake = os.path.join(root, "cairnd")
    with open(fake, "w") as f:
        f.write(_FAKE_LISTENER.replace("/usr/bin/env python3", sys.executable))
    os.chmod(fake, 0o755)
    checks = []

    def check(name, fn):
        try:
            fn()
            checks.append((name, None))
            print("PASS", name)
        except Exception as e:  # noqa: BLE001
            checks.append((name, e))
            print("FAIL", name, "--", e)

    def env(mode, delay="0"):
        os.environ["FAKE_MODE"] = mode
        os.environ["FAKE_DELAY"] = delay

    def lifecycle():
        env("ok", "0.5")
        node = Node(fake, os.path.join(root, "n1"))
        text = open(node.config_path).read()
        assert "native_transport_port: %d" % node.port in text, text
        assert "data_file_directories:\n  - %s" % node.data_dir in text, text
        assert "cluster_name: 'Cairn Driver Tests'" in text, text
        assert "batch_size_warn_threshold: 5KiB" in text, text
        assert "commitlog_sync: periodic\ncommitlog_sync_period: 10s" in text, text
        group = Node(fake, os.path.join(root, "n1g"), commitlog_sync="group")
        gtext = open(group.config_path).read()
        assert "commitlog_sync: group" in gtext and "commitlog_sync_period" not in gtext, gtext
        t0 = time.monotonic()
        node.start()
        assert time.monotonic() - t0 >= 0.5, "start returned before the port was open"
        assert node.is_running() and port_accepts(node.port)
        pid = node.pid
        node.stop()
        assert not node.is_running() and not port_accepts(node.port)
        node.start()
        assert node.pid != pid
        node.restart()
        node.kill()
        assert not node.is_running()
        node.stop()  # after our own kill: a no-op
        node.restart(kill=True)
        node.restart(kill=True)
        assert node.starts == 5, node.starts
        node.stop()
        assert "=== start #5" in open(node.out_path).read()

    def exits_early():
        env("exit")
        node = Node(fake, os.path.join(root, "n2"))
        try:
            node.start()
        except NodeError as e:
            assert "exited with code 3" in str(e), e
            assert "cannot open data directory" in str(e), e
        else:
            raise AssertionError("start() did not fail")

    def never_listens():
        env("nolisten")
        node = Node(fake, os.path.join(root, "n3"))
        t0 = time.monotonic()
        try:
            node.start(timeout=1.5)
        except NodeError as e:
            assert "did not accept connections" in str(e), e
        else:
            raise AssertionError("start() did not fail")
        assert time.monotonic() - t0 < 5
        assert not node.is_running()

    def ignores_sigterm():
        env("ignore-term")
        node = Node(fake, os.path.join(root, "n4"))
        node.start()
        try:
            node.stop(timeout=1.0)
        except NodeError as e:
            assert "did not exit within" in str(e), e
        else:
            raise AssertionError("stop() did not fail")
        assert not node.is_running()

    def bad_exit_code():
        env("bad-exit")
        node = Node(fake, os.path.join(root, "n5"))
        node.start()
        try:
            node.stop()
        except NodeError as e:
            assert "exited with code 7" in str(e), e
        else:
            raise AssertionError("stop() did not fail")

    def crashed_before_stop():
        env("ok")
        node = Node(fake, os.path.join(root, "n6"))
        node.start()
        os.kill(node.pid, signal.SIGKILL)   # not through node.kill(): a crash
        time.sleep(0.2)
        try:
            node.stop()
        except NodeError as e:
            assert "already exited" in str(e), e
        else:
            raise AssertionError("stop() did not report the crash")

    def missing_binary():
        node = Node(os.path.join(root, "nope"), os.path.join(root, "n7"))
        try:
            node.start()
        except NodeError as e:
            assert "no executable" in str(e), e
        else:
            raise AssertionError("start() did not fail")

    def driver_cluster_object():
        env("ok")
        node = Node(fake, os.path.join(root, "n8"))
        c = node.cluster()
        assert c.port == node.port and c.protocol_version == 4 and c.contact_points == ["127.0.0.1"]
        c2 = node.cluster(protocol_version=None)
        assert not c2._protocol_version_explicit
        node.close_clusters()

    def yaml_rendering():
        text = render_yaml(collections.OrderedDict([("a", "x y"), ("b", ["/p"]), ("c", True),
                                                    ("d", "it's"), ("e", 5), ("f", "10s")]))
        assert text == "a: 'x y'\nb:\n  - /p\nc: true\nd: 'it''s'\ne: 5\nf: 10s\n", text
        nested = render_yaml({"m": collections.OrderedDict([("on", True), ("l", ["x"]),
                                                            ("n", {"k": "v"})])})
        assert nested == "m:\n  on: true\n  l:\n    - x\n  n:\n    k: v\n", nested

    for name, fn in [("lifecycle", lifecycle), ("exits_early", exits_early),
                     ("never_listens", never_listens), ("ignores_sigterm", ignores_sigterm),
                     ("bad_exit_code", bad_exit_code), ("crashed_before_stop", crashed_before_stop),
                     ("missing_binary", missing_binary), ("driver_cluster_object", driver_cluster_object),
                     ("yaml_rendering", yaml_rendering)]:
        check(name, fn)
    kill_all_nodes()
    failed = sum(1 for _, e in checks if e)
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    if not failed:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(_self_test())
    print(__doc__)
    sys.exit(2)
