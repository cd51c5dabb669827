// The connection-setup messages of the native protocol (spec §4.1.1, §4.1.3, §4.2.1,
// §4.2.2, §4.2.4) and its error codes (§8): what a node answers before any query.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/compression.h"
#include "common/result.h"
#include "cql/protocol/frame.h"

namespace cairn::cql {

enum class ErrorCode : int32_t {
  kServerError = 0x0000,
  kProtocolError = 0x000A,
  kBadCredentials = 0x0100,
  kUnavailable = 0x1000,
  kOverloaded = 0x1001,
  kIsBootstrapping = 0x1002,
  kTruncateError = 0x1003,
  kWriteTimeout = 0x1100,
  kReadTimeout = 0x1200,
  kReadFailure = 0x1300,
  kFunctionFailure = 0x1400,
  kWriteFailure = 0x1500,
  kSyntaxError = 0x2000,
  kUnauthorized = 0x2100,
  kInvalid = 0x2200,
  kConfigError = 0x2300,
  kAlreadyExists = 0x2400,
  kUnprepared = 0x2500,
};

// An ERROR body for the codes whose body is just [int code][string message].
Bytes encode_simple_error(ErrorCode code, std::string_view message);

// What a STARTUP asked for.
struct StartupOptions {
  std::string cql_version;
  CompressionAlgorithm compression = CompressionAlgorithm::kNone;
  std::map<std::string, std::string> others;  // DRIVER_NAME, DRIVER_VERSION, ...
};
// InvalidArgument (answered as a protocol error) for a missing CQL_VERSION, a major
// version other than 3, or a COMPRESSION other than lz4 and snappy.
Result<StartupOptions> decode_startup(BytesView body);

// The SUPPORTED body answering OPTIONS: CQL_VERSION, COMPRESSION, PROTOCOL_VERSIONS.
Bytes encode_supported();

// A whole response frame on `stream` (version 4 unless the request was v3).
Frame response(const Frame& request, Opcode opcode, Bytes body);

}  // namespace cairn::cql
