#include "cql/protocol/messages.h"

#include "cql/protocol/body.h"

namespace cairn::cql {

namespace {
constexpr char kCqlVersion[] = "3.4.5";
}  // namespace

Bytes encode_simple_error(ErrorCode code, std::string_view message) {
  BodyWriter w;
  w.write_int(static_cast<int32_t>(code));
  w.write_string(message);
  return w.take();
}

Result<StartupOptions> decode_startup(BytesView body) {
  BodyReader r(body);
  CAIRN_ASSIGN_OR_RETURN(auto options, r.read_string_map());
  if (!r.at_end()) return Status::invalid_argument("STARTUP body has trailing bytes");
  StartupOptions out;
  auto version = options.find("CQL_VERSION");
  if (version == options.end()) {
    return Status::invalid_argument("STARTUP is missing the mandatory CQL_VERSION option");
  }
  if (!version->second.starts_with("3.")) {
    return Status::invalid_argument("CQL_VERSION " + version->second +
                                    " is not supported (this node speaks " + kCqlVersion + ")");
  }
  out.cql_version = version->second;
  if (auto c = options.find("COMPRESSION"); c != options.end()) {
    if (c->second == "lz4") {
      out.compression = CompressionAlgorithm::kLz4;
    } else if (c->second == "snappy") {
      out.compression = CompressionAlgorithm::kSnappy;
    } else {
      return Status::invalid_argument("COMPRESSION " + c->second +
                                      " is not supported (lz4 and snappy are)");
    }
  }
  for (auto& [k, v] : options) {
    if (k != "CQL_VERSION" && k != "COMPRESSION") out.others[k] = v;
  }
  return out;
}

Bytes encode_supported() {
  BodyWriter w;
  w.write_string_multimap({{"CQL_VERSION", {kCqlVersion}},
                           {"COMPRESSION", {"lz4", "snappy"}},
                           {"PROTOCOL_VERSIONS", {"3/v3", "4/v4"}}});
  return w.take();
}

Frame response(const Frame& request, Opcode opcode, Bytes body) {
  Frame f;
  f.version = request.version;
  f.response = true;
  f.stream = request.stream;
  f.opcode = opcode;
  f.body = std::move(body);
  return f;
}

}  // namespace cairn::cql
