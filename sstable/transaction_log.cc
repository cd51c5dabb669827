#include "sstable/transaction_log.h"

#include <charconv>

#include "common/checksum.h"

namespace cairn {

namespace {

constexpr char kPrefix[] = "txn-";
constexpr char kSuffix[] = ".log";

// "<text> <checksum32 of text>\n"
std::string framed(const std::string& text) {
  return text + " " + std::to_string(checksum32(text)) + "\n";
}

struct ParsedLog {
  std::vector<SSTableDescriptor> inputs;
  std::vector<SSTableDescriptor> outputs;
  bool committed = false;
};

Result<SSTableDescriptor> parse_descriptor(const std::string& directory, std::string_view version,
                                           std::string_view generation) {
  SSTableDescriptor d;
  d.directory = directory;
  d.version = std::string(version);
  auto [ptr, ec] = std::from_chars(generation.data(), generation.data() + generation.size(),
                                   d.generation);
  if (ec != std::errc() || ptr != generation.data() + generation.size() || version.size() != 2) {
    return Status::corruption("bad sstable name");
  }
  return d;
}

// Parses a log. A last line without its newline or with a bad checksum is a torn
// append (the crash came while writing it) and is ignored; damage anywhere else is
// Corruption.
Result<ParsedLog> parse(BytesView text, const std::string& directory, const std::string& path) {
  ParsedLog log;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const bool last = nl == BytesView::npos || nl + 1 == text.size();
    if (nl == BytesView::npos) break;  // torn: no newline yet
    const std::string_view line = text.substr(pos, nl - pos);
    const size_t space = line.rfind(' ');
    const std::string body(line.substr(0, space == std::string_view::npos ? 0 : space));
    const bool intact = space != std::string_view::npos &&
                        line.substr(space + 1) == std::to_string(checksum32(body));
    if (!intact) {
      if (last) break;
      return Status::corruption(path + " at offset " + std::to_string(pos) +
                                ": damaged line in a transaction log");
    }
    if (body == "commit") {
      log.committed = true;
    } else {
      const size_t s1 = body.find(' ');
      const size_t s2 = body.find(' ', s1 == std::string::npos ? 0 : s1 + 1);
      if (s1 == std::string::npos || s2 == std::string::npos) {
        return Status::corruption(path + " at offset " + std::to_string(pos) + ": bad line '" +
                                  body + "'");
      }
      const std::string_view op = std::string_view(body).substr(0, s1);
      auto d = parse_descriptor(directory, std::string_view(body).substr(s1 + 1, s2 - s1 - 1),
                                std::string_view(body).substr(s2 + 1));
      if (!d.is_ok() || (op != "add" && op != "remove")) {
        return Status::corruption(path + " at offset " + std::to_string(pos) + ": bad line '" +
                                  body + "'");
      }
      (op == "add" ? log.outputs : log.inputs).push_back(std::move(d).value());
    }
    pos = nl + 1;
  }
  return log;
}

Status delete_all(FileSystem& fs, const std::vector<SSTableDescriptor>& sstables) {
  for (const auto& d : sstables) CAIRN_RETURN_IF_ERROR(delete_sstable(fs, d));
  return Status::ok();
}

}  // namespace

TransactionLog::TransactionLog(FileSystem& fs, std::string directory, std::string path,
                               std::vector<SSTableDescriptor> inputs,
                               std::unique_ptr<WritableFile> file)
    : fs_(fs),
      directory_(std::move(directory)),
      path_(std::move(path)),
      inputs_(std::move(inputs)),
      file_(std::move(file)) {}

TransactionLog::~TransactionLog() {
  if (!done_) (void)abort();
}

Result<std::unique_ptr<TransactionLog>> TransactionLog::begin(
    FileSystem& fs, std::string directory, const std::string& name,
    const std::vector<SSTableDescriptor>& inputs) {
  const std::string path = join_path(directory, kPrefix + name + kSuffix);
  if (fs.exists(path)) return Status::already_exists(path + ": transaction already exists");
  CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_writable_file(path));
  std::string text;
  for (const auto& d : inputs) {
    text += framed("remove " + d.version + " " + std::to_string(d.generation));
  }
  CAIRN_RETURN_IF_ERROR(file->append(text));
  CAIRN_RETURN_IF_ERROR(file->sync());
  CAIRN_RETURN_IF_ERROR(fs.sync_dir(directory));
  return std::unique_ptr<TransactionLog>(
      new TransactionLog(fs, std::move(directory), path, inputs, std::move(file)));
}

Status TransactionLog::append_line(const std::string& line) {
  CAIRN_RETURN_IF_ERROR(file_->append(framed(line)));
  return file_->sync();
}

Status TransactionLog::record_new(const SSTableDescriptor& output) {
  CAIRN_RETURN_IF_ERROR(
      append_line("add " + output.version + " " + std::to_string(output.generation)));
  outputs_.push_back(output);
  return Status::ok();
}

Status TransactionLog::commit() {
  CAIRN_RETURN_IF_ERROR(append_line("commit"));
  done_ = true;
  (void)file_->close();
  CAIRN_RETURN_IF_ERROR(delete_all(fs_, inputs_));
  CAIRN_RETURN_IF_ERROR(fs_.remove_file(path_));
  return fs_.sync_dir(directory_);
}

Status TransactionLog::abort() {
  done_ = true;
  (void)file_->close();
  CAIRN_RETURN_IF_ERROR(delete_all(fs_, outputs_));
  CAIRN_RETURN_IF_ERROR(fs_.remove_file(path_));
  return fs_.sync_dir(directory_);
}

Status TransactionLog::recover(FileSystem& fs, const std::string& directory, Logger* logger) {
  CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(directory));
  for (const std::string& name : names) {
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) continue;
    const std::string path = join_path(directory, name);
    CAIRN_ASSIGN_OR_RETURN(Bytes text, read_file(fs, path));
    CAIRN_ASSIGN_OR_RETURN(ParsedLog log, parse(text, directory, path));
    if (log.committed) {
      logger->info("{}: completing a committed transaction (removing {} replaced sstables)",
                   path, log.inputs.size());
      CAIRN_RETURN_IF_ERROR(delete_all(fs, log.inputs));
    } else {
      logger->info("{}: rolling back an unfinished transaction (removing {} new sstables)", path,
                   log.outputs.size());
      CAIRN_RETURN_IF_ERROR(delete_all(fs, log.outputs));
    }
    CAIRN_RETURN_IF_ERROR(fs.remove_file(path));
    CAIRN_RETURN_IF_ERROR(fs.sync_dir(directory));
  }
  return Status::ok();
}

}  // namespace cairn
