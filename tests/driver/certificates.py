"""Throwaway TLS material for tests, made with the openssl command: a CA, a server
keystore for IP 127.0.0.1 (key then certificate, as PEMBasedSslContextFactory reads
it), a client certificate, and another CA with a client of its own. EC P-256, valid two
days. Used by the driver tests (test_tls.py) and the cairn-cql test."""

import os
import subprocess

OPENSSL_CONFIG = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
[client_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
"""

NEW_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

class Certificates:
    """ca, server keystore (key then certificate), client, other CA and its client."""

    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        with open(self.path("openssl.cnf"), "w") as f:
            f.write(OPENSSL_CONFIG)
        self._ca("ca", "Cairn driver test CA")
        self._leaf("server", "ca", "server_ext", "127.0.0.1", 2)
        self._leaf("client", "ca", "client_ext", "driver client", 3)
        self._ca("other-ca", "Another CA")
        self._leaf("other-client", "other-ca", "client_ext", "stranger", 4)
        with open(self.path("server-keystore.pem"), "w") as out:
            for part in ("server.key", "server.pem"):
                with open(self.path(part)) as f:
                    out.write(f.read())
        self.ca = self.path("ca.pem")
        self.keystore = self.path("server-keystore.pem")
        self.other_ca = self.path("other-ca.pem")

    def path(self, name):
        return os.path.join(self.dir, name)

    def _openssl(self, *args):
        done = subprocess.run(["openssl"] + list(args), cwd=self.dir, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            raise AssertionError("openssl %s failed:\n%s" % (" ".join(args), done.stdout))

    def _ca(self, name, subject):
        self._openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", "ca_ext", *NEW_KEY,
                      "-keyout", name + ".key", "-out", name + ".pem", "-days", "2",
                      "-subj", "/CN=" + subject)

    def _leaf(self, name, ca, extensions, subject, serial):
        self._openssl("req", "-new", "-config", "openssl.cnf", *NEW_KEY, "-keyout", name + ".key",
                      "-out", name + ".csr", "-subj", "/CN=" + subject)
        self._openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                      "-set_serial", str(serial), "-days", "2", "-extfile", "openssl.cnf",
                      "-extensions", extensions, "-out", name + ".pem")
