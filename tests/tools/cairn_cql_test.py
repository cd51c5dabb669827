#!/usr/bin/env python3
"""End-to-end test of the cairn-cql shell (tools/cairn_cql/) against real cairnd nodes.

    cairn_cql_test.py <cairn-cql binary> <cairnd binary>

Starts two cairnd nodes on ports the OS picks (native_transport_port: 0; the port is
read from the "cairnd ready" log line), each over its own temporary data directory.
On the first, `cairn-cql -f` replays a schema file (keyspaces with both strategies and
durable_writes, tables with compound partition keys, clustering order, static columns,
every type, frozen and multi-cell collections, tuples, quoted names, table options,
comments, multi-line statements, data); `DESCRIBE SCHEMA` is fed with `-f` into the
second, empty node, and system_schema of both is compared. It also checks `-e` output
(alignment and cqlsh's formatting), errors in one line with the shell going on over
piped standard input, paging (all rows when not at a terminal; ---MORE--- with
--tty), USE and the prompt, and a refused connection. No timing is asserted.
Standard library only.
"""
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

CQL = ""
CAIRND = ""

START_TIMEOUT_S = 30
RUN_TIMEOUT_S = 60
STOP_TIMEOUT_S = 60

SCHEMA = r"""
-- The schema the shell replays: every feature DESCRIBE must carry over.
CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
CREATE KEYSPACE quiet
  WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}
  AND durable_writes = false;   // a comment after code

/* A table with a compound partition key, two clustering columns in mixed order,
   a static column, and options; ';' inside this comment does not end anything */
CREATE TABLE app.events (
    tenant uuid,
    day date,
    at timestamp,
    seq int,
    owner text static,
    "Payload" map<text, frozen<list<int>>>,
    tags set<text>,
    PRIMARY KEY ((tenant, day), at, seq)
) WITH CLUSTERING ORDER BY (at ASC, seq DESC)
  AND comment = 'events; it''s a comment'
  AND gc_grace_seconds = 3600
  AND default_time_to_live = 86400
  AND bloom_filter_fp_chance = 0.05
  AND compaction = {'class': 'LeveledCompactionStrategy'}
  AND compression = {'enabled': 'false'};

CREATE TABLE app.all_types (
    k int PRIMARY KEY,
    a ascii, b bigint, bl blob, bo boolean, d date, de decimal, db double, du duration,
    f float, i inet, si smallint, t text, ti time, ts timestamp, tu timeuuid,
    tiny tinyint, u uuid, vc varchar, vi varint,
    l list<int>, s set<text>, m map<text, int>,
    fl frozen<list<text>>, tp tuple<int, text, timestamp>
);

CREATE TABLE app.pages (p int, c int, v text, PRIMARY KEY (p, c))
  WITH CLUSTERING ORDER BY (c DESC);

INSERT INTO app.all_types (k, a, b, bl, bo, d, de, db, du, f, i, si, t, ti, ts, tu, tiny, u,
                           vc, vi, l, s, m, fl, tp)
VALUES (1, 'ascii', -9000000000, 0xcafe, true, '2024-01-02', 123.45, 3.5, 1h2m3s, 2.5,
        '127.0.0.1', -7, 'it''s; text', '01:02:03.000000123', '2024-01-02 03:04:05.678+0000',
        50554d6e-29bb-11e5-b345-feff819cdc9f, 8, 123e4567-e89b-12d3-a456-426614174000,
        'varchar', 123456789012345678901234567890, [1, 2], {'a', 'b'}, {'x': 1, 'y': 2},
        ['p', 'q'], (1, 'one', '1970-01-01 00:00:00+0000'));
INSERT INTO app.all_types (k) VALUES (2);
"""

EXPECTED_ALL_TYPES = """
 k | a     | b           | bl     | bo   | d          | de     | db   | du     | f    | i         | si   | t          | ti                 | ts                              | tu                                   | tiny | u                                    | vc      | vi                             | l      | s          | m                | fl         | tp
---+-------+-------------+--------+------+------------+--------+------+--------+------+-----------+------+------------+--------------------+---------------------------------+--------------------------------------+------+--------------------------------------+---------+--------------------------------+--------+------------+------------------+------------+-----------------------------------------------
 1 | ascii | -9000000000 | 0xcafe | True | 2024-01-02 | 123.45 |  3.5 | 1h2m3s |  2.5 | 127.0.0.1 |   -7 | it's; text | 01:02:03.000000123 | 2024-01-02 03:04:05.678000+0000 | 50554d6e-29bb-11e5-b345-feff819cdc9f |    8 | 123e4567-e89b-12d3-a456-426614174000 | varchar | 123456789012345678901234567890 | [1, 2] | {'a', 'b'} | {'x': 1, 'y': 2} | ['p', 'q'] | (1, 'one', '1970-01-01 00:00:00.000000+0000')
 2 |  null |        null |   null | null |       null |   null | null |   null | null |      null | null |       null |               null |                            null |                                 null | null |                                 null |    null |                           null |   null |       null |             null |       null |                                          null

(2 rows)
"""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)" % (path, e)


class Node:
    """One cairnd over its own directory, on a port the OS picked."""

    def __init__(self, root, name, extra_config=""):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.log = os.path.join(self.dir, "cairnd.log")
        config = os.path.join(self.dir, "cairn.yaml")
        with open(config, "w") as f:
            f.write("cluster_name: 'cairn-cql test'\n"
                    "native_transport_port: 0\n"
                    "api_port: 0\n"
                    "data_file_directories:\n"
                    "  - %s\n"
                    "batch_size_warn_threshold_in_kb: 1\n"
                    "log_level: INFO\n" % os.path.join(self.dir, "data"))
            f.write(extra_config)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([CAIRND, "--config", config], stdout=log,
                                            stderr=subprocess.STDOUT)
        self.port = None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            match = re.search(r"cairnd ready: .* on [^ ]+:(\d+)", tail(self.log, 200))
            if match:
                self.port = int(match.group(1))
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise AssertionError("cairnd did not become ready within %d s (exit code %s):\n%s"
                             % (START_TIMEOUT_S, self.process.returncode, tail(self.log)))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("cairnd ignored SIGTERM for %d s" % STOP_TIMEOUT_S)
        if self.process.returncode != 0:
            raise AssertionError("cairnd exited with %s:\n%s"
                                 % (self.process.returncode, tail(self.log)))


def cql(node, *args, stdin=None):
    """Runs cairn-cql against `node`; returns (exit code, stdout, stderr)."""
    r = subprocess.run([CQL, "127.0.0.1", str(node.port), *args], capture_output=True,
                       input=stdin.encode() if stdin is not None else None,
                       stdin=None if stdin is not None else subprocess.DEVNULL,
                       timeout=RUN_TIMEOUT_S)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


class CairnCqlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="cairn-cql-")
        cls.nodes = []
        try:
            cls.source = Node(cls.dir, "source")
            cls.nodes.append(cls.source)
            cls.target = Node(cls.dir, "target")
            cls.nodes.append(cls.target)
            path = os.path.join(cls.dir, "schema.cql")
            with open(path, "w") as f:
                f.write(SCHEMA)
            code, out, err = cql(cls.source, "-f", path)
            if code != 0:
                raise AssertionError("replaying the schema failed (%d):\n%s%s" % (code, out, err))
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            for node in cls.nodes:
                node.stop()
        finally:
            shutil.rmtree(cls.dir, ignore_errors=True)

    def run_ok(self, node, *args, stdin=None):
        code, out, err = cql(node, *args, stdin=stdin)
        self.assertEqual(code, 0, "cairn-cql %s failed:\nstdout:\n%s\nstderr:\n%s"
                         % (" ".join(args), out, err))
        return out

    def schema_of(self, node):
        """system_schema as cairn-cql prints it, without table ids."""
        return [self.run_ok(node, "-e", q) for q in (
            "SELECT * FROM system_schema.keyspaces",
            "SELECT keyspace_name, table_name, additional_write_policy, bloom_filter_fp_chance, "
            "caching, comment, compaction, compression, crc_check_chance, default_time_to_live, "
            "extensions, flags, gc_grace_seconds, max_index_interval, memtable_flush_period_in_ms, "
            "min_index_interval, read_repair, speculative_retry FROM system_schema.tables",
            "SELECT * FROM system_schema.columns")]

    def test_describe_schema_recreates_the_schema_on_an_empty_node(self):
        described = self.run_ok(self.source, "-e", "DESCRIBE SCHEMA")
        self.assertIn("CREATE KEYSPACE quiet WITH replication = {'class': "
                      "'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc1': '3'}  AND "
                      "durable_writes = false;", described)
        self.assertIn("    PRIMARY KEY ((tenant, day), at, seq)\n"
                      ") WITH CLUSTERING ORDER BY (at ASC, seq DESC)", described)
        self.assertIn("    owner text static,", described)
        self.assertIn("    \"Payload\" map<text, frozen<list<int>>>,", described)
        self.assertIn("AND comment = 'events; it''s a comment'", described)
        self.assertNotIn("system_schema", described)
        path = os.path.join(self.dir, "described.cql")
        with open(path, "w") as f:
            f.write(described)
        self.run_ok(self.target, "-f", path)
        source, target = self.schema_of(self.source), self.schema_of(self.target)
        for a, b in zip(source, target):
            self.assertEqual(a, b)
        self.assertIn("events; it's a comment", source[1])
        self.assertIn("LeveledCompactionStrategy", source[1])
        # DESCRIBE of one keyspace and of one table give the same CQL.
        self.assertIn(self.run_ok(self.source, "-e", "DESCRIBE KEYSPACE quiet").strip(), described)
        self.assertIn(self.run_ok(self.source, "-e", "DESCRIBE TABLE app.events").strip(), described)
        listed = self.run_ok(self.source, "-e", "DESCRIBE KEYSPACES")
        for name in ("app", "quiet", "system", "system_schema"):
            self.assertIn(name, listed.split())
        tables = self.run_ok(self.source, "-k", "app", "-e", "DESCRIBE TABLES")
        self.assertEqual(tables.split(), ["all_types", "events", "pages"])

    def test_execute_prints_an_aligned_table_as_cqlsh(self):
        out = self.run_ok(self.source, "-e", "SELECT k, a, b, bl, bo, d, de, db, du, f, i, si, t, "
                          "ti, ts, tu, tiny, u, vc, vi, l, s, m, fl, tp FROM app.all_types "
                          "WHERE k IN (1, 2)")
        self.assertEqual(out, EXPECTED_ALL_TYPES)

    def test_errors_are_one_line_and_the_shell_goes_on(self):
        code, out, err = cql(self.source, stdin=(
            "SELECT * FROM app.missing;\n"
            "INSERT INTO app.all_types (k, t)\n"
            "  VALUES (3, 'after the error');\n"
            "SELEC nonsense;\n"
            "DESCRIBE TABLE app.nope;\n"
            "SELECT t FROM app.all_types WHERE k = 3;\n"))
        self.assertEqual(code, 2, out + err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 3, err)
        self.assertRegex(lines[0], r'^<stdin>:1:InvalidRequest: Error from server: code=2200 '
                                   r'\[Invalid query\] message=".*missing.*"$')
        self.assertRegex(lines[1], r'^<stdin>:4:SyntaxException: Error from server: code=2000 '
                                   r'\[Syntax error in CQL query\] message=".+"$')
        self.assertEqual(lines[2], "<stdin>:5:Table 'nope' not found in keyspace 'app'")
        self.assertIn(" after the error\n", out)
        self.assertIn("(1 rows)", out)
        # -f names the file; -e exits non-zero too.
        path = os.path.join(self.dir, "bad.cql")
        with open(path, "w") as f:
            f.write("-- first line\nSELECT * FROM app.missing;\n")
        code, _, err = cql(self.source, "-f", path)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith(path + ":2:InvalidRequest: Error from server: code=2200"), err)
        with open(path, "w") as f:
            f.write("SELECT k FROM app.all_types\n  WHERE k = 2;\nSELECT k\n  FROM app.all_types\n")
        code, out, err = cql(self.source, "-f", path)
        self.assertEqual(code, 2)
        self.assertIn("(1 rows)", out)
        self.assertEqual(err, path + ":4:Incomplete statement at end of input (no ';'): "
                              "SELECT k...\n")
        code, _, err = cql(self.source, "-e", "SELECT * FROM app.missing")
        self.assertEqual(code, 2)
        self.assertIn("<stdin>:1:InvalidRequest", err)

    def test_paging(self):
        rows = 250
        self.run_ok(self.source, stdin="".join(
            "INSERT INTO app.pages (p, c, v) VALUES (1, %d, 'v%d');\n" % (c, c)
            for c in range(rows)))
        # Not at a terminal: every row, fetched page by page from the node.
        out = self.run_ok(self.source, "-e", "SELECT c, v FROM app.pages WHERE p = 1")
        self.assertIn("\n(%d rows)\n" % rows, out)
        values = re.findall(r"^ +(\d+) \| +v(\d+)$", out, re.M)
        self.assertEqual([int(c) for c, _ in values], list(reversed(range(rows))))
        # As at a terminal: ---MORE--- after each full page; Enter goes on.
        out = self.run_ok(self.source, "--tty", stdin="PAGING 100\n"
                          "SELECT c, v FROM app.pages WHERE p = 1;\n\n\n")
        self.assertEqual(out.count("---MORE---"), 2, out)
        self.assertIn("\n(%d rows)\n" % rows, out)
        self.assertEqual(out.count(" c   | v"), 1, out)  # one header
        # q stops after the first page.
        out = self.run_ok(self.source, "--tty", stdin="PAGING 100\n"
                          "SELECT c, v FROM app.pages WHERE p = 1;\nq\n")
        self.assertIn("\n(100 rows)\n", out)
        # PAGING OFF: everything at once.
        out = self.run_ok(self.source, "--tty", stdin="PAGING OFF\n"
                          "SELECT c, v FROM app.pages WHERE p = 1;\n")
        self.assertNotIn("---MORE---", out)
        self.assertIn("\n(%d rows)\n" % rows, out)

    def test_consistency_and_warnings(self):
        out = self.run_ok(self.source, stdin="CONSISTENCY\nCONSISTENCY quorum\nCONSISTENCY\n")
        self.assertEqual(out, "Current consistency level is ONE.\nConsistency level set to QUORUM.\n"
                              "Current consistency level is QUORUM.\n")
        code, _, err = cql(self.source, stdin="CONSISTENCY SOMETIMES\n")
        self.assertEqual(code, 2)
        self.assertIn("<stdin>:1:Improper CONSISTENCY command: unknown level 'SOMETIMES'", err)
        # A batch over batch_size_warn_threshold (1 KiB here) spanning partitions: the
        # node's warning is printed and the statement still succeeds.
        big = "x" * 800
        code, _, err = cql(self.source, "-e", "BEGIN UNLOGGED BATCH "
                           "INSERT INTO app.pages (p, c, v) VALUES (10, 1, '%s'); "
                           "INSERT INTO app.pages (p, c, v) VALUES (11, 1, '%s'); "
                           "APPLY BATCH" % (big, big))
        self.assertEqual(code, 0, err)
        self.assertTrue(err.startswith("Warnings :\n"), err)
        self.assertIn("Batch", err)

    def test_use_changes_the_prompt(self):
        out = self.run_ok(self.source, "--tty", stdin="USE app;\nSELECT k\nFROM all_types\n"
                          "WHERE k = 2;\nEXIT\n")
        self.assertIn("cairn-cql> ", out)
        self.assertIn("cairn-cql:app> ", out)
        self.assertIn("   ... ", out)  # continuation prompt
        self.assertIn("(1 rows)", out)

    def test_terminal_line_editing_and_history(self):
        """At a real terminal (a pty): libedit's prompt, a statement over two lines,
        an error without <source>:<line>:, and the history file written on exit."""
        home = os.path.join(self.dir, "home")
        os.makedirs(home, exist_ok=True)
        master, slave = pty.openpty()
        env = dict(os.environ, HOME=home, TERM="dumb")
        process = subprocess.Popen([CQL, "127.0.0.1", str(self.source.port)], stdin=slave,
                                   stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        output = b""

        def read_until(marker):
            nonlocal output
            deadline = time.monotonic() + RUN_TIMEOUT_S
            while marker not in output and time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.1)
                if ready:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    output += chunk
            return marker in output

        try:
            self.assertTrue(read_until(b"cairn-cql> "), output)
            os.write(master, b"SELECT k FROM app.all_types\n")
            self.assertTrue(read_until(b"   ... "), output)
            os.write(master, b"WHERE k = 2;\n")
            self.assertTrue(read_until(b"(1 rows)"), output)
            os.write(master, b"SELECT * FROM app.missing;\n")
            self.assertTrue(read_until(b"message="), output)
            os.write(master, b"USE app;\n")
            self.assertTrue(read_until(b"cairn-cql:app> "), output)
            os.write(master, b"EXIT\n")
            process.wait(timeout=RUN_TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            os.close(master)
        self.assertEqual(process.returncode, 0, output)
        text = output.decode("utf-8", "replace")
        self.assertRegex(text, r"\r?\nInvalidRequest: Error from server: code=2200 ")
        with open(os.path.join(home, ".cairn_cql_history")) as f:
            history = f.read().replace("\\040", " ")  # libedit's file escapes spaces
        self.assertIn("SELECT k FROM app.all_types", history)
        self.assertIn("USE app;", history)

    def test_ctrl_c_drops_the_statement_being_typed(self):
        """At a terminal that is the shell's controlling terminal, ^C makes SIGINT:
        the half-typed statement is dropped and the shell prompts again."""
        pid, master = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            env = dict(os.environ, HOME=os.path.join(self.dir, "home-ctrl-c"), TERM="dumb")
            os.makedirs(env["HOME"], exist_ok=True)
            os.execve(CQL, [CQL, "127.0.0.1", str(self.source.port)], env)
        output = b""

        def read_until(marker, start=0):
            nonlocal output
            deadline = time.monotonic() + RUN_TIMEOUT_S
            while marker not in output[start:] and time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.1)
                if ready:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    output += chunk
            return marker in output[start:]

        status = None
        try:
            self.assertTrue(read_until(b"cairn-cql> "), output)
            os.write(master, b"SELECT k FROM app.all_types\n")
            self.assertTrue(read_until(b"   ... "), output)
            mark = len(output)
            os.write(master, b"\x03")
            self.assertTrue(read_until(b"cairn-cql> ", mark), output)
            # The dropped half does not join the next statement.
            os.write(master, b"SELECT k FROM app.all_types WHERE k = 2;\n")
            self.assertTrue(read_until(b"(1 rows)", mark), output)
            os.write(master, b"EXIT\n")
            deadline = time.monotonic() + RUN_TIMEOUT_S
            while status is None and time.monotonic() < deadline:
                read_until(b"\x00never", len(output))  # drain until the child exits
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = code
        finally:
            if status is None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(master)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, output)
        self.assertNotIn(b"SyntaxException", output)

    def test_connection_and_argument_errors(self):
        r = subprocess.run([CQL, "127.0.0.1", str(free_port()), "-e", "SELECT 1"],
                           capture_output=True, timeout=RUN_TIMEOUT_S)
        self.assertEqual(r.returncode, 1)
        self.assertIn("Connection error: cannot connect to 127.0.0.1:", r.stderr.decode())
        r = subprocess.run([CQL, "127.0.0.1", "notaport"], capture_output=True,
                           timeout=RUN_TIMEOUT_S)
        self.assertEqual(r.returncode, 2)
        self.assertIn("PORT must be a number", r.stderr.decode())
        code, out, err = cql(self.source, "-k", "nosuch", "-e", "SELECT * FROM t")
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("InvalidRequest: Error from server: code=2200"), err)
        self.assertEqual(out, "")
        r = subprocess.run([CQL, "-f", os.path.join(self.dir, "no-such-file.cql")],
                           capture_output=True, timeout=RUN_TIMEOUT_S)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot open", r.stderr.decode())


class CairnCqlAuthenticationTest(unittest.TestCase):
    """-u/-p against a node with PasswordAuthenticator and Cassandra's default
    superuser cassandra/cassandra."""

    def test_username_and_password(self):
        root = tempfile.mkdtemp(prefix="cairn-cql-auth-")
        node = None
        try:
            node = Node(root, "auth", "authenticator: PasswordAuthenticator\n")
            code, out, err = cql(node, "-e", "SELECT release_version FROM system.local")
            self.assertEqual(code, 1, out + err)
            self.assertIn("requires authentication (org.apache.cassandra.auth.PasswordAuthenticator)",
                          err)
            code, out, err = cql(node, "-u", "cassandra", "-p", "wrong", "-e", "SELECT 1")
            self.assertEqual(code, 1, out + err)
            self.assertIn("refused the credentials", err)
            self.assertEqual(len(err.splitlines()), 1, err)
            out = subprocess.run([CQL, "127.0.0.1", str(node.port), "-u", "cassandra", "-p",
                                  "cassandra", "-e", "SELECT release_version FROM system.local"],
                                 capture_output=True, timeout=RUN_TIMEOUT_S)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn(b"(1 rows)", out.stdout)
        finally:
            if node is not None:
                node.stop()
            shutil.rmtree(root, ignore_errors=True)


def make_certificates(directory):
    """The driver tests' throwaway CA and server keystore (tests/driver/certificates.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "driver"))
    from certificates import Certificates  # pylint: disable=import-outside-toplevel
    certificates = Certificates(directory)
    return certificates.ca, certificates.keystore, certificates.other_ca


class CairnCqlTlsTest(unittest.TestCase):
    """--ssl against a TLS-only node: the shell verifies the node's certificate against
    --cafile, refuses a node its CA did not sign, and a plain shell cannot talk to it."""

    def test_ssl_with_a_verified_certificate(self):
        root = tempfile.mkdtemp(prefix="cairn-cql-tls-")
        node = None
        try:
            ca, keystore, other_ca = make_certificates(root)
            node = Node(root, "tls", "client_encryption_options:\n  enabled: true\n"
                                     "  keystore: %s\n" % keystore)
            code, out, err = cql(node, "--ssl", "--cafile", ca, "-e",
                                 "SELECT release_version FROM system.local")
            self.assertEqual(code, 0, out + err)
            self.assertIn("(1 rows)", out)
            code, out, err = cql(node, "--ssl", "--cafile", other_ca, "-e", "SELECT 1")
            self.assertEqual(code, 1, out + err)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("certificate verify failed", err)
            code, out, err = cql(node, "--connect-timeout", "3", "-e", "SELECT 1")
            self.assertEqual(code, 1, out + err)
            self.assertIn("Connection error", err)
        finally:
            if node is not None:
                node.stop()
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: cairn_cql_test.py <cairn-cql> <cairnd> [unittest args]")
    CQL, CAIRND = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)
