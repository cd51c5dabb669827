"""TLS for CQL clients (client_encryption_options): the driver with an ssl_context.

The module makes its own throwaway CA and certificates with the openssl command (EC
P-256, valid two days) under the run's work directory:
- a TLS-only node: a driver whose ssl_context trusts the CA and checks the host name
  (the certificate's SAN is IP 127.0.0.1) connects and runs CRUD; a driver trusting
  another CA, and a driver without TLS, cannot connect;
- a node requiring client certificates: a client certificate signed by the CA works,
  none, or one signed by another CA, does not;
- an optional node: TLS and plain drivers both work on the one port.
Nothing here is specific to Cairn: the same checks are meant to pass against Cassandra
4.1 given the same PEM files through PEMBasedSslContextFactory (not run here).
"""

import os
import ssl
import unittest

from cassandra import AuthenticationFailed, Unauthorized
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import NoHostAvailable

import harness
from certificates import Certificates

CERTS = None


def setUpModule():
    global CERTS
    CERTS = Certificates(os.path.join(harness.workdir(), "tls-certificates"))


def tearDownModule():
    harness.stop_module_nodes(__name__)


def client_context(ca, cert=None, key=None):
    """What an application writes: verify the server against `ca`, host name included."""
    context = ssl.create_default_context(cafile=ca)
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    if cert:
        context.load_cert_chain(cert, key)
    return context


def tls_node(owner, extra_config=None, **options):
    encryption = {"enabled": True, "keystore": CERTS.keystore}
    encryption.update(options)
    config = {"client_encryption_options": encryption}
    config.update(extra_config or {})
    return harness.new_node(owner, config_overrides=config)


class TlsTestCase(unittest.TestCase):

    def assert_cannot_connect(self, node, **cluster_kwargs):
        cluster = node.cluster(**cluster_kwargs)
        with self.assertRaises(NoHostAvailable):
            cluster.connect()
        cluster.shutdown()

    def assert_connection_is_tls(self, session):
        connections = harness.session_connections(session)
        self.assertTrue(connections)
        for c in connections:
            self.assertIsInstance(c._socket, ssl.SSLSocket)
            self.assertIn(c._socket.version(), ("TLSv1.2", "TLSv1.3"))
            self.assertIn(("IP Address", "127.0.0.1"), c._socket.getpeercert()["subjectAltName"])

    def crud(self, session, ks):
        harness.create_keyspace(session, ks)
        session.execute("CREATE TABLE %s.calls (id int PRIMARY KEY, agent text, seconds int)" % ks)
        insert = session.prepare("INSERT INTO %s.calls (id, agent, seconds) VALUES (?, ?, ?)" % ks)
        for i in range(20):
            session.execute(insert, (i, "agent-%d" % (i % 3), i * 10))
        self.assertEqual(session.execute("SELECT agent, seconds FROM %s.calls WHERE id = 7" % ks).one(),
                         ("agent-1", 70))
        session.execute("UPDATE %s.calls SET seconds = 71 WHERE id = 7" % ks)
        self.assertEqual(session.execute("SELECT seconds FROM %s.calls WHERE id = 7" % ks).one()[0], 71)
        session.execute("DELETE FROM %s.calls WHERE id = 7" % ks)
        self.assertIsNone(session.execute("SELECT * FROM %s.calls WHERE id = 7" % ks).one())
        self.assertEqual(len(list(session.execute("SELECT id FROM %s.calls" % ks))), 19)


class TlsOnlyTest(TlsTestCase):

    @classmethod
    def setUpClass(cls):
        cls.node = tls_node(__name__)

    def test_verified_connection_runs_crud(self):
        session = self.node.session(ssl_context=client_context(CERTS.ca))
        self.assert_connection_is_tls(session)
        self.crud(session, "tls_crud")

    def test_driver_trusting_another_ca_cannot_connect(self):
        self.assert_cannot_connect(self.node, ssl_context=client_context(CERTS.other_ca))

    def test_plain_driver_is_refused_and_the_node_logs_it(self):
        self.assert_cannot_connect(self.node)
        harness.wait_until(lambda: "TLS handshake failed" in open(self.node.log_path).read(), 10,
                           what="the failed handshake in the node's log")
        # A TLS client is served as before.
        session = self.node.session(ssl_context=client_context(CERTS.ca))
        self.assertEqual(session.execute("SELECT key FROM system.local").one()[0], "local")


class ClientAuthTest(TlsTestCase):

    @classmethod
    def setUpClass(cls):
        cls.node = tls_node(__name__, truststore=CERTS.ca, require_client_auth=True)

    def test_client_certificate_signed_by_the_ca_works(self):
        context = client_context(CERTS.ca, CERTS.path("client.pem"), CERTS.path("client.key"))
        session = self.node.session(ssl_context=context)
        self.assert_connection_is_tls(session)
        self.crud(session, "tls_client_auth")

    def test_client_without_a_certificate_is_refused(self):
        self.assert_cannot_connect(self.node, ssl_context=client_context(CERTS.ca))

    def test_client_certificate_of_another_ca_is_refused(self):
        context = client_context(CERTS.ca, CERTS.path("other-client.pem"),
                                 CERTS.path("other-client.key"))
        self.assert_cannot_connect(self.node, ssl_context=context)


class OptionalTest(TlsTestCase):

    @classmethod
    def setUpClass(cls):
        cls.node = tls_node(__name__, optional=True)

    def test_tls_and_plain_drivers_share_the_port(self):
        secure = self.node.session(ssl_context=client_context(CERTS.ca))
        self.assert_connection_is_tls(secure)
        plain = self.node.session()
        for c in harness.session_connections(plain):
            self.assertNotIsInstance(c._socket, ssl.SSLSocket)
        self.crud(secure, "tls_optional")
        self.assertEqual(len(list(plain.execute("SELECT id FROM tls_optional.calls"))), 19)


class PasswordOverTlsTest(TlsTestCase):
    """Authentication and authorization over TLS: the password travels encrypted."""

    @classmethod
    def setUpClass(cls):
        cls.node = tls_node(__name__, extra_config={"authenticator": "PasswordAuthenticator",
                                                    "authorizer": "CassandraAuthorizer"})

    def session(self, user, password):
        return self.node.session(ssl_context=client_context(CERTS.ca),
                                 auth_provider=PlainTextAuthProvider(user, password))

    def test_right_password_works_wrong_one_fails_and_grants_hold(self):
        admin = self.session("cassandra", "cassandra")
        self.assert_connection_is_tls(admin)
        admin.execute("CREATE KEYSPACE tls_auth WITH replication = "
                      "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        admin.execute("CREATE TABLE tls_auth.t (k int PRIMARY KEY, v text)")
        admin.execute("CREATE ROLE reader WITH PASSWORD = 'r-pass' AND LOGIN = true")
        admin.execute("GRANT SELECT ON KEYSPACE tls_auth TO reader")
        admin.execute("INSERT INTO tls_auth.t (k, v) VALUES (1, 'one')")

        with self.assertRaises(NoHostAvailable) as ctx:
            self.session("reader", "wrong")
        self.assertTrue(any(isinstance(e, AuthenticationFailed)
                            for e in ctx.exception.errors.values()), ctx.exception.errors)

        reader = self.session("reader", "r-pass")
        self.assert_connection_is_tls(reader)
        self.assertEqual(reader.execute("SELECT v FROM tls_auth.t WHERE k = 1").one().v, "one")
        prepared = reader.prepare("INSERT INTO tls_auth.t (k, v) VALUES (?, ?)")
        with self.assertRaises(Unauthorized):
            reader.execute(prepared, (2, "two"))
        self.assertIsNone(admin.execute("SELECT v FROM tls_auth.t WHERE k = 2").one())


if __name__ == "__main__":
    unittest.main()
