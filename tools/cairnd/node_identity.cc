#include "tools/cairnd/node_identity.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace cairn {
namespace {

constexpr const char* kFileName = "node-identity.txt";

Result<NodeIdentity> parse_identity(const std::string& text, const std::string& path) {
  auto corrupt = [&](const std::string& what) {
    return Status::corruption(path + ": " + what +
                              " (this file names the node; restore it rather than deleting it)");
  };
  NodeIdentity id;
  bool has_host = false, has_tokens = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) return corrupt("the last line is not terminated");
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with("host_id=")) {
      auto uuid = Uuid::parse(line.substr(8));
      if (!uuid.is_ok()) return corrupt("host_id is not a UUID");
      id.host_id = *uuid;
      has_host = true;
    } else if (line.starts_with("tokens=")) {
      std::string_view rest(line);
      rest.remove_prefix(7);
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        int64_t token = 0;
        auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), token);
        if (ec != std::errc() || ptr != item.data() + item.size() || token == kMinToken) {
          return corrupt("token '" + std::string(item) + "' is not a token");
        }
        id.tokens.push_back(token);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      has_tokens = true;
    } else if (!line.empty()) {
      return corrupt("unexpected line '" + line + "'");
    }
  }
  if (!has_host || !has_tokens || id.tokens.empty()) return corrupt("host_id or tokens missing");
  std::sort(id.tokens.begin(), id.tokens.end());
  return id;
}

Result<std::string> read_all(FileSystem& fs, const std::string& path) {
  CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_random_access_file(path));
  Bytes data;
  CAIRN_RETURN_IF_ERROR(file->read(0, file->size(), &data));
  return std::string(data);
}

}  // namespace

Result<NodeIdentity> load_or_create_identity(const Env& env, const std::string& data_directory,
                                             int num_tokens, std::string* warning) {
  const std::string path = data_directory + "/" + kFileName;
  if (env.fs->exists(path)) {
    CAIRN_ASSIGN_OR_RETURN(std::string text, read_all(*env.fs, path));
    CAIRN_ASSIGN_OR_RETURN(NodeIdentity id, parse_identity(text, path));
    if (static_cast<int>(id.tokens.size()) != num_tokens && warning != nullptr) {
      *warning = "num_tokens is " + std::to_string(num_tokens) + " but this node already has " +
                 std::to_string(id.tokens.size()) + " tokens (" + path + "); keeping them";
    }
    return id;
  }
  NodeIdentity id;
  id.host_id = Uuid::random(*env.random);
  std::set<Token> tokens;
  while (static_cast<int>(tokens.size()) < num_tokens) {
    const Token t = static_cast<Token>(env.random->next_u64());
    if (t != kMinToken) tokens.insert(t);
  }
  id.tokens.assign(tokens.begin(), tokens.end());
  std::string text = "host_id=" + id.host_id.to_string() + "\ntokens=";
  for (size_t i = 0; i < id.tokens.size(); ++i) text += (i ? "," : "") + std::to_string(id.tokens[i]);
  text += "\n";
  CAIRN_RETURN_IF_ERROR(env.fs->create_dirs(data_directory));
  const std::string tmp = path + ".tmp";
  {
    CAIRN_ASSIGN_OR_RETURN(auto file, env.fs->new_writable_file(tmp));
    CAIRN_RETURN_IF_ERROR(file->append(text));
    CAIRN_RETURN_IF_ERROR(file->sync());
    CAIRN_RETURN_IF_ERROR(file->close());
  }
  CAIRN_RETURN_IF_ERROR(env.fs->rename(tmp, path));
  CAIRN_RETURN_IF_ERROR(env.fs->sync_dir(data_directory));
  return id;
}

}  // namespace cairn
