// Status: the outcome of an operation that can fail for a reason outside our control.
//
// Every fallible function in Cairn returns a Status or a Result<T>; both are
// [[nodiscard]]. Bad bytes from disk or the network, bad configuration and bad
// user input become a non-OK Status whose message names the thing that was bad
// (the file and offset, the frame, the key). Our own bugs are asserts, not Statuses.
//
// Thread safety: a Status is a value; distinct objects may be used concurrently.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace cairn {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kCorruption,       // stored bytes are damaged: checksum, framing, impossible values
    kInvalidArgument,  // the caller asked for something malformed or forbidden
    kIOError,          // the operating system refused or failed a file operation
    kNotSupported,
    kAlreadyExists,
    kBusy,     // a resource is held by someone else (e.g. a locked data directory)
    kAborted,  // the operation was stopped on purpose (shutdown, failure policy)
  };

  Status() = default;

  static Status ok() { return Status(); }
  static Status not_found(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status invalid_argument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status io_error(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status not_supported(std::string msg) {
    return Status(Code::kNotSupported, std::move(msg));
  }
  static Status already_exists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg));
  }
  static Status busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status aborted(std::string msg) { return Status(Code::kAborted, std::move(msg)); }

  bool is_ok() const { return code_ == Code::kOk; }
  bool is_not_found() const { return code_ == Code::kNotFound; }
  bool is_corruption() const { return code_ == Code::kCorruption; }
  bool is_invalid_argument() const { return code_ == Code::kInvalidArgument; }
  bool is_io_error() const { return code_ == Code::kIOError; }
  bool is_busy() const { return code_ == Code::kBusy; }
  bool is_already_exists() const { return code_ == Code::kAlreadyExists; }

  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "Corruption: <message>", or "OK".
  std::string to_string() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status with_context(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) { return a.code_ == b.code_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

std::string_view code_name(Status::Code code);

}  // namespace cairn

// Returns early from the enclosing function when `expr` is not OK.
#define CAIRN_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::cairn::Status cairn_status_ = (expr);      \
    if (!cairn_status_.is_ok()) return cairn_status_; \
  } while (0)
