// Password hashes for PasswordAuthenticator: scrypt (RFC 7914) as OpenSSL 3 computes
// it, with a random 16-byte salt from RAND_bytes, kept in system_auth.roles.salted_hash
// as a self-describing string
//
//   $scrypt$ln=<log2 N>,r=<block size>,p=<parallelism>$<salt, hex>$<32-byte key, hex>
//
// so a stored hash names the parameters it was made with and stronger parameters can
// be adopted later without invalidating stored ones. Verification compares in constant
// time (CRYPTO_memcmp). Hashing is deliberately slow (tens of milliseconds and 2^ln *
// r * 128 bytes of memory): callers run it on a worker thread, never on an I/O thread.
//
// Thread safety: both functions are pure apart from the random salt; callable from any
// thread.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace cairn::cql::auth {

struct ScryptParams {
  // log2 of scrypt's CPU/memory cost N. 15 (N = 32768) with r = 8 uses 32 MiB per hash.
  int log2_n = 15;
  int r = 8;  // block size
  int p = 1;  // parallelism
};

// The hash of `password` with a fresh random salt. InvalidArgument for parameters out
// of the accepted range (log2_n 1..20, r 1..32, p 1..16, at most 256 MiB); IOError
// when OpenSSL fails (no randomness).
Result<std::string> hash_password(std::string_view password, const ScryptParams& params = {});

// Whether `password` matches `stored`, a string hash_password() produced. Corruption
// naming the problem when `stored` is not such a string (so a damaged row is reported,
// not taken for a wrong password).
Result<bool> verify_password(std::string_view password, std::string_view stored);

}  // namespace cairn::cql::auth
