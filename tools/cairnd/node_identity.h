// The node's identity: its host id and its vnode tokens, chosen at first start and kept
// in <data directory>/node-identity.txt so that a restart is the same node with the
// same tokens (drivers route by them, and a cluster will hand out ranges by them).
//
// The file is two lines of text, written to a temporary file, synced and renamed:
//   host_id=8a0c2b1e-...
//   tokens=-9011232442343,-731234,...
// A damaged file is an error naming it, never silently replaced (that would make the
// node a different node).
#pragma once

#include <string>
#include <vector>

#include "common/env/env.h"
#include "common/result.h"
#include "model/token.h"
#include "model/uuid.h"

namespace cairn {

struct NodeIdentity {
  Uuid host_id;
  std::vector<Token> tokens;  // sorted
};

// Loads the identity from `data_directory`, or creates one with `num_tokens` random
// tokens when there is none yet. Corruption names the file when it cannot be parsed;
// a file whose token count differs from num_tokens is used as is, with a warning in
// `warning` (Cassandra refuses to change num_tokens of a bootstrapped node too).
Result<NodeIdentity> load_or_create_identity(const Env& env, const std::string& data_directory,
                                             int num_tokens, std::string* warning);

}  // namespace cairn
