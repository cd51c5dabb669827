"""Restarts: what a client wrote is there after SIGTERM, and after SIGKILL once acknowledged.

- SIGTERM: the node exits 0 and comes back with every row, deletion and schema element.
- SIGKILL under commitlog_sync group (and periodic): every write the client saw
  acknowledged is there after the restart (Cassandra's periodic mode keeps them too
  when only the process dies: its segments are memory-mapped, so the page cache has
  them); deletions acknowledged before the kill stay deleted; a TRUNCATE and a DROP +
  re-CREATE are not undone by commitlog replay.
- The driver rides through a restart: a prepared statement executes again afterwards
  (the driver re-prepares on host up, or on an Unprepared error).
Each test starts its own node(s).
"""

import threading
import time
import unittest

from cassandra.cluster import NoHostAvailable
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import SimpleStatement

import harness

KS = "restart_ks"


def tearDownModule():
    harness.stop_module_nodes(__name__)


def value_of(k):
    if k < 0:   # the rows written before the burst (kill_test)
        return "doomed"
    return "value-%d-%s" % (k, "x" * (k % 50))


class RestartTest(unittest.TestCase):

    def new_node(self, sync="periodic"):
        return harness.new_node(__name__, commitlog_sync=sync)

    def connect(self, node, keyspace=None, **kwargs):
        return node.session(keyspace, **kwargs)

    def setup_schema(self, session):
        session.execute("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = "
                        "{'class': 'NetworkTopologyStrategy', 'datacenter1': 1}" % KS)
        session.execute("USE %s" % KS)
        session.execute("CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY, v text)")

    @staticmethod
    def dump(session, table, columns="*"):
        stmt = SimpleStatement("SELECT %s FROM %s.%s" % (columns, KS, table), fetch_size=1000)
        return sorted(tuple(r) for r in session.execute(stmt))

    def test_sigterm_restart_keeps_data_and_schema(self):
        node = self.new_node()
        s = self.connect(node)
        self.setup_schema(s)
        s.execute("CREATE TABLE wide (k int, c int, v text, st text STATIC, l list<int>, m map<text, int>, "
                  "PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC) AND comment = 'kept' "
                  "AND gc_grace_seconds = 1234 AND compaction = {'class': 'LeveledCompactionStrategy'}")
        ins = s.prepare("INSERT INTO t (k, v) VALUES (?, ?)")
        self.assertTrue(all(ok for ok, _ in execute_concurrent_with_args(
            s, ins, [(k, value_of(k)) for k in range(2000)], concurrency=64)))
        wins = s.prepare("INSERT INTO wide (k, c, v, l, m) VALUES (?, ?, ?, ?, ?)")
        for k in range(10):
            for c in range(10):
                s.execute(wins, (k, c, "w%d" % c, [c, c], {"c": c}))
            s.execute("UPDATE wide SET st = %s WHERE k = %s", ("static%d" % k, k))
        s.execute("DELETE FROM t WHERE k IN (1, 2, 3)")
        s.execute("DELETE v FROM t WHERE k = 4")
        s.execute("DELETE FROM wide WHERE k = 5")
        s.execute("DELETE FROM wide WHERE k = 6 AND c = 1")
        s.execute("DELETE FROM wide WHERE k = 7 AND c > 2")
        s.execute("UPDATE wide SET l = l + [99], m['z'] = 26 WHERE k = 8 AND c = 0")
        s.execute("INSERT INTO t (k, v) VALUES (5000, 'ttl') USING TTL 3600")
        s.execute("ALTER TABLE t ADD extra int")
        s.execute("UPDATE t SET extra = 7 WHERE k = 10")
        s.execute("CREATE KEYSPACE restart_nondurable WITH replication = "
                  "{'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = false")
        schema_before = s.cluster.metadata.keyspaces[KS].export_as_string()
        t_before, wide_before = self.dump(s, "t"), self.dump(s, "wide")

        node.stop()   # SIGTERM; asserts exit code 0
        node.start()

        s = self.connect(node)
        self.assertEqual(s.cluster.metadata.keyspaces[KS].export_as_string(), schema_before)
        self.assertFalse(s.cluster.metadata.keyspaces["restart_nondurable"].durable_writes)
        self.assertEqual(self.dump(s, "t"), t_before)
        self.assertEqual(self.dump(s, "wide"), wide_before)
        self.assertEqual(s.execute("SELECT extra FROM %s.t WHERE k = 10" % KS).one().extra, 7)
        self.assertIsNone(s.execute("SELECT k FROM %s.t WHERE k = 2" % KS).one())
        ttl = s.execute("SELECT TTL(v) FROM %s.t WHERE k = 5000" % KS).one()[0]
        self.assertTrue(3000 < ttl <= 3600, ttl)
        # and it keeps working: writes, a second clean restart
        s.execute("INSERT INTO %s.t (k, v) VALUES (6000, 'after')" % KS)
        node.stop()
        node.start()
        s = self.connect(node)
        self.assertEqual(s.execute("SELECT v FROM %s.t WHERE k = 6000" % KS).one().v, "after")
        node.stop()

    def write_until_killed(self, node, session, target_acks, max_seconds=20.0, window=64):
        """Writes k = 0, 1, 2, ... with up to `window` requests in flight and SIGKILLs the
        node once `target_acks` writes were acknowledged. Returns the acknowledged keys."""
        ins = session.prepare("INSERT INTO %s.t (k, v) VALUES (?, ?)" % KS)
        acked = set()
        lock = threading.Lock()
        slots = threading.Semaphore(window)

        def ok(_result, k):
            with lock:
                acked.add(k)
            slots.release()

        def failed(_exc, _k):
            slots.release()

        deadline = time.monotonic() + max_seconds
        k = 0
        while True:
            with lock:
                enough = len(acked) >= target_acks
            if enough or time.monotonic() > deadline:
                break
            if not slots.acquire(timeout=5):
                break
            future = session.execute_async(ins, (k, value_of(k)))
            future.add_callbacks(ok, failed, callback_args=(k,), errback_args=(k,))
            k += 1
        node.kill()   # with writes in flight
        time.sleep(0.5)
        with lock:
            result = set(acked)
        self.assertGreaterEqual(len(result), min(target_acks, 100), "too few writes were acknowledged")
        return result, k

    def check_acked(self, session, acked, deleted=()):
        rows = dict(self.dump(session, "t", "k, v"))
        missing = sorted(k for k in acked if k not in rows and k not in deleted)
        self.assertFalse(missing, "%d acknowledged writes lost, e.g. %s" % (len(missing), missing[:10]))
        wrong = [k for k in acked if k in rows and rows[k] != value_of(k)]
        self.assertFalse(wrong, "wrong values for %s" % wrong[:10])
        resurrected = [k for k in deleted if k in rows]
        self.assertFalse(resurrected, "acknowledged deletions undone: %s" % resurrected[:10])

    def kill_test(self, sync):
        node = self.new_node(sync)
        s = self.connect(node)
        self.setup_schema(s)
        # acknowledged deletions before the burst
        for k in range(-100, 0):
            s.execute("INSERT INTO %s.t (k, v) VALUES (%d, 'doomed')" % (KS, k))
        s.execute("DELETE FROM %s.t WHERE k IN (%s)" % (KS, ", ".join(str(k) for k in range(-100, -50))))
        deleted = set(range(-100, -50))
        acked, sent = self.write_until_killed(node, s, target_acks=3000)
        node.close_clusters()
        print("%s: %d of %d writes acknowledged before SIGKILL" % (sync, len(acked), sent))
        node.start()
        s = self.connect(node)
        self.check_acked(s, acked | set(range(-50, 0)), deleted)
        # and again: a node recovered from a kill is killed again
        acked2, _ = self.write_until_killed(node, s, target_acks=500)
        node.close_clusters()
        node.start()
        s = self.connect(node)
        self.check_acked(s, acked | acked2 | set(range(-50, 0)), deleted)
        node.stop()

    def test_sigkill_group_commit_keeps_acknowledged_writes(self):
        self.kill_test("group")

    def test_sigkill_periodic_keeps_acknowledged_writes(self):
        self.kill_test("periodic")

    def test_sigkill_does_not_undo_truncate_or_drop(self):
        node = self.new_node("group")
        s = self.connect(node)
        self.setup_schema(s)
        s.execute("CREATE TABLE a (k int PRIMARY KEY, v int)")
        s.execute("CREATE TABLE b (k int PRIMARY KEY, v int)")
        for table in ("a", "b"):
            ps = s.prepare("INSERT INTO %s (k, v) VALUES (?, ?)" % table)
            for k in range(100):
                s.execute(ps, (k, k))
        s.execute("TRUNCATE a")
        s.execute("INSERT INTO a (k, v) VALUES (1000, 1)")
        s.execute("DROP TABLE b")
        s.execute("CREATE TABLE b (k int PRIMARY KEY, v int, w text)")
        s.execute("INSERT INTO b (k, v, w) VALUES (2000, 2, 'new')")
        s.execute("ALTER TABLE a ADD w text")
        s.execute("UPDATE a SET w = 'altered' WHERE k = 1000")
        node.restart(kill=True)
        s = self.connect(node)
        self.assertEqual(self.dump(s, "a", "k, v, w"), [(1000, 1, "altered")])
        self.assertEqual(self.dump(s, "b", "k, v, w"), [(2000, 2, "new")])
        node.stop()

    def wait_usable(self, session, statement, params, timeout=60):
        def attempt():
            return session.execute(statement, params)
        return harness.wait_until(attempt, timeout, interval=0.5, what="the session working after the restart")

    def reprepare_test(self, **cluster_kwargs):
        node = self.new_node()
        s = self.connect(node, **cluster_kwargs)
        self.setup_schema(s)
        ins = s.prepare("INSERT INTO %s.t (k, v) VALUES (?, ?)" % KS)
        sel = s.prepare("SELECT v FROM %s.t WHERE k = ?" % KS)
        s.execute(ins, (1, "before"))
        self.assertEqual(s.execute(sel, (1,)).one().v, "before")
        node.restart(close_clusters=False)    # SIGTERM (exit 0) and start; the client stays
        self.assertEqual(self.wait_usable(s, sel, (1,)).one().v, "before")
        s.execute(ins, (2, "after"))
        self.assertEqual(s.execute(sel, (2,)).one().v, "after")
        # the statement still works on a brand-new connection too
        s2 = self.connect(node)
        self.assertEqual(s2.execute(sel, (2,)).one().v, "after")
        node.stop()

    def test_prepared_statements_work_after_restart(self):
        self.reprepare_test()

    def test_prepared_statements_work_after_restart_without_reprepare_on_up(self):
        # Only the Unprepared (0x2500) path can save this client, unless the node kept its
        # prepared statements across the restart (Cassandra 4 does, in system.prepared_statements).
        self.reprepare_test(reprepare_on_up=False, prepare_on_all_hosts=False)

    def test_client_sees_node_down_and_up(self):
        node = self.new_node()
        s = self.connect(node)
        host = s.cluster.metadata.all_hosts()[0]
        node.kill()
        errors = []
        for _ in range(50):   # the driver notices at once (the socket closes)
            try:
                s.execute("SELECT key FROM system.local")
            except Exception as e:  # noqa: BLE001 - NoHostAvailable, usually
                errors.append(e)
                break
            time.sleep(0.2)
        self.assertTrue(errors, "requests still succeed with the node killed")
        self.assertIsInstance(errors[0], NoHostAvailable)
        harness.wait_until(lambda: not host.is_up, 15, what="host marked down")
        node.start()
        self.wait_usable(s, "SELECT key FROM system.local", None)
        harness.wait_until(lambda: host.is_up, 30, what="host marked up again")
        node.stop()
