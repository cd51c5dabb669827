// A blocking HTTP/1.1 client for cairn-admin, on Boost.Beast: one request per
// connection, with a connect timeout and a timeout for the whole exchange.
//
// Errors are IOError with the message cairn-admin prints as is, e.g.
// "Failed to connect to '127.0.0.1:10000' - Connection refused".
//
// Thread safety: a function of its arguments; call from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace cairn::tools {

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
};

Result<HttpResult> http_request(const std::string& host, uint16_t port, const std::string& method,
                                const std::string& target, const std::string& body,
                                std::chrono::seconds timeout);

}  // namespace cairn::tools
