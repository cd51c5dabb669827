// parse_cql_type: CQL type names to CqlType (model/types.h).
#include <cctype>
#include <map>

#include "model/types.h"

namespace cairn {
namespace {

class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<TypeRef> parse_all() {
    auto t = parse(false);
    if (!t.is_ok()) return t;
    skip_space();
    if (pos_ != text_.size()) return error("unexpected '" + std::string(text_.substr(pos_)) + "'");
    return t;
  }

 private:
  Status error(const std::string& what) const {
    return Status::invalid_argument("invalid type '" + std::string(text_) + "': " + what);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  std::string word() {
    skip_space();
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    std::string w(text_.substr(start, pos_ - start));
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
  }

  bool eat(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // `inside_collection`: a collection here must be frozen, as CQL requires.
  Result<TypeRef> parse(bool inside_collection) {
    std::string name = word();
    if (name.empty()) return error("expected a type name at offset " + std::to_string(pos_));
    static const std::map<std::string, TypeRef (*)()> kNatives = {
        {"ascii", &CqlType::ascii},         {"bigint", &CqlType::bigint},
        {"blob", &CqlType::blob},           {"boolean", &CqlType::boolean},
        {"date", &CqlType::date},           {"decimal", &CqlType::decimal},
        {"double", &CqlType::double_},      {"duration", &CqlType::duration},
        {"float", &CqlType::float_},        {"inet", &CqlType::inet},
        {"int", &CqlType::int_},            {"smallint", &CqlType::smallint},
        {"text", &CqlType::text},           {"varchar", &CqlType::text},
        {"time", &CqlType::time},           {"timestamp", &CqlType::timestamp},
        {"timeuuid", &CqlType::timeuuid},   {"tinyint", &CqlType::tinyint},
        {"uuid", &CqlType::uuid},           {"varint", &CqlType::varint},
    };
    if (auto it = kNatives.find(name); it != kNatives.end()) return it->second();
    if (name == "frozen") {
      if (!eat('<')) return error("expected '<' after frozen");
      auto inner = parse_frozen_body();
      if (!inner.is_ok()) return inner;
      if (!eat('>')) return error("expected '>' to close frozen<");
      return inner;
    }
    if (name == "list" || name == "set" || name == "map" || name == "tuple") {
      if (inside_collection && name != "tuple") {
        return error("a collection inside a collection must be frozen: frozen<" + name + "<...>>");
      }
      return parse_params(name, name == "tuple");
    }
    return error("unknown type '" + name + "'");
  }

  Result<TypeRef> parse_frozen_body() {
    std::string name = word();
    if (name == "list" || name == "set" || name == "map" || name == "tuple") {
      return parse_params(name, true);
    }
    if (name.empty()) return error("expected a collection or tuple inside frozen<>");
    return error("frozen<> applies to collections and tuples, not '" + name + "'");
  }

  Result<TypeRef> parse_params(const std::string& name, bool frozen) {
    if (!eat('<')) return error("expected '<' after " + name);
    std::vector<TypeRef> params;
    do {
      // Elements of a non-frozen collection may not be non-frozen collections; inside a
      // frozen one everything is frozen anyway, but CQL still wants it spelled out.
      auto p = parse(true);
      if (!p.is_ok()) return p;
      params.push_back(*p);
    } while (eat(','));
    if (!eat('>')) return error("expected '>' to close " + name + "<");
    if (name == "map") {
      if (params.size() != 2) return error("map takes two types");
      return CqlType::map(params[0], params[1], frozen);
    }
    if (name == "tuple") return CqlType::tuple(std::move(params));
    if (params.size() != 1) return error(name + " takes one type");
    return name == "list" ? CqlType::list(params[0], frozen) : CqlType::set(params[0], frozen);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<TypeRef> parse_cql_type(std::string_view text) { return TypeParser(text).parse_all(); }

}  // namespace cairn
