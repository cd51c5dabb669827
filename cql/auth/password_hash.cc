#include "cql/auth/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstdint>
#include <vector>

namespace cairn::cql::auth {
namespace {

constexpr std::string_view kPrefix = "$scrypt$";
constexpr size_t kSaltBytes = 16;
constexpr size_t kKeyBytes = 32;
constexpr uint64_t kMaxMemoryBytes = uint64_t{256} << 20;

Status check_params(const ScryptParams& p) {
  if (p.log2_n < 1 || p.log2_n > 20 || p.r < 1 || p.r > 32 || p.p < 1 || p.p > 16) {
    return Status::invalid_argument(
        "scrypt parameters out of range: ln=" + std::to_string(p.log2_n) +
        ", r=" + std::to_string(p.r) + ", p=" + std::to_string(p.p));
  }
  const uint64_t memory = (uint64_t{1} << p.log2_n) * static_cast<uint64_t>(p.r) * 128;
  if (memory > kMaxMemoryBytes) {
    return Status::invalid_argument("scrypt parameters need " + std::to_string(memory >> 20) +
                                    " MiB, more than the 256 MiB allowed");
  }
  return Status::ok();
}

std::string to_hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

bool from_hex(std::string_view hex, std::vector<unsigned char>* out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return true;
}

Result<std::vector<unsigned char>> derive(std::string_view password, const unsigned char* salt,
                                          size_t salt_bytes, const ScryptParams& p) {
  std::vector<unsigned char> key(kKeyBytes);
  // OpenSSL checks its memory limit against 128 * r * (N + p + 2) bytes.
  const uint64_t n = uint64_t{1} << p.log2_n;
  const uint64_t max_memory = 128 * static_cast<uint64_t>(p.r) * (n + p.p + 2) + (1 << 20);
  if (EVP_PBE_scrypt(password.data(), password.size(), salt, salt_bytes, n,
                     static_cast<uint64_t>(p.r), static_cast<uint64_t>(p.p), max_memory, key.data(),
                     key.size()) != 1) {
    return Status::io_error("scrypt failed (OpenSSL EVP_PBE_scrypt)");
  }
  return key;
}

// "ln=15,r=8,p=1"
bool parse_params(std::string_view text, ScryptParams* out) {
  auto take = [&text](std::string_view name, int* value) {
    if (!text.starts_with(name)) return false;
    text.remove_prefix(name.size());
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
    if (ec != std::errc()) return false;
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    return true;
  };
  if (!take("ln=", &out->log2_n) || !text.starts_with(",")) return false;
  text.remove_prefix(1);
  if (!take("r=", &out->r) || !text.starts_with(",")) return false;
  text.remove_prefix(1);
  return take("p=", &out->p) && text.empty();
}

}  // namespace

Result<std::string> hash_password(std::string_view password, const ScryptParams& params) {
  CAIRN_RETURN_IF_ERROR(check_params(params));
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) return Status::io_error("RAND_bytes failed: no salt");
  CAIRN_ASSIGN_OR_RETURN(std::vector<unsigned char> key,
                         derive(password, salt, sizeof salt, params));
  return std::string(kPrefix) + "ln=" + std::to_string(params.log2_n) +
         ",r=" + std::to_string(params.r) + ",p=" + std::to_string(params.p) + "$" +
         to_hex(salt, sizeof salt) + "$" + to_hex(key.data(), key.size());
}

Result<bool> verify_password(std::string_view password, std::string_view stored) {
  auto corrupt = [](const std::string& why) {
    return Status::corruption("stored password hash is not a Cairn scrypt hash: " + why);
  };
  if (!stored.starts_with(kPrefix)) return corrupt("it does not start with $scrypt$");
  std::string_view rest = stored.substr(kPrefix.size());
  const size_t d1 = rest.find('$');
  if (d1 == std::string_view::npos) return corrupt("no salt");
  const size_t d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return corrupt("no key");
  ScryptParams params;
  if (!parse_params(rest.substr(0, d1), &params)) return corrupt("unreadable parameters");
  if (Status s = check_params(params); !s.is_ok()) return corrupt(s.message());
  std::vector<unsigned char> salt;
  std::vector<unsigned char> expected;
  if (!from_hex(rest.substr(d1 + 1, d2 - d1 - 1), &salt) || salt.empty()) {
    return corrupt("bad salt");
  }
  if (!from_hex(rest.substr(d2 + 1), &expected) || expected.size() != kKeyBytes) {
    return corrupt("bad key");
  }
  CAIRN_ASSIGN_OR_RETURN(std::vector<unsigned char> key,
                         derive(password, salt.data(), salt.size(), params));
  return CRYPTO_memcmp(key.data(), expected.data(), kKeyBytes) == 0;
}

}  // namespace cairn::cql::auth
