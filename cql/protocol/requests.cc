#include "cql/protocol/requests.h"

namespace cairn::cql {

namespace {

constexpr uint8_t kKnownQueryFlags = 0x7f;

Status trailing(const BodyReader& r, const char* what) {
  if (r.at_end()) return Status::ok();
  return Status::invalid_argument(std::string(what) + " body has trailing bytes at offset " +
                                  std::to_string(r.offset()));
}

Result<QueryParameters> read_parameters(BodyReader& r) {
  QueryParameters p;
  CAIRN_ASSIGN_OR_RETURN(p.consistency, r.read_consistency());
  CAIRN_ASSIGN_OR_RETURN(uint8_t flags, r.read_byte());
  if ((flags & ~kKnownQueryFlags) != 0) {
    return Status::invalid_argument("unknown query flags 0x" +
                                    std::to_string(flags & ~kKnownQueryFlags));
  }
  if ((flags & query_flags::kNamesForValues) && !(flags & query_flags::kValues)) {
    return Status::invalid_argument("query flags name values but carry none");
  }
  if (flags & query_flags::kValues) {
    CAIRN_ASSIGN_OR_RETURN(uint16_t n, r.read_short());
    for (uint16_t i = 0; i < n; ++i) {
      if (flags & query_flags::kNamesForValues) {
        CAIRN_ASSIGN_OR_RETURN(std::string name, r.read_string());
        p.value_names.push_back(std::move(name));
      }
      CAIRN_ASSIGN_OR_RETURN(Value v, r.read_value());
      p.values.push_back(std::move(v));
    }
  }
  p.skip_metadata = (flags & query_flags::kSkipMetadata) != 0;
  if (flags & query_flags::kPageSize) {
    CAIRN_ASSIGN_OR_RETURN(int32_t size, r.read_int());
    if (size <= 0) return Status::invalid_argument("page_size must be positive, not " + std::to_string(size));
    p.page_size = size;
  }
  if (flags & query_flags::kPagingState) {
    CAIRN_ASSIGN_OR_RETURN(auto state, r.read_bytes());
    if (!state) return Status::invalid_argument("paging_state is null");
    p.paging_state = std::move(*state);
  }
  if (flags & query_flags::kSerialConsistency) {
    CAIRN_ASSIGN_OR_RETURN(uint16_t serial, r.read_consistency());
    if (serial != 0x0008 && serial != 0x0009) {
      return Status::invalid_argument("serial consistency must be SERIAL or LOCAL_SERIAL");
    }
    p.serial_consistency = serial;
  }
  if (flags & query_flags::kDefaultTimestamp) {
    CAIRN_ASSIGN_OR_RETURN(int64_t ts, r.read_long());
    p.default_timestamp = ts;
  }
  return p;
}

}  // namespace

void encode_query_parameters(const QueryParameters& p, BodyWriter* w) {
  uint8_t flags = 0;
  if (!p.values.empty()) flags |= query_flags::kValues;
  if (!p.value_names.empty()) flags |= query_flags::kNamesForValues;
  if (p.skip_metadata) flags |= query_flags::kSkipMetadata;
  if (p.page_size) flags |= query_flags::kPageSize;
  if (p.paging_state) flags |= query_flags::kPagingState;
  if (p.serial_consistency) flags |= query_flags::kSerialConsistency;
  if (p.default_timestamp) flags |= query_flags::kDefaultTimestamp;
  w->write_short(p.consistency);
  w->write_byte(flags);
  if (!p.values.empty()) {
    w->write_short(static_cast<uint16_t>(p.values.size()));
    for (size_t i = 0; i < p.values.size(); ++i) {
      if (!p.value_names.empty()) w->write_string(p.value_names[i]);
      w->write_value(p.values[i]);
    }
  }
  if (p.page_size) w->write_int(*p.page_size);
  if (p.paging_state) w->write_bytes(*p.paging_state);
  if (p.serial_consistency) w->write_short(*p.serial_consistency);
  if (p.default_timestamp) w->write_long(*p.default_timestamp);
}

Result<QueryRequest> decode_query(BytesView body) {
  BodyReader r(body);
  QueryRequest q;
  CAIRN_ASSIGN_OR_RETURN(q.query, r.read_long_string());
  CAIRN_ASSIGN_OR_RETURN(q.parameters, read_parameters(r));
  CAIRN_RETURN_IF_ERROR(trailing(r, "QUERY"));
  return q;
}

Result<PrepareRequest> decode_prepare(BytesView body) {
  BodyReader r(body);
  PrepareRequest p;
  CAIRN_ASSIGN_OR_RETURN(p.query, r.read_long_string());
  CAIRN_RETURN_IF_ERROR(trailing(r, "PREPARE"));
  return p;
}

Result<ExecuteRequest> decode_execute(BytesView body) {
  BodyReader r(body);
  ExecuteRequest e;
  CAIRN_ASSIGN_OR_RETURN(e.id, r.read_short_bytes());
  if (e.id.empty()) return Status::invalid_argument("EXECUTE with an empty prepared id");
  CAIRN_ASSIGN_OR_RETURN(e.parameters, read_parameters(r));
  CAIRN_RETURN_IF_ERROR(trailing(r, "EXECUTE"));
  return e;
}

Result<BatchRequest> decode_batch(BytesView body) {
  BodyReader r(body);
  BatchRequest b;
  CAIRN_ASSIGN_OR_RETURN(uint8_t type, r.read_byte());
  if (type > 2) return Status::invalid_argument("unknown BATCH type " + std::to_string(type));
  b.type = static_cast<BatchRequest::Type>(type);
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, r.read_short());
  for (uint16_t i = 0; i < n; ++i) {
    BatchRequest::Statement s;
    CAIRN_ASSIGN_OR_RETURN(uint8_t kind, r.read_byte());
    if (kind == 0) {
      CAIRN_ASSIGN_OR_RETURN(s.query, r.read_long_string());
    } else if (kind == 1) {
      s.prepared = true;
      CAIRN_ASSIGN_OR_RETURN(s.id, r.read_short_bytes());
    } else {
      return Status::invalid_argument("BATCH statement " + std::to_string(i) + " has kind " +
                                      std::to_string(kind));
    }
    CAIRN_ASSIGN_OR_RETURN(uint16_t values, r.read_short());
    for (uint16_t v = 0; v < values; ++v) {
      CAIRN_ASSIGN_OR_RETURN(Value value, r.read_value());
      s.values.push_back(std::move(value));
    }
    b.statements.push_back(std::move(s));
  }
  CAIRN_ASSIGN_OR_RETURN(b.consistency, r.read_consistency());
  CAIRN_ASSIGN_OR_RETURN(uint8_t flags, r.read_byte());
  if (flags & query_flags::kNamesForValues) {
    return Status::invalid_argument("named values are not supported in BATCH");
  }
  if ((flags & ~(query_flags::kSerialConsistency | query_flags::kDefaultTimestamp)) != 0) {
    return Status::invalid_argument("unknown BATCH flags");
  }
  if (flags & query_flags::kSerialConsistency) {
    CAIRN_ASSIGN_OR_RETURN(uint16_t serial, r.read_consistency());
    b.serial_consistency = serial;
  }
  if (flags & query_flags::kDefaultTimestamp) {
    CAIRN_ASSIGN_OR_RETURN(int64_t ts, r.read_long());
    b.default_timestamp = ts;
  }
  CAIRN_RETURN_IF_ERROR(trailing(r, "BATCH"));
  return b;
}

Result<RegisterRequest> decode_register(BytesView body) {
  BodyReader r(body);
  RegisterRequest reg;
  CAIRN_ASSIGN_OR_RETURN(reg.events, r.read_string_list());
  for (const auto& e : reg.events) {
    if (e != "TOPOLOGY_CHANGE" && e != "STATUS_CHANGE" && e != "SCHEMA_CHANGE") {
      return Status::invalid_argument("REGISTER for unknown event type " + e);
    }
  }
  CAIRN_RETURN_IF_ERROR(trailing(r, "REGISTER"));
  return reg;
}

}  // namespace cairn::cql
