#include "tests/lib/test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cairn::testing {

namespace {

// Extensions of each kind of certificate; `prompt = no` keeps openssl from asking.
constexpr const char* kOpensslConfig = R"([req]
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
)";

constexpr const char* kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Maker {
 public:
  explicit Maker(std::string dir) : dir_(std::move(dir)) {}

  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // Runs `openssl <args>` in dir_ (paths in args are relative to it).
  Status openssl(const std::string& step, const std::string& args) const {
    const std::string log = path("openssl.log");
    const std::string command =
        "cd '" + dir_ + "' && openssl " + args + " > '" + log + "' 2>&1 < /dev/null";
    if (std::system(command.c_str()) != 0) {
      return Status::io_error("openssl failed to " + step + ": " + args + "\n" + read_all(log));
    }
    return Status::ok();
  }

  Status write(const std::string& name, const std::string& text) const {
    std::ofstream out(path(name), std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return Status::io_error("cannot write " + path(name));
    return Status::ok();
  }

  Status concatenate(const std::string& name, const std::string& first,
                     const std::string& second) const {
    return write(name, read_all(path(first)) + read_all(path(second)));
  }

  Status make_ca(const std::string& name, const std::string& subject) const {
    return openssl("make the CA " + name, "req -x509 -config openssl.cnf -extensions ca_ext " +
                                              std::string(kNewKey) + " -keyout " + name +
                                              ".key -out " + name +
                                              ".pem -days 2 -subj '/CN=" + subject + "'");
  }

  // <name>.key and <name>.pem signed by <ca>.
  Status make_leaf(const std::string& name, const std::string& ca, const std::string& extensions,
                   const std::string& subject, int serial) const {
    CAIRN_RETURN_IF_ERROR(
        openssl("make the key of " + name, "req -new -config openssl.cnf " + std::string(kNewKey) +
                                               " -keyout " + name + ".key -out " + name +
                                               ".csr -subj '/CN=" + subject + "'"));
    return openssl("sign " + name, "x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " +
                                       ca + ".key -set_serial " + std::to_string(serial) +
                                       " -days 2 -extfile openssl.cnf -extensions " + extensions +
                                       " -out " + name + ".pem");
  }

 private:
  std::string dir_;
};

}  // namespace

Status make_test_certificates(const std::string& dir, TestCertificates* out) {
  Maker m(dir);
  CAIRN_RETURN_IF_ERROR(m.write("openssl.cnf", kOpensslConfig));
  CAIRN_RETURN_IF_ERROR(m.make_ca("ca", "Cairn test CA"));
  CAIRN_RETURN_IF_ERROR(m.make_leaf("server", "ca", "server_ext", "127.0.0.1", 2));
  CAIRN_RETURN_IF_ERROR(m.make_leaf("client", "ca", "client_ext", "cairn test client", 3));
  CAIRN_RETURN_IF_ERROR(m.make_ca("other-ca", "Another test CA"));
  CAIRN_RETURN_IF_ERROR(m.make_leaf("other-client", "other-ca", "client_ext", "stranger", 4));
  CAIRN_RETURN_IF_ERROR(m.concatenate("server-keystore.pem", "server.key", "server.pem"));
  CAIRN_RETURN_IF_ERROR(m.openssl(
      "encrypt the server key", std::string("pkey -in server.key -aes256 -passout pass:") +
                                    TestCertificates::kKeystorePassword + " -out server-enc.key"));
  CAIRN_RETURN_IF_ERROR(m.concatenate("server-keystore-enc.pem", "server-enc.key", "server.pem"));
  out->dir = dir;
  out->ca = m.path("ca.pem");
  out->server_cert = m.path("server.pem");
  out->server_key = m.path("server.key");
  out->keystore = m.path("server-keystore.pem");
  out->encrypted_keystore = m.path("server-keystore-enc.pem");
  out->client_cert = m.path("client.pem");
  out->client_key = m.path("client.key");
  out->other_ca = m.path("other-ca.pem");
  out->other_client_cert = m.path("other-client.pem");
  out->other_client_key = m.path("other-client.key");
  return Status::ok();
}

}  // namespace cairn::testing
