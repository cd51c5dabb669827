#!/usr/bin/env python3
"""End-to-end test of `cairn-admin` and the admin HTTP API against a real cairnd.

    cairn_admin_test.py <cairnd binary> <cairn-admin binary>

Starts one cairnd (tests/driver/harness.py) with api_port on a free port and
commitlog_sync: group, writes through the DataStax driver, then runs every verb with
its flags and checks both what it prints and what it did on disk: flush makes sstables
appear in tablestats, compact merges them, upgradesstables -a rewrites every sstable
(new generations), snapshot/listsnapshots/clearsnapshot create, list and delete the
hard-link directories, setlogginglevel changes what getlogginglevels reports, drain
stops CQL. /metrics is parsed with a strict Prometheus text-format parser written here
and its counters are checked to move by exactly the load the test sent. Finally every
verb is run against the stopped node: exit code 1 and one readable line. No timing is
asserted.
"""
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "driver"))

try:
    import cassandra  # noqa: F401  (the Debian package lives in /usr/lib/python3)
except ImportError:
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

import harness  # noqa: E402
from cassandra import ConsistencyLevel  # noqa: E402
from cassandra.query import BatchStatement, SimpleStatement  # noqa: E402

CAIRND = ""
ADMIN = ""
RUN_TIMEOUT_S = 120

# Every verb, as the stopped-node check runs it.
ALL_VERBS = [
    ["status"], ["info"], ["info", "-T"], ["version"], ["describecluster"], ["ring"],
    ["tablestats"], ["tablestats", "ks"], ["flush"], ["flush", "ks", "t"], ["compact"],
    ["compact", "ks"], ["upgradesstables"], ["upgradesstables", "-a", "ks", "t"],
    ["snapshot"], ["snapshot", "-t", "x", "ks"], ["listsnapshots"],
    ["clearsnapshot", "-t", "x"], ["clearsnapshot", "--all"], ["drain"],
    ["getlogginglevels"], ["setlogginglevel", "ROOT", "DEBUG"],
]


# --- A strict parser of the Prometheus text exposition format (version 0.0.4) ---------

NAME_RE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
LABEL_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class PromError(AssertionError):
    pass


def parse_value(text, where):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise PromError("%s: bad value %r" % (where, text))
    return float(text)


def parse_labels(text, pos, where):
    """Parses {a="b",...} starting at text[pos] == '{'; returns (dict, next pos)."""
    labels = {}
    pos += 1
    while True:
        if pos >= len(text):
            raise PromError("%s: unterminated label set" % where)
        if text[pos] == "}":
            return labels, pos + 1
        m = re.match(r"[a-zA-Z_][a-zA-Z0-9_]*", text[pos:])
        if not m:
            raise PromError("%s: bad label name at %r" % (where, text[pos:]))
        name = m.group(0)
        pos += len(name)
        if text[pos:pos + 2] != '="':
            raise PromError("%s: expected =\" after label %s" % (where, name))
        pos += 2
        value = []
        while True:
            if pos >= len(text):
                raise PromError("%s: unterminated label value" % where)
            c = text[pos]
            if c == "\\":
                nxt = text[pos + 1:pos + 2]
                if nxt not in ("\\", '"', "n"):
                    raise PromError("%s: bad escape \\%s" % (where, nxt))
                value.append("\n" if nxt == "n" else nxt)
                pos += 2
            elif c == '"':
                pos += 1
                break
            elif c == "\n":
                raise PromError("%s: newline in label value" % where)
            else:
                value.append(c)
                pos += 1
        if name in labels:
            raise PromError("%s: label %s given twice" % (where, name))
        labels[name] = "".join(value)
        if text[pos:pos + 1] == ",":
            pos += 1
        elif text[pos:pos + 1] != "}":
            raise PromError("%s: expected , or } after a label" % where)


def family_of(sample_name, types):
    for suffix in ("_bucket", "_sum", "_count"):
        if sample_name.endswith(suffix):
            base = sample_name[:-len(suffix)]
            if types.get(base) in ("histogram", "summary"):
                return base
    return sample_name


def parse_prometheus(text):
    """Returns {family: {"type", "help", "samples": [(name, labels, value)]}}.
    Raises PromError on anything the format does not allow."""
    if text and not text.endswith("\n"):
        raise PromError("the exposition does not end with a newline")
    families = {}
    types = {}
    order = []  # families in order of their samples, to check they are contiguous
    seen_series = set()
    for number, line in enumerate(text.split("\n")[:-1], 1):
        where = "line %d" % number
        if line == "":
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not NAME_RE.match(name):
                    raise PromError("%s: bad metric name %r" % (where, name))
                fam = families.setdefault(name, {"type": None, "help": None, "samples": []})
                if parts[1] == "TYPE":
                    if fam["type"] is not None:
                        raise PromError("%s: second TYPE for %s" % (where, name))
                    if fam["samples"]:
                        raise PromError("%s: TYPE for %s after its samples" % (where, name))
                    if len(parts) != 4 or parts[3] not in TYPES:
                        raise PromError("%s: bad TYPE line %r" % (where, line))
                    fam["type"] = parts[3]
                    types[name] = parts[3]
                else:
                    if fam["help"] is not None:
                        raise PromError("%s: second HELP for %s" % (where, name))
                    fam["help"] = parts[3] if len(parts) == 4 else ""
            continue
        m = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line)
        if not m:
            raise PromError("%s: bad sample line %r" % (where, line))
        name = m.group(0)
        pos = len(name)
        labels = {}
        if line[pos:pos + 1] == "{":
            labels, pos = parse_labels(line, pos, where)
        rest = line[pos:]
        if not rest.startswith(" "):
            raise PromError("%s: expected a space before the value in %r" % (where, line))
        fields = rest.strip().split(" ")
        if len(fields) not in (1, 2):
            raise PromError("%s: expected a value and an optional timestamp in %r" % (where, line))
        value = parse_value(fields[0], where)
        if len(fields) == 2 and not re.fullmatch(r"-?\d+", fields[1]):
            raise PromError("%s: bad timestamp %r" % (where, fields[1]))
        fam_name = family_of(name, types)
        fam = families.setdefault(fam_name, {"type": None, "help": None, "samples": []})
        if order and order[-1] != fam_name and fam_name in order:
            raise PromError("%s: samples of %s are not contiguous" % (where, fam_name))
        if not order or order[-1] != fam_name:
            order.append(fam_name)
        key = (name, tuple(sorted(labels.items())))
        if key in seen_series:
            raise PromError("%s: series %s%s given twice" % (where, name, labels))
        seen_series.add(key)
        if fam["type"] == "counter" and (value < 0 or math.isnan(value)):
            raise PromError("%s: counter %s is %r" % (where, name, value))
        fam["samples"].append((name, labels, value))
    for name, fam in families.items():
        if fam["type"] == "histogram":
            check_histogram(name, fam["samples"])
    return families


def check_histogram(name, samples):
    groups = {}
    for sample_name, labels, value in samples:
        base = {k: v for k, v in labels.items() if k != "le"}
        g = groups.setdefault(tuple(sorted(base.items())), {"buckets": [], "sum": None, "count": None})
        if sample_name == name + "_bucket":
            if "le" not in labels:
                raise PromError("%s: a bucket without le" % name)
            g["buckets"].append((parse_value(labels["le"], name), value))
        elif sample_name == name + "_sum":
            g["sum"] = value
        elif sample_name == name + "_count":
            g["count"] = value
        else:
            raise PromError("%s: unexpected sample %s in a histogram" % (name, sample_name))
    for key, g in groups.items():
        les = [le for le, _ in g["buckets"]]
        if not les or les[-1] != math.inf:
            raise PromError("%s%s: no +Inf bucket" % (name, key))
        if les != sorted(les) or len(set(les)) != len(les):
            raise PromError("%s%s: buckets not in increasing le order" % (name, key))
        counts = [c for _, c in g["buckets"]]
        if counts != sorted(counts):
            raise PromError("%s%s: bucket counts are not cumulative" % (name, key))
        if g["count"] is None or g["sum"] is None:
            raise PromError("%s%s: _sum or _count missing" % (name, key))
        if counts[-1] != g["count"]:
            raise PromError("%s%s: +Inf bucket %s != _count %s" % (name, key, counts[-1], g["count"]))


def sample(families, name, **labels):
    """The value of the series `name` whose labels include `labels`, 0 when absent."""
    fam = families.get(family_of(name, {k: v["type"] for k, v in families.items()}))
    if fam is None:
        return 0.0
    total = None
    for sample_name, sample_labels, value in fam["samples"]:
        if sample_name == name and all(sample_labels.get(k) == v for k, v in labels.items()):
            total = (total or 0.0) + value
    return total or 0.0


class PrometheusParserSelfTest(unittest.TestCase):
    """The parser must refuse what the format refuses, or the scrape check proves nothing."""

    def test_accepts_a_valid_exposition(self):
        text = ('# HELP a_total Things.\n# TYPE a_total counter\na_total{x="q\\"\\\\\\n"} 3\n'
                '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 2\n'
                'h_sum 0.7\nh_count 2\n')
        fams = parse_prometheus(text)
        self.assertEqual(fams["a_total"]["samples"][0][1]["x"], 'q"\\\n')
        self.assertEqual(sample(fams, "h_count"), 2)

    def test_refuses_malformed_expositions(self):
        bad = [
            "a 1",                                       # no final newline
            "a{x=\"1\" 1\n",                             # unterminated labels
            "a{x=\"\\q\"} 1\n",                          # bad escape
            "a one\n",                                   # bad value
            "# TYPE a counter\n# TYPE a counter\na 1\n",  # two TYPEs
            "a 1\n# TYPE a counter\n",                   # TYPE after samples
            "a 1\nb 1\na{x=\"1\"} 2\n",                  # not contiguous
            "a 1\na 2\n",                                # duplicate series
            "# TYPE a counter\na -1\n",                  # negative counter
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n",   # no +Inf
            "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\n"
            "h_count 2\n",                               # not cumulative
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",  # count mismatch
            "9a 1\n",                                    # bad name
        ]
        for text in bad:
            with self.assertRaises(PromError, msg=repr(text)):
                parse_prometheus(text)


# --- The node -----------------------------------------------------------------------

class CairnAdminTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="cairn-admin-")
        cls.api_port = harness.free_port()
        cls.node = harness.Node(CAIRND, os.path.join(cls.dir, "node"), commitlog_sync="group",
                                config_overrides={"api_port": cls.api_port})
        cls.node.start()
        cls.session = cls.node.session()
        cls.session.execute("CREATE KEYSPACE ks WITH replication = "
                            "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        cls.session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
        cls.session.execute("CREATE TABLE ks.u (k int PRIMARY KEY, v text)")

    @classmethod
    def tearDownClass(cls):
        if cls.node.is_running():
            cls.node.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def admin(self, *args, port=None):
        cmd = [ADMIN, "-h", "127.0.0.1", "-p", str(port or self.api_port)] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)

    def ok(self, *args):
        r = self.admin(*args)
        self.assertEqual(r.returncode, 0, "cairn-admin %s: %s%s" % (" ".join(args), r.stdout, r.stderr))
        self.assertEqual(r.stderr, "")
        return r.stdout

    def write_rows(self, table, start, count):
        insert = self.session.prepare("INSERT INTO ks.%s (k, v) VALUES (?, ?)" % table)
        for k in range(start, start + count):
            self.session.execute(insert, (k, "value %d" % k))

    def table_dir(self, table):
        ks_dir = os.path.join(self.node.data_dir, "ks")
        names = [n for n in os.listdir(ks_dir) if n.startswith(table + "-")]
        self.assertEqual(len(names), 1, names)
        return os.path.join(ks_dir, names[0])

    def data_files(self, table):
        return sorted(n for n in os.listdir(self.table_dir(table)) if n.endswith("-Data.db"))

    def tablestats(self, *args):
        """{(keyspace, table): {field: value}} parsed from tablestats' output."""
        out = self.ok("tablestats", *args)
        self.assertTrue(out.startswith("Total number of tables: "), out)
        stats, keyspace, table = {}, None, None
        for line in out.splitlines():
            if line.startswith("Keyspace : "):
                keyspace = line.split(" : ", 1)[1]
            elif line.startswith("\t\tTable: "):
                table = line.split(": ", 1)[1]
                stats[(keyspace, table)] = {}
            elif line.startswith("\t\t") and table is not None:
                field, value = line.strip().split(": ", 1)
                stats[(keyspace, table)][field] = value
        self.assertEqual(int(out.splitlines()[0].split(": ")[1]), len(stats), out)
        return stats

    def metrics(self):
        url = "http://127.0.0.1:%d/metrics" % self.api_port
        with urllib.request.urlopen(url, timeout=30) as r:
            self.assertEqual(r.status, 200)
            self.assertTrue(r.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
            return parse_prometheus(r.read().decode("utf-8"))

    # The tests run in name order; test_z_drain stops CQL, so it comes last.

    def test_a_identity_verbs(self):
        status = self.ok("status")
        self.assertIn("Datacenter: datacenter1", status)
        row = [l for l in status.splitlines() if l.startswith("UN ")]
        self.assertEqual(len(row), 1, status)
        fields = row[0].split()
        self.assertEqual(fields[1], "127.0.0.1")
        self.assertEqual(fields[4], "16")  # tokens (num_tokens default)
        host_id = fields[6]
        self.assertRegex(host_id, r"^[0-9a-f]{8}-[0-9a-f]{4}-")
        local = self.session.execute("SELECT host_id, tokens, release_version, schema_version "
                                     "FROM system.local").one()
        self.assertEqual(host_id, str(local.host_id))

        info = self.ok("info")
        self.assertIn("ID                     : %s" % host_id, info)
        self.assertIn("Native Transport active: true", info)
        self.assertIn("(invoke with -T/--tokens to see all 16 tokens)", info)
        tokens = [l.split(": ")[1] for l in self.ok("info", "--tokens").splitlines()
                  if l.startswith("Token ")]
        self.assertEqual(sorted(tokens), sorted(local.tokens))

        self.assertEqual(self.ok("version"), "ReleaseVersion: %s\n" % local.release_version)

        cluster = self.ok("describecluster")
        self.assertIn("\tName: %s\n" % harness.CLUSTER_NAME, cluster)
        self.assertIn("\tPartitioner: org.apache.cassandra.dht.Murmur3Partitioner\n", cluster)
        self.assertIn("\t\t%s: [127.0.0.1]\n" % local.schema_version, cluster)

        ring = self.ok("ring").splitlines()
        ring_tokens = [l.split()[-1] for l in ring if l.startswith("127.0.0.1")]
        self.assertEqual(ring_tokens, sorted(local.tokens, key=int))
        self.assertEqual(len([l for l in ring if l.startswith("127.0.0.1")]), 16)

    def test_b_flush_compact_upgrade(self):
        self.write_rows("t", 0, 50)
        before = self.tablestats("ks.t")[("ks", "t")]
        self.assertEqual(before["SSTable count"], "0")
        self.assertGreater(int(before["Memtable data size"]), 0)
        self.assertEqual(self.ok("flush", "ks", "t"), "")
        after = self.tablestats("ks.t")[("ks", "t")]
        self.assertEqual(after["SSTable count"], "1")
        self.assertEqual(after["Memtable data size"], "0")
        self.assertGreater(int(after["Space used (live)"]), 0)
        self.assertEqual(len(self.data_files("t")), 1)

        # A second sstable, then compact merges them (with progress lines).
        self.write_rows("t", 50, 50)
        self.ok("flush", "ks")
        self.assertEqual(len(self.data_files("t")), 2)
        completed = int(self.tablestats("ks.t")[("ks", "t")]["Completed compactions"])
        out = self.ok("compact", "ks", "t")
        self.assertIn("compact: 1/1 tables compacted", out)
        self.assertEqual(len(self.data_files("t")), 1)
        stats = self.tablestats("ks.t")[("ks", "t")]
        self.assertEqual(stats["SSTable count"], "1")
        self.assertEqual(int(stats["Completed compactions"]), completed + 1)
        rows = self.session.execute("SELECT count(*) FROM ks.t").one()
        self.assertEqual(rows[0], 100)

        # Every sstable is already the current version: plain upgradesstables rewrites
        # none, -a rewrites each one (new generation, same rows).
        files = self.data_files("t")
        out = self.ok("upgradesstables", "ks", "t")
        self.assertIn("upgradesstables: 0 sstables rewritten", out)
        self.assertEqual(self.data_files("t"), files)
        out = self.ok("upgradesstables", "-a", "ks", "t")
        self.assertIn("upgradesstables: 1 sstables rewritten (ks.t 1/1)", out)
        new_files = self.data_files("t")
        self.assertEqual(len(new_files), 1)
        self.assertNotEqual(new_files, files)
        self.assertEqual(self.session.execute("SELECT count(*) FROM ks.t").one()[0], 100)

        # Whole-node forms, and a keyspace that does not exist.
        self.write_rows("u", 0, 10)
        self.ok("flush")
        self.assertEqual(self.tablestats("ks.u")[("ks", "u")]["SSTable count"], "1")
        self.assertIn("tables compacted", self.ok("compact"))
        self.assertIn("sstables rewritten", self.ok("upgradesstables", "-a"))
        for verb in (["flush", "nope"], ["compact", "nope"], ["upgradesstables", "nope"],
                     ["flush", "ks", "nope"]):
            r = self.admin(*verb)
            self.assertEqual(r.returncode, 1, verb)
            self.assertEqual(r.stdout, "")
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
            self.assertIn("nope", r.stderr)

    def test_c_tablestats_filters(self):
        every = self.tablestats()
        self.assertIn(("ks", "t"), every)
        self.assertIn(("ks", "u"), every)
        only_ks = self.tablestats("ks")
        self.assertEqual(sorted(only_ks), [("ks", "t"), ("ks", "u")])
        self.assertEqual(sorted(self.tablestats("ks.u")), [("ks", "u")])
        r = self.admin("tablestats", "ks.nope")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "cairn-admin: Unknown table: ks.nope\n")

    def test_d_snapshots(self):
        self.write_rows("t", 200, 5)  # unflushed: snapshot flushes first
        out = self.ok("snapshot", "-t", "before-upgrade", "ks")
        self.assertIn("with snapshot name [before-upgrade]", out)
        snap_dir = os.path.join(self.table_dir("t"), "snapshots", "before-upgrade")
        self.assertTrue(os.path.isdir(snap_dir))
        snap_data = [n for n in os.listdir(snap_dir) if n.endswith("-Data.db")]
        self.assertEqual(snap_data, self.data_files("t"))

        out = self.ok("snapshot")  # no tag: a timestamp name, every keyspace
        auto_tag = re.search(r"Snapshot directory: (\S+)", out).group(1)
        self.assertRegex(auto_tag, r"^\d{13}$")

        listing = self.ok("listsnapshots")
        self.assertTrue(listing.startswith("Snapshot Details: \n"))
        self.assertIn("Total TrueDiskSpaceUsed: ", listing)
        rows = [l.split() for l in listing.splitlines()
                if l.startswith("before-upgrade ") or l.startswith(auto_tag + " ")]
        self.assertEqual(sorted((r[0], r[1], r[2]) for r in rows),
                         sorted([("before-upgrade", "ks", "t"), ("before-upgrade", "ks", "u"),
                                 (auto_tag, "ks", "t"), (auto_tag, "ks", "u")]))

        # A tag that exists already is refused with the node's message.
        r = self.admin("snapshot", "-t", "before-upgrade", "ks")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(r.stderr.splitlines()), 1)

        out = self.ok("clearsnapshot", "-t", "before-upgrade")
        self.assertIn("with snapshot name [before-upgrade]", out)
        self.assertFalse(os.path.exists(snap_dir))
        self.assertNotIn("before-upgrade", self.ok("listsnapshots"))
        self.assertIn(auto_tag, self.ok("listsnapshots"))
        self.assertIn("[all snapshots]", self.ok("clearsnapshot", "--all", "ks"))
        self.assertEqual(self.ok("listsnapshots"), "Snapshot Details: \nThere are no snapshots\n")

        for bad in (["clearsnapshot"], ["clearsnapshot", "-t", "a", "--all"], ["snapshot", "-t"],
                    ["snapshot", "-x"]):
            r = self.admin(*bad)
            self.assertEqual(r.returncode, 2, bad)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
        r = self.admin("snapshot", "-t", "a/b")
        self.assertEqual(r.returncode, 1)
        r = self.admin("clearsnapshot", "-t", "a", "nope")
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope", r.stderr)

    def test_e_logging_levels(self):
        out = self.ok("getlogginglevels")
        self.assertRegex(out, r"ROOT +INFO\n")
        self.assertEqual(self.ok("setlogginglevel", "ROOT", "debug"), "")
        self.assertRegex(self.ok("getlogginglevels"), r"ROOT +DEBUG\n")
        # DEBUG now reaches the log: connections are logged at debug.
        self.node.session().execute("SELECT release_version FROM system.local")
        self.assertEqual(self.ok("setlogginglevel", "ROOT", "INFO"), "")
        self.assertRegex(self.ok("getlogginglevels"), r"ROOT +INFO\n")
        with open(self.node.log_path) as f:
            self.assertIn("DEBUG ", f.read())
        r = self.admin("setlogginglevel", "ROOT", "LOUD")
        self.assertEqual(r.returncode, 1)
        self.assertIn("LOUD", r.stderr)
        self.assertEqual(self.admin("setlogginglevel", "ROOT").returncode, 2)

    def test_f_metrics_move_with_load(self):
        before = self.metrics()
        self.assertGreaterEqual(sample(before, "cairn_cql_connected_clients"), 1)
        write_q = SimpleStatement("INSERT INTO ks.u (k, v) VALUES (%s, %s)",
                                  consistency_level=ConsistencyLevel.QUORUM)
        for k in range(1000, 1040):
            self.session.execute(write_q, (k, "x"))
        read_q = SimpleStatement("SELECT v FROM ks.u WHERE k = %s",
                                 consistency_level=ConsistencyLevel.TWO)
        # TWO on a one-node keyspace is Unavailable: every read is an error.
        for k in range(3):
            with self.assertRaises(Exception):
                self.session.execute(read_q, (k,))
        read_one = SimpleStatement("SELECT v FROM ks.u WHERE k = %s",
                                   consistency_level=ConsistencyLevel.ALL)
        for k in range(25):
            self.session.execute(read_one, (k,))
        batch = BatchStatement(consistency_level=ConsistencyLevel.ONE)
        batch.add(SimpleStatement("INSERT INTO ks.u (k, v) VALUES (1, 'b')"))
        batch.add(SimpleStatement("INSERT INTO ks.u (k, v) VALUES (2, 'b')"))
        for _ in range(4):
            self.session.execute(batch)
        with self.assertRaises(Exception):
            self.session.execute("SELEC nonsense")
        after = self.metrics()

        def delta(name, **labels):
            return sample(after, name, **labels) - sample(before, name, **labels)

        self.assertEqual(delta("cairn_cql_requests_total", kind="write", consistency="QUORUM"), 40)
        self.assertEqual(delta("cairn_cql_request_latency_seconds_count", kind="write",
                               consistency="QUORUM"), 40)
        self.assertGreater(delta("cairn_cql_request_latency_seconds_sum", kind="write",
                                 consistency="QUORUM"), 0)
        self.assertEqual(delta("cairn_cql_requests_total", kind="read", consistency="ALL"), 25)
        self.assertEqual(delta("cairn_cql_requests_total", kind="read", consistency="TWO"), 3)
        self.assertEqual(delta("cairn_cql_request_errors_total", kind="read", code="unavailable"), 3)
        self.assertEqual(delta("cairn_cql_requests_total", kind="batch", consistency="ONE"), 4)
        self.assertEqual(delta("cairn_cql_request_errors_total", code="syntax_error"), 1)
        self.assertEqual(delta("cairn_cql_request_errors_total", kind="write"), 0)
        # group commit: every write waited for an fsync, each one timed.
        self.assertGreater(delta("cairn_commitlog_sync_latency_seconds_count"), 0)
        self.assertGreater(sample(after, "cairn_commitlog_bytes"), 0)
        self.assertGreater(sample(after, "cairn_table_memtable_bytes", keyspace="ks", table="u"),
                           sample(before, "cairn_table_memtable_bytes", keyspace="ks", table="u"))

        # flush and compact show in the table series.
        self.write_rows("u", 2000, 5)
        self.ok("flush", "ks", "u")
        self.write_rows("u", 3000, 5)
        self.ok("flush", "ks", "u")
        mid = self.metrics()
        self.assertGreaterEqual(sample(mid, "cairn_table_sstables", keyspace="ks", table="u"), 2)
        self.assertEqual(sample(mid, "cairn_table_memtable_bytes", keyspace="ks", table="u"), 0)
        self.assertGreater(sample(mid, "cairn_table_live_disk_bytes", keyspace="ks", table="u"), 0)
        self.assertGreater(sample(mid, "cairn_live_disk_bytes"), 0)
        self.ok("compact", "ks", "u")
        end = self.metrics()
        self.assertEqual(sample(end, "cairn_table_sstables", keyspace="ks", table="u"), 1)
        self.assertEqual(sample(end, "cairn_table_completed_compactions_total", keyspace="ks",
                                table="u") -
                         sample(mid, "cairn_table_completed_compactions_total", keyspace="ks",
                                table="u"), 1)
        self.assertEqual(sample(end, "cairn_pending_compactions"), 0)
        for fam in ("cairn_cql_requests_total", "cairn_cql_request_latency_seconds",
                    "cairn_commitlog_sync_latency_seconds", "cairn_table_sstables"):
            self.assertTrue(end[fam]["help"], fam)
        self.assertEqual(end["cairn_cql_request_latency_seconds"]["type"], "histogram")
        self.assertEqual(end["cairn_cql_requests_total"]["type"], "counter")

    def test_g_http_errors(self):
        def request(method, path, body=None):
            req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.api_port, path),
                                         data=body, method=method)
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        status, body = request("GET", "/no/such/path")
        self.assertEqual(status, 404)
        self.assertIn('"error"', body)
        status, body = request("PUT", "/storage_service/flush", b"{}")
        self.assertEqual(status, 405)
        status, body = request("POST", "/storage_service/flush", b"{not json")
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON at offset 1", body)
        status, body = request("POST", "/storage_service/flush", b'{"keyspace": 7}')
        self.assertEqual(status, 400)
        self.assertIn("'keyspace' must be a string", body)
        status, body = request("GET", "/jobs/abc")
        self.assertEqual(status, 400)
        status, body = request("GET", "/jobs/999999")
        self.assertEqual(status, 404)
        # Not HTTP at all: 400, then the connection closes.
        with socket.create_connection(("127.0.0.1", self.api_port), timeout=10) as s:
            s.sendall(b"HELLO THERE\r\n\r\n")
            reply = s.recv(4096).decode("latin-1")
        self.assertTrue(reply.startswith("HTTP/1.1 400"), reply)

    def test_z_drain(self):
        self.assertEqual(self.ok("drain"), "")
        self.assertFalse(harness.port_accepts(self.node.port))
        info = self.ok("info")
        self.assertIn("Native Transport active: false", info)
        self.assertIn("Drained                : true", info)
        stats = self.tablestats("ks")
        for key, s in stats.items():
            self.assertEqual(s["Memtable data size"], "0", key)
        self.assertEqual(self.ok("drain"), "")  # again: still fine
        self.node.stop()  # SIGTERM after a drain exits 0

        # Stopped: every verb fails with exit code 1 and one line naming the address.
        for verb in ALL_VERBS:
            r = self.admin(*verb)
            self.assertEqual(r.returncode, 1, verb)
            self.assertEqual(r.stdout, "", verb)
            self.assertEqual(r.stderr, "cairn-admin: Failed to connect to '127.0.0.1:%d' - "
                             "Connection refused\n" % self.api_port, verb)
        # Usage errors are found before connecting: exit code 2.
        for verb in (["bogus"], [], ["status", "extra"], ["info", "-X"], ["-p", "0", "status"],
                     ["-p", "x", "status"], ["-h"], ["upgradesstables", "-z"]):
            r = self.admin(*verb) if verb[:1] != ["-p"] and verb[:1] != ["-h"] else \
                subprocess.run([ADMIN] + verb, capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 2, (verb, r.stderr))
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: cairn_admin_test.py <cairnd binary> <cairn-admin binary> [unittest args]")
    CAIRND, ADMIN = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
