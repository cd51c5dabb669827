"""Authentication, roles and permissions (authenticator: PasswordAuthenticator,
authorizer: CassandraAuthorizer) as the DataStax driver meets them.

- On first start the default superuser cassandra/cassandra exists, as in Cassandra.
- PlainTextAuthProvider with the right password connects and works; a wrong password
  and an unknown user get NoHostAvailable wrapping AuthenticationFailed; no auth
  provider at all cannot connect either.
- A role without MODIFY gets Unauthorized and the row is not written; after GRANT the
  write goes through; REVOKE takes it away again.
- CREATE/ALTER/DROP ROLE and USER, GRANT role TO role, LIST ROLES / USERS / PERMISSIONS
  with Cassandra's result columns.
- Roles and permissions survive a restart; a changed password is the one that works.
One node for the module (restarted once by the last test).
"""

import unittest

from cassandra import AuthenticationFailed, Unauthorized
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import NoHostAvailable

import harness

KS = "auth_ks"
AUTH = {"authenticator": "PasswordAuthenticator", "authorizer": "CassandraAuthorizer"}
NODE = None


def setUpModule():
    global NODE
    NODE = harness.new_node(__name__, config_overrides=AUTH)


def tearDownModule():
    harness.stop_module_nodes(__name__)


def connect(user, password):
    return NODE.session(auth_provider=PlainTextAuthProvider(username=user, password=password))


def auth_errors(error):
    """The AuthenticationFailed errors NoHostAvailable wraps."""
    return [e for e in error.errors.values() if isinstance(e, AuthenticationFailed)]


class AuthTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.admin = connect("cassandra", "cassandra")
        harness.create_keyspace(cls.admin, KS)
        cls.admin.execute("CREATE TABLE %s.t (k int PRIMARY KEY, v text)" % KS)

    def test_01_default_superuser_exists(self):
        rows = list(self.admin.execute("LIST ROLES"))
        by_name = {r.role: r for r in rows}
        self.assertIn("cassandra", by_name)
        self.assertTrue(by_name["cassandra"].super)
        self.assertTrue(by_name["cassandra"].login)
        self.assertEqual(by_name["cassandra"].options, {})
        local = self.admin.execute("SELECT release_version FROM system.local").one()
        self.assertIsNotNone(local.release_version)

    def test_02_wrong_password_and_unknown_user_fail(self):
        for user, password in [("cassandra", "Wrong-Pw-4711"), ("nobody", "cassandra")]:
            with self.assertRaises(NoHostAvailable) as ctx:
                connect(user, password)
            errors = auth_errors(ctx.exception)
            self.assertTrue(errors, ctx.exception)
            self.assertIn("Provided username %s and/or password are incorrect" % user,
                          str(errors[0]))
        # Logged with the role and the address, never the password.
        with open(NODE.out_path, errors="replace") as f:
            log = f.read()
        self.assertIn("Failed login of 'cassandra' from 127.0.0.1: wrong password", log)
        self.assertIn("Failed login of 'nobody' from 127.0.0.1", log)
        self.assertNotIn("Wrong-Pw-4711", log)

    def test_03_no_credentials_cannot_connect(self):
        with self.assertRaises(NoHostAvailable):
            NODE.session()

    def test_03b_protocol_before_and_after_login(self):
        from cassandra.protocol import (AuthenticateMessage, AuthResponseMessage,
                                        AuthSuccessMessage, ErrorMessage, QueryMessage,
                                        ResultMessage, StartupMessage)
        with NODE.raw() as raw:
            frame, msg = raw.request(StartupMessage(cqlversion="3.0.0", options={}), stream=1)
            self.assertIsInstance(msg, AuthenticateMessage)
            self.assertEqual(msg.authenticator, "org.apache.cassandra.auth.PasswordAuthenticator")
            frame, msg = raw.request(QueryMessage("SELECT key FROM system.local", 1), stream=2)
            self.assertIsInstance(msg, ErrorMessage)
            self.assertEqual(msg.code, 0x000A)
            self.assertIn("expecting SASL_RESPONSE", msg.summary_msg())
            frame, msg = raw.request(AuthResponseMessage(b"\x00cassandra\x00nope"), stream=3)
            self.assertIsInstance(msg, ErrorMessage)
            self.assertEqual(msg.code, 0x0100)
            # The connection stays open for another try.
            frame, msg = raw.request(AuthResponseMessage(b"\x00cassandra\x00cassandra"), stream=4)
            self.assertIsInstance(msg, AuthSuccessMessage)
            self.assertIsInstance(raw.query("SELECT key FROM system.local", stream=5), ResultMessage)

    def test_04_role_without_modify_is_unauthorized_until_granted(self):
        self.admin.execute("CREATE ROLE writer WITH PASSWORD = 'w-pass' AND LOGIN = true")
        self.admin.execute("GRANT SELECT ON TABLE %s.t TO writer" % KS)
        self.admin.execute("INSERT INTO %s.t (k, v) VALUES (0, 'by admin')" % KS)
        writer = connect("writer", "w-pass")
        self.assertEqual(writer.execute("SELECT v FROM %s.t WHERE k = 0" % KS).one().v, "by admin")
        with self.assertRaises(Unauthorized) as ctx:
            writer.execute("INSERT INTO %s.t (k, v) VALUES (1, 'by writer')" % KS)
        self.assertIn("User writer has no MODIFY permission on <table %s.t> or any of its parents"
                      % KS, str(ctx.exception))
        self.assertIsNone(self.admin.execute("SELECT v FROM %s.t WHERE k = 1" % KS).one())

        self.admin.execute("GRANT MODIFY ON KEYSPACE %s TO writer" % KS)
        writer.execute("INSERT INTO %s.t (k, v) VALUES (1, 'by writer')" % KS)
        self.assertEqual(self.admin.execute("SELECT v FROM %s.t WHERE k = 1" % KS).one().v,
                         "by writer")
        prepared = writer.prepare("INSERT INTO %s.t (k, v) VALUES (?, ?)" % KS)
        writer.execute(prepared, (2, "prepared"))

        self.admin.execute("REVOKE MODIFY ON KEYSPACE %s FROM writer" % KS)
        with self.assertRaises(Unauthorized):
            writer.execute(prepared, (3, "after revoke"))
        self.assertIsNone(self.admin.execute("SELECT v FROM %s.t WHERE k = 3" % KS).one())
        # A non-superuser cannot hand out what it does not hold, nor create roles.
        with self.assertRaises(Unauthorized):
            writer.execute("GRANT MODIFY ON TABLE %s.t TO writer" % KS)
        with self.assertRaises(Unauthorized):
            writer.execute("CREATE ROLE sneaky WITH LOGIN = true AND PASSWORD = 'x'")

    def test_05_list_permissions(self):
        self.admin.execute("CREATE ROLE IF NOT EXISTS reader WITH PASSWORD = 'r' AND LOGIN = true")
        self.admin.execute("GRANT SELECT ON KEYSPACE %s TO reader" % KS)
        self.admin.execute("GRANT ALTER ON TABLE %s.t TO reader" % KS)
        rows = list(self.admin.execute("LIST ALL PERMISSIONS OF reader"))
        self.assertEqual([(r.role, r.username, r.resource, r.permission) for r in rows],
                         [("reader", "reader", "<keyspace %s>" % KS, "SELECT"),
                          ("reader", "reader", "<table %s.t>" % KS, "ALTER")])
        on_table = list(self.admin.execute("LIST ALL PERMISSIONS ON %s.t OF reader" % KS))
        self.assertEqual(len(on_table), 2)  # the table's and its keyspace's
        norec = list(self.admin.execute("LIST ALL PERMISSIONS ON %s.t OF reader NORECURSIVE" % KS))
        self.assertEqual([r.permission for r in norec], ["ALTER"])
        reader = connect("reader", "r")
        self.assertEqual(len(list(reader.execute("LIST ALL PERMISSIONS OF reader"))), 2)
        with self.assertRaises(Unauthorized):
            reader.execute("LIST ALL PERMISSIONS")

    def test_06_users_and_roles(self):
        self.admin.execute("CREATE USER IF NOT EXISTS alice WITH PASSWORD 'a1' NOSUPERUSER")
        self.admin.execute("CREATE ROLE IF NOT EXISTS group_role")
        users = {r.name: r.super for r in self.admin.execute("LIST USERS")}
        self.assertEqual(users.get("alice"), False)
        self.assertEqual(users.get("cassandra"), True)
        self.assertNotIn("group_role", users)  # no LOGIN: not a user
        roles = {r.role: (r.super, r.login) for r in self.admin.execute("LIST ROLES")}
        self.assertEqual(roles["group_role"], (False, False))
        alice = connect("alice", "a1")
        self.assertEqual([r.role for r in alice.execute("LIST ROLES")], ["alice"])
        alice.execute("ALTER USER alice WITH PASSWORD 'a2'")
        with self.assertRaises(Unauthorized):
            alice.execute("ALTER ROLE alice WITH SUPERUSER = true")
        with self.assertRaises(NoHostAvailable):
            connect("alice", "a1")
        connect("alice", "a2")
        self.admin.execute("ALTER ROLE group_role WITH LOGIN = false")
        self.admin.execute("DROP ROLE group_role")
        self.admin.execute("DROP ROLE IF EXISTS group_role")
        self.assertNotIn("group_role", [r.role for r in self.admin.execute("LIST ROLES")])

    def test_06b_granted_roles(self):
        self.admin.execute("CREATE ROLE IF NOT EXISTS table_readers")
        self.admin.execute("GRANT SELECT ON TABLE %s.t TO table_readers" % KS)
        self.admin.execute("CREATE ROLE IF NOT EXISTS bob WITH PASSWORD = 'b' AND LOGIN = true")
        bob = connect("bob", "b")
        with self.assertRaises(Unauthorized):
            bob.execute("SELECT v FROM %s.t WHERE k = 0" % KS)
        self.admin.execute("GRANT table_readers TO bob")
        self.assertEqual(bob.execute("SELECT v FROM %s.t WHERE k = 0" % KS).one().v, "by admin")
        self.assertEqual([r.role for r in bob.execute("LIST ROLES")], ["bob", "table_readers"])
        self.admin.execute("REVOKE table_readers FROM bob")
        with self.assertRaises(Unauthorized):
            bob.execute("SELECT v FROM %s.t WHERE k = 0" % KS)

    def test_07_creator_gets_all_on_its_keyspace(self):
        self.admin.execute("CREATE ROLE IF NOT EXISTS maker WITH PASSWORD = 'm' AND LOGIN = true")
        self.admin.execute("GRANT CREATE ON ALL KEYSPACES TO maker")
        maker = connect("maker", "m")
        maker.execute("CREATE KEYSPACE maker_ks WITH replication = "
                      "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        maker.execute("CREATE TABLE maker_ks.t (k int PRIMARY KEY)")
        maker.execute("INSERT INTO maker_ks.t (k) VALUES (1)")
        self.assertEqual(maker.execute("SELECT k FROM maker_ks.t").one().k, 1)
        with self.assertRaises(Unauthorized):
            maker.execute("SELECT * FROM %s.t" % KS)
        maker.execute("DROP KEYSPACE maker_ks")
        left = [r for r in self.admin.execute("LIST ALL PERMISSIONS OF maker")
                if "maker_ks" in r.resource]
        self.assertEqual(left, [])

    def test_08_login_over_a_compressed_connection(self):
        # AUTHENTICATE goes out uncompressed (the driver turns compression on when it reads
        # it); AUTH_RESPONSE, AUTH_SUCCESS and everything after are compressed.
        from cassandra import connection as driver_connection
        import test_compression
        for name in ("lz4", "snappy"):
            compress, decompress, _ = test_compression.codec(name)
            if compress is None:
                continue
            injected = name not in driver_connection.locally_supported_compressions
            if injected:
                driver_connection.locally_supported_compressions[name] = (compress, decompress)
            try:
                cluster = NODE.cluster(compression=name, auth_provider=PlainTextAuthProvider(
                    username="cassandra", password="cassandra"))
                session = cluster.connect()
                self.assertEqual(cluster.control_connection._connection._compression_type, name)
                self.assertEqual(session.execute("SELECT v FROM %s.t WHERE k = 0" % KS).one().v,
                                 "by admin")
            finally:
                if injected:
                    driver_connection.locally_supported_compressions.pop(name, None)
            return
        self.skipTest("neither lz4 nor snappy is available to the driver")

    def test_99_roles_and_permissions_survive_a_restart(self):
        self.admin.execute("CREATE ROLE IF NOT EXISTS keeper WITH PASSWORD = 'k' AND LOGIN = true")
        self.admin.execute("GRANT SELECT ON TABLE %s.t TO keeper" % KS)
        self.admin.execute("ALTER ROLE cassandra WITH PASSWORD = 'changed'")
        NODE.restart()
        with self.assertRaises(NoHostAvailable):
            connect("cassandra", "cassandra")
        admin = connect("cassandra", "changed")
        self.assertIn("keeper", [r.role for r in admin.execute("LIST ROLES")])
        keeper = connect("keeper", "k")
        self.assertEqual(keeper.execute("SELECT v FROM %s.t WHERE k = 0" % KS).one().v, "by admin")
        with self.assertRaises(Unauthorized):
            keeper.execute("INSERT INTO %s.t (k, v) VALUES (9, 'no')" % KS)


if __name__ == "__main__":
    unittest.main()
