// chat_transcripts: a chat server's transcript store, built on the embedded Cairn Database.
//
// A chat service saves every message the moment it is sent, so that a transcript
// survives a crash of the server, and reads transcripts back whole (for an agent
// taking over a conversation) or only their tail (for a preview). This example does
// that against a real data directory:
//
//   1. opens the database and creates, if missing, the keyspace and the table
//        CREATE TABLE chat.transcripts (session_id uuid, message_id timeuuid,
//            author text, body text, PRIMARY KEY (session_id, message_id))
//            WITH default_time_to_live = 2592000;  -- 30 days
//   2. appends the messages of two conversations, interleaved as they arrive;
//   3. reads one transcript whole, oldest first, and its last two messages, newest first;
//   4. closes the database, opens it again and reads both transcripts back (they were
//      made durable by the commitlog and the flush on close);
//   5. prints the transcript.
//
// It checks everything it reads and exits 1 if a message is missing or out of order,
// so it doubles as a test (ctest -R example_chat_transcripts).
//
//   build/bin/chat_transcripts [--data-dir ./data]
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/env/random.h"
#include "model/uuid.h"
#include "storage/database.h"

namespace cairn::example {
namespace {

constexpr int32_t kThirtyDaysSeconds = 30 * 24 * 3600;

// A message as the chat server hands it to the store.
struct Message {
  std::string author;
  std::string body;
};

// A message as the store gives it back.
struct StoredMessage {
  Uuid id;  // a timeuuid: when it was sent, and the row's place in the transcript
  std::string author;
  std::string body;
};

// Step 1: the schema. IF NOT EXISTS makes a second run against the same directory
// reuse what the first one created.
Result<TableSchemaRef> create_schema(Database& db) {
  KeyspaceSchema chat;  // SimpleStrategy, replication_factor 1: a single embedded node
  chat.name = "chat";
  CAIRN_RETURN_IF_ERROR(db.create_keyspace(chat, /*if_not_exists=*/true));

  TableOptions options;
  options.default_time_to_live = kThirtyDaysSeconds;  // transcripts expire on their own
  CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table,
                         TableSchema::Builder("chat", "transcripts")
                             .partition_key("session_id", CqlType::uuid())
                             .clustering("message_id", CqlType::timeuuid())
                             .regular("author", CqlType::text())
                             .regular("body", CqlType::text())
                             .options(options)
                             .build());
  return db.create_table(table, /*if_not_exists=*/true);
}

// What the chat server wraps around the database: one partition per session, one row
// per message, rows ordered by message_id, i.e. by time.
class TranscriptStore {
 public:
  TranscriptStore(Database& db, TableSchemaRef table, RandomSource& random)
      : db_(db), table_(std::move(table)), random_(random) {}

  // Step 2: saves one message. When this returns OK the message is durable (the
  // database runs with commitlog_sync: group, see open_database).
  Status append(const Uuid& session, const Message& message) {
    // Message ids come from the clock, forced strictly increasing so that two
    // messages saved within one microsecond still keep the order they were sent in.
    int64_t now = db_.now_micros();
    last_micros_ = std::max(now, last_micros_ + 1);
    Uuid message_id = Uuid::time_based(last_micros_, random_);

    MutationBuilder m(*table_, {values::from_uuid(session.to_bytes())}, now,
                      static_cast<int32_t>(now / 1'000'000));
    m.row({values::from_uuid(message_id.to_bytes())})
        .marker()  // as INSERT does: the row exists even if a column is null
        .set("author", values::from_text(message.author))
        .set("body", values::from_text(message.body));
    CAIRN_ASSIGN_OR_RETURN(Mutation mutation, m.build());
    return db_.apply(mutation).status();
  }

  // Step 3: the whole transcript, oldest message first.
  Result<std::vector<StoredMessage>> transcript(const Uuid& session) {
    CAIRN_ASSIGN_OR_RETURN(PartitionRead read, read_of(session));
    return run(read);
  }

  // Step 3: the newest `n` messages, newest first (SELECT ... ORDER BY message_id DESC
  // LIMIT n): the read walks the partition backwards and stops after n rows.
  Result<std::vector<StoredMessage>> latest(const Uuid& session, size_t n) {
    CAIRN_ASSIGN_OR_RETURN(PartitionRead read, read_of(session));
    read.reversed = true;
    read.row_limit = n;
    return run(read);
  }

 private:
  Result<PartitionRead> read_of(const Uuid& session) {
    CAIRN_ASSIGN_OR_RETURN(DecoratedKey key,
                           make_partition_key(*table_, {values::from_uuid(session.to_bytes())}));
    return PartitionRead{std::move(key)};
  }

  Result<std::vector<StoredMessage>> run(const PartitionRead& read) {
    CAIRN_ASSIGN_OR_RETURN(auto partition, db_.read(*table_, read));
    std::vector<StoredMessage> messages;
    if (!partition) return messages;  // no such session (or it expired)
    for (const Row& row : partition->rows) {
      CAIRN_ASSIGN_OR_RETURN(Uuid id, Uuid::from_bytes(row.clustering.at(0)));
      messages.push_back({id, column_value(*table_, row, "author").value_or(""),
                          column_value(*table_, row, "body").value_or("")});
    }
    return messages;
  }

  Database& db_;
  TableSchemaRef table_;
  RandomSource& random_;
  int64_t last_micros_ = 0;
};

Result<std::unique_ptr<Database>> open_database(const std::string& data_dir, Logger* logger) {
  DatabaseOptions options;
  options.data_directory = data_dir;
  // A chat server acknowledges a message to the user only after saving it: with
  // `group`, apply() returns once an fsync covers the write, so an acknowledged message
  // survives even a power cut. (`periodic` would survive a crashed process only.)
  options.commitlog_sync = CommitLogSync::kGroup;
  options.logger = logger;
  return Database::open(options);
}

// --- checking what came back (this is what makes the example a test) ---

class Checks {
 public:
  void expect_messages(std::string_view what, const std::vector<StoredMessage>& got,
                       const std::vector<Message>& want) {
    bool same = got.size() == want.size();
    for (size_t i = 0; same && i < got.size(); ++i) {
      same = got[i].author == want[i].author && got[i].body == want[i].body;
    }
    if (same) return;
    ++failures_;
    std::fprintf(stderr, "FAILED: %.*s: got %zu messages, want %zu\n",
                 static_cast<int>(what.size()), what.data(), got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      std::fprintf(stderr, "  got[%zu]  %s: %s\n", i, got[i].author.c_str(), got[i].body.c_str());
    }
    for (size_t i = 0; i < want.size(); ++i) {
      std::fprintf(stderr, "  want[%zu] %s: %s\n", i, want[i].author.c_str(),
                   want[i].body.c_str());
    }
  }
  int failures() const { return failures_; }

 private:
  int failures_ = 0;
};

// The newest messages of `all`, newest first: what latest() must return.
std::vector<Message> newest_first(const std::vector<Message>& all, size_t n) {
  n = std::min(n, all.size());
  return std::vector<Message>(all.rbegin(), all.rbegin() + static_cast<std::ptrdiff_t>(n));
}

void print_transcript(const Uuid& session, const std::vector<StoredMessage>& messages) {
  std::printf("transcript of session %s (%zu messages)\n", session.to_string().c_str(),
              messages.size());
  for (const StoredMessage& m : messages) {
    std::time_t seconds = static_cast<std::time_t>(m.id.unix_micros() / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &utc);
    std::printf("  %s UTC  %-9s %s\n", when, m.author.c_str(), m.body.c_str());
  }
}

// Turns an error from the database into a message and exit status 1.
int report(std::string_view step, const Status& s) {
  std::fprintf(stderr, "chat_transcripts: %.*s: %s\n", static_cast<int>(step.size()), step.data(),
               s.to_string().c_str());
  return 1;
}

int run(const std::string& data_dir) {
  Logger logger(LogLevel::kWarn);  // keep the engine quiet unless something is wrong
  RandomSource random(std::random_device{}());
  Checks checks;

  // Every run starts new conversations with fresh random ids, as the server would, so
  // running the example again on the same directory adds sessions and never mixes
  // them up with the ones from earlier runs.
  const Uuid support = Uuid::random(random);
  const Uuid sales = Uuid::random(random);
  const std::vector<Message> support_messages = {
      {"customer", "Hi, my order #4412 has not arrived yet."},
      {"agent", "Sorry to hear that! Let me look it up."},
      {"agent", "It left the warehouse yesterday; it should arrive tomorrow."},
      {"customer", "Great, thank you!"},
  };
  const std::vector<Message> sales_messages = {
      {"visitor", "Do you ship to Canada?"},
      {"bot", "Yes, shipping to Canada takes 3 to 5 business days."},
  };

  {
    auto db = open_database(data_dir, &logger);
    if (!db.is_ok()) return report("opening " + data_dir, db.status());
    auto table = create_schema(**db);
    if (!table.is_ok()) return report("creating the schema", table.status());
    TranscriptStore store(**db, *table, random);

    // Messages of the two conversations arrive interleaved.
    const std::vector<std::pair<const Uuid*, const Message*>> arrivals = {
        {&support, &support_messages[0]}, {&sales, &sales_messages[0]},
        {&support, &support_messages[1]}, {&support, &support_messages[2]},
        {&sales, &sales_messages[1]},     {&support, &support_messages[3]},
    };
    for (const auto& [session, message] : arrivals) {
      if (Status s = store.append(*session, *message); !s.is_ok()) return report("appending", s);
    }

    auto whole = store.transcript(support);
    if (!whole.is_ok()) return report("reading a transcript", whole.status());
    checks.expect_messages("support transcript", *whole, support_messages);
    auto tail = store.latest(support, 2);
    if (!tail.is_ok()) return report("reading the latest messages", tail.status());
    checks.expect_messages("latest 2 support messages", *tail, newest_first(support_messages, 2));

    // Close as a server does on shutdown: memtables are flushed to sstables.
    if (Status s = (*db)->close(); !s.is_ok()) return report("closing", s);
  }

  // Step 4: a restarted server finds the schema and every saved message.
  auto db = open_database(data_dir, &logger);
  if (!db.is_ok()) return report("reopening " + data_dir, db.status());
  TableSchemaRef table = (*db)->find_table("chat", "transcripts");
  if (table == nullptr) return report("reopening", Status::not_found("chat.transcripts is gone"));
  TranscriptStore store(**db, table, random);
  auto support_again = store.transcript(support);
  if (!support_again.is_ok()) return report("rereading a transcript", support_again.status());
  checks.expect_messages("support transcript after reopening", *support_again, support_messages);
  auto sales_again = store.transcript(sales);
  if (!sales_again.is_ok()) return report("rereading a transcript", sales_again.status());
  checks.expect_messages("sales transcript after reopening", *sales_again, sales_messages);

  // Step 5.
  print_transcript(support, *support_again);
  if (Status s = (*db)->close(); !s.is_ok()) return report("closing", s);
  if (checks.failures() > 0) {
    std::fprintf(stderr, "chat_transcripts: %d check(s) failed\n", checks.failures());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace cairn::example

int main(int argc, char** argv) {
  std::string data_dir = "./data";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--data-dir" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (arg.starts_with("--data-dir=")) {
      data_dir = std::string(arg.substr(std::string_view("--data-dir=").size()));
    } else {
      bool help = arg == "--help" || arg == "-h";
      std::fprintf(help ? stdout : stderr,
                   "usage: chat_transcripts [--data-dir DIR]   (default ./data)\n");
      return help ? 0 : 2;
    }
  }
  return cairn::example::run(data_dir);
}
