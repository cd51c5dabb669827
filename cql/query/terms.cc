#include "cql/query/terms.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "cql/query/constants.h"
#include "cql/query/functions.h"
#include "model/type_codec.h"

namespace cairn::cql {
namespace {

Status invalid(const ColumnSpec& receiver, const std::string& problem) {
  return Status::invalid_argument("Invalid value for " + receiver.name + ": " + problem);
}

// A value of type `from` may go where `to` is expected when it is the same type or
// one CQL treats as a subtype (timeuuid is a uuid, ascii is text).
Result<FunctionSignature> resolve_call(const Term& call);

bool assignable(const CqlType& from, const CqlType& to) {
  if (from.equals(to)) return true;
  if (from.kind() == TypeKind::kTimeuuid && to.kind() == TypeKind::kUuid) return true;
  if (from.kind() == TypeKind::kAscii && to.kind() == TypeKind::kText) return true;
  return false;
}

// What is known of a function argument before the call is resolved: a constant's kind,
// a nested call's return type, or nothing (a bind marker or NULL fits any parameter).
Result<ArgumentSpec> argument_spec(const Term& t) {
  switch (t.kind) {
    case Term::Kind::kConstant:
      return ArgumentSpec::of_constant(t.constant_kind, t.text);
    case Term::Kind::kFunction: {
      CAIRN_ASSIGN_OR_RETURN(FunctionSignature sig, resolve_call(t));
      return ArgumentSpec::of_type(sig.return_type, t.function_name + "(...)");
    }
    case Term::Kind::kBindMarker:
    case Term::Kind::kNull:
      return ArgumentSpec::marker();
    default:
      return Status::invalid_argument("Collection and tuple literals cannot be passed to function " +
                                      t.function_name);
  }
}

Result<FunctionSignature> resolve_call(const Term& call) {
  std::vector<ArgumentSpec> specs;
  for (const Term& a : call.elements) {
    CAIRN_ASSIGN_OR_RETURN(ArgumentSpec spec, argument_spec(a));
    specs.push_back(std::move(spec));
  }
  return resolve_function(call.function_name, specs);
}

Result<TermValue> evaluate_function(const Term& term, const ColumnSpec& receiver,
                                    const EvalContext& ctx) {
  CAIRN_ASSIGN_OR_RETURN(FunctionSignature sig, resolve_call(term));
  if (sig.aggregate) {
    return Status::invalid_argument("Aggregate function " + term.function_name + " cannot be used here");
  }
  std::vector<FunctionArg> args;
  for (size_t i = 0; i < term.elements.size(); ++i) {
    const TypeRef& type = sig.arg_types[i];
    ColumnSpec arg_receiver{receiver.keyspace, receiver.table,
                            "arg" + std::to_string(i) + "(" + term.function_name + ")", type};
    CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(term.elements[i], arg_receiver, ctx));
    if (v.kind == TermValue::Kind::kUnset) {
      return Status::invalid_argument("Invalid unset value for argument in call to function " +
                                      term.function_name);
    }
    args.push_back(FunctionArg{type, v.is_value() ? std::optional<Bytes>(std::move(v.bytes))
                                                  : std::nullopt});
  }
  if (!assignable(*sig.return_type, *receiver.type)) {
    return Status::invalid_argument("Type error: cannot assign result of function system." +
                                    term.function_name + " (type " + sig.return_type->cql_name() +
                                    ") to " + receiver.name + " (type " +
                                    receiver.type->cql_name() + ")");
  }
  FunctionContext fctx{ctx.now_micros, ctx.random};
  CAIRN_ASSIGN_OR_RETURN(std::optional<Bytes> out, call_function(term.function_name, args, fctx));
  if (!out) return TermValue{};
  return TermValue::of(std::move(*out));
}

// The elements of a collection literal, each evaluated for `element` and required.
Result<std::vector<Bytes>> evaluate_elements(const std::vector<Term>& terms,
                                             const ColumnSpec& element, const EvalContext& ctx) {
  std::vector<Bytes> out;
  out.reserve(terms.size());
  for (const Term& t : terms) {
    CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(t, element, ctx));
    if (!v.is_value()) {
      return invalid(element, std::string(v.kind == TermValue::Kind::kNull ? "null" : "unset") +
                                  " is not supported inside collections");
    }
    out.push_back(std::move(v.bytes));
  }
  return out;
}

ColumnSpec with_type(const ColumnSpec& receiver, TypeRef type) {
  ColumnSpec s = receiver;
  s.type = std::move(type);
  return s;
}

Result<TermValue> evaluate_collection(const Term& term, const ColumnSpec& receiver,
                                      const EvalContext& ctx) {
  const CqlType& type = *receiver.type;
  const bool empty_braces = term.kind == Term::Kind::kMap && term.elements.empty();
  switch (type.kind()) {
    case TypeKind::kList: {
      if (term.kind != Term::Kind::kList && !empty_braces) break;
      CAIRN_ASSIGN_OR_RETURN(auto elements,
                             evaluate_elements(term.elements, with_type(receiver, type.params()[0]), ctx));
      return TermValue::of(values::from_list(elements));
    }
    case TypeKind::kSet: {
      if (term.kind != Term::Kind::kSet && !empty_braces) break;
      const CqlType& element_type = *type.params()[0];
      CAIRN_ASSIGN_OR_RETURN(auto elements,
                             evaluate_elements(term.elements, with_type(receiver, type.params()[0]), ctx));
      std::sort(elements.begin(), elements.end(), [&](const Bytes& a, const Bytes& b) {
        return element_type.compare(a, b) < 0;
      });
      elements.erase(std::unique(elements.begin(), elements.end(),
                                 [&](const Bytes& a, const Bytes& b) {
                                   return element_type.compare(a, b) == 0;
                                 }),
                     elements.end());
      return TermValue::of(values::from_list(elements));
    }
    case TypeKind::kMap: {
      if (term.kind != Term::Kind::kMap) break;
      const CqlType& key_type = *type.params()[0];
      std::vector<Term> keys, vals;
      for (size_t i = 0; i + 1 < term.elements.size(); i += 2) {
        keys.push_back(term.elements[i]);
        vals.push_back(term.elements[i + 1]);
      }
      CAIRN_ASSIGN_OR_RETURN(auto k, evaluate_elements(keys, with_type(receiver, type.params()[0]), ctx));
      CAIRN_ASSIGN_OR_RETURN(auto v, evaluate_elements(vals, with_type(receiver, type.params()[1]), ctx));
      std::vector<std::pair<Bytes, Bytes>> entries;
      for (size_t i = 0; i < k.size(); ++i) entries.emplace_back(std::move(k[i]), std::move(v[i]));
      // Sorted by key; a repeated key keeps its last value, as in Cassandra.
      std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
        return key_type.compare(a.first, b.first) < 0;
      });
      std::vector<std::pair<Bytes, Bytes>> unique;
      for (auto& e : entries) {
        if (!unique.empty() && key_type.compare(unique.back().first, e.first) == 0) {
          unique.back() = std::move(e);
        } else {
          unique.push_back(std::move(e));
        }
      }
      return TermValue::of(values::from_map(unique));
    }
    case TypeKind::kTuple: {
      if (term.kind != Term::Kind::kTuple) break;
      if (term.elements.size() > type.params().size()) {
        return invalid(receiver, "tuple has " + std::to_string(term.elements.size()) +
                                     " components, type " + type.cql_name() + " has " +
                                     std::to_string(type.params().size()));
      }
      std::vector<std::optional<Bytes>> components;
      for (size_t i = 0; i < term.elements.size(); ++i) {
        CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(term.elements[i],
                                                          with_type(receiver, type.params()[i]), ctx));
        if (v.kind == TermValue::Kind::kUnset) return invalid(receiver, "unset inside a tuple");
        components.push_back(v.is_value() ? std::optional<Bytes>(std::move(v.bytes)) : std::nullopt);
      }
      return TermValue::of(values::from_tuple(components));
    }
    default:
      break;
  }
  static constexpr const char* kLiteralNames[] = {"", "", "", "list", "set", "map", "tuple", ""};
  return Status::invalid_argument("Invalid " + std::string(kLiteralNames[static_cast<int>(term.kind)]) +
                                  " literal for " + receiver.name + " of type " +
                                  type.cql_name());
}

// A bound collection as Cassandra stores it: sets and maps sorted by their element
// (key) order without duplicates — a driver sends a dict in insertion order — and the
// same inside nested collections and tuples.
Result<Bytes> normalized(const CqlType& type, BytesView value) {
  if (!type.is_collection() && type.kind() != TypeKind::kTuple) return Bytes(value);
  if (type.kind() == TypeKind::kTuple) {
    std::vector<std::optional<BytesView>> parts;
    if (!split_elements(TypeKind::kTuple, value, &parts)) return Status::invalid_argument("malformed tuple");
    std::vector<std::optional<Bytes>> out;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!parts[i]) {
        out.emplace_back();
        continue;
      }
      CAIRN_ASSIGN_OR_RETURN(Bytes b, normalized(*type.params()[i], *parts[i]));
      out.emplace_back(std::move(b));
    }
    return values::from_tuple(out);
  }
  CAIRN_ASSIGN_OR_RETURN(auto elements, values::collection_elements(value));
  const CqlType& first = *type.params()[0];
  if (type.kind() == TypeKind::kMap) {
    const CqlType& second = *type.params()[1];
    std::vector<std::pair<Bytes, Bytes>> entries;
    for (size_t i = 0; i + 1 < elements.size(); i += 2) {
      CAIRN_ASSIGN_OR_RETURN(Bytes k, normalized(first, elements[i]));
      CAIRN_ASSIGN_OR_RETURN(Bytes v, normalized(second, elements[i + 1]));
      entries.emplace_back(std::move(k), std::move(v));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto& a, const auto& b) { return first.compare(a.first, b.first) < 0; });
    std::vector<std::pair<Bytes, Bytes>> unique;
    for (auto& e : entries) {
      if (!unique.empty() && first.compare(unique.back().first, e.first) == 0) {
        unique.back() = std::move(e);
      } else {
        unique.push_back(std::move(e));
      }
    }
    return values::from_map(unique);
  }
  std::vector<Bytes> out;
  for (const Bytes& e : elements) {
    CAIRN_ASSIGN_OR_RETURN(Bytes b, normalized(first, e));
    out.push_back(std::move(b));
  }
  if (type.kind() == TypeKind::kSet) {
    std::sort(out.begin(), out.end(), [&](const Bytes& a, const Bytes& b) { return first.compare(a, b) < 0; });
    out.erase(std::unique(out.begin(), out.end(),
                          [&](const Bytes& a, const Bytes& b) { return first.compare(a, b) == 0; }),
              out.end());
  }
  return values::from_list(out);
}

}  // namespace

Result<TermValue> evaluate_term(const Term& term, const ColumnSpec& receiver,
                                const EvalContext& ctx) {
  switch (term.kind) {
    case Term::Kind::kNull:
      return TermValue{};
    case Term::Kind::kConstant: {
      CAIRN_ASSIGN_OR_RETURN(Bytes b, constant_value(*receiver.type, term.constant_kind, term.text,
                                                     receiver.name));
      return TermValue::of(std::move(b));
    }
    case Term::Kind::kBindMarker: {
      if (ctx.values == nullptr || term.bind_index < 0 ||
          static_cast<size_t>(term.bind_index) >= ctx.values->size()) {
        return Status::invalid_argument("No value bound for " + receiver.name + " (bind variable " +
                                        std::to_string(term.bind_index) + ")");
      }
      const Value& v = (*ctx.values)[term.bind_index];
      if (v.kind == Value::Kind::kNull) return TermValue{};
      if (v.kind == Value::Kind::kUnset) return TermValue{TermValue::Kind::kUnset, {}};
      Status s = receiver.type->validate(v.bytes);
      if (!s.is_ok()) {
        return Status::invalid_argument("Invalid value for " + receiver.name + " of type " +
                                        receiver.type->cql_name() + ": " + s.message());
      }
      if (v.bytes.empty()) return TermValue::of(Bytes());
      CAIRN_ASSIGN_OR_RETURN(Bytes b, normalized(*receiver.type, v.bytes));
      return TermValue::of(std::move(b));
    }
    case Term::Kind::kFunction:
      return evaluate_function(term, receiver, ctx);
    case Term::Kind::kList:
    case Term::Kind::kSet:
    case Term::Kind::kMap:
    case Term::Kind::kTuple:
      return evaluate_collection(term, receiver, ctx);
  }
  return Status::invalid_argument("unknown term");
}

Result<Bytes> evaluate_required(const Term& term, const ColumnSpec& receiver,
                                const EvalContext& ctx, std::string_view what) {
  CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(term, receiver, ctx));
  if (v.kind == TermValue::Kind::kNull) {
    return Status::invalid_argument("Invalid null value for " + std::string(what));
  }
  if (v.kind == TermValue::Kind::kUnset) {
    return Status::invalid_argument("Invalid unset value for " + std::string(what));
  }
  return std::move(v.bytes);
}

void bind_receivers(const Term& term, const ColumnSpec& receiver, std::vector<ColumnSpec>* specs) {
  switch (term.kind) {
    case Term::Kind::kBindMarker:
      if (term.bind_index >= 0) {
        if (specs->size() <= static_cast<size_t>(term.bind_index)) specs->resize(term.bind_index + 1);
        (*specs)[term.bind_index] = receiver;
      }
      return;
    case Term::Kind::kList:
    case Term::Kind::kSet:
    case Term::Kind::kMap:
    case Term::Kind::kTuple: {
      const CqlType& type = *receiver.type;
      for (size_t i = 0; i < term.elements.size(); ++i) {
        TypeRef element;
        if (type.kind() == TypeKind::kMap) {
          element = type.params()[i % 2];
        } else if (type.kind() == TypeKind::kTuple) {
          if (i >= type.params().size()) return;
          element = type.params()[i];
        } else if (!type.params().empty()) {
          element = type.params()[0];
        } else {
          return;
        }
        bind_receivers(term.elements[i], with_type(receiver, element), specs);
      }
      return;
    }
    default:
      return;
  }
}

ColumnSpec special_receiver(const ColumnSpec& like, std::string name, TypeRef type) {
  return ColumnSpec{like.keyspace, like.table, std::move(name), std::move(type)};
}

}  // namespace cairn::cql
