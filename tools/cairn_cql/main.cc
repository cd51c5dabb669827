// cairn-cql: the interactive CQL shell, called as cqlsh is.
//
//   cairn-cql [options] [HOST [PORT]]
//
// Reads statements from -e, -f, a terminal (with line editing and history through
// libedit) or piped standard input, and runs them with Shell. The exit code is 0, 1
// when the node cannot be reached, 2 for bad arguments or when any statement of a
// non-interactive run failed.
#include <editline/readline.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cql/client/client.h"
#include "cql/client/describe.h"
#include "tools/cairn_cql/shell.h"
#include "tools/cairn_cql/statement_splitter.h"

namespace cairn::tools::cql_shell {
namespace {

constexpr const char* kUsage = R"(usage: cairn-cql [options] [HOST [PORT]]

Connects to the CQL port of a Cairn (or Cassandra) node, 127.0.0.1:9042 by default,
and runs CQL statements and shell commands (USE, DESCRIBE, PAGING, EXIT).

options:
  -e, --execute STATEMENT   run STATEMENT(s) and exit
  -f, --file FILE           run the statements of FILE and exit
  -u, --username NAME       authenticate as NAME (PasswordAuthenticator)
  -p, --password PASSWORD   the password for -u
  -k, --keyspace KEYSPACE   USE KEYSPACE first
  --ssl                     connect with TLS
  --cafile FILE             CA certificate(s) the node's certificate must chain to
                            (default: $SSL_CERTFILE, else the system's CAs)
  --usercert FILE           client certificate, for nodes that require one ($SSL_USERCERT)
  --userkey FILE            its private key ($SSL_USERKEY)
  --no-verify               do not verify the node's certificate (or SSL_VALIDATE=false)
  --check-hostname          also check that the certificate names HOST
                            (or SSL_CHECK_HOSTNAME=true)
  --connect-timeout SECONDS (default 10)
  --request-timeout SECONDS how long one request may wait for its answer (default 10)
  --tty                     behave as at a terminal (prompts, paging) even when
                            standard input is not one
  -h, --help                this text
)";

struct Args {
  cql::client::ConnectionOptions connection;
  std::optional<std::string> execute;
  std::optional<std::string> file;
  std::optional<std::string> keyspace;
  int connect_timeout_s = 10;
  int request_timeout_s = 10;
  bool force_tty = false;
};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Parses argv; an error message names the argument, and sets *exit_code.
std::optional<Args> parse_args(int argc, char** argv, int* exit_code) {
  Args args;
  args.connection.driver_name = "cairn-cql";
  args.connection.tls.ca_file = env_or("SSL_CERTFILE", "");
  args.connection.tls.cert_file = env_or("SSL_USERCERT", "");
  args.connection.tls.key_file = env_or("SSL_USERKEY", "");
  const std::string validate = env_or("SSL_VALIDATE", "true");
  args.connection.tls.verify = !(validate == "false" || validate == "False" || validate == "0");
  const std::string check_hostname = env_or("SSL_CHECK_HOSTNAME", "false");
  args.connection.tls.verify_hostname =
      check_hostname == "true" || check_hostname == "True" || check_hostname == "1";
  std::vector<std::string> positional;
  auto bad = [&](const std::string& message) -> std::optional<Args> {
    std::cerr << "cairn-cql: error: " << message << "\n(cairn-cql --help shows the usage)\n";
    *exit_code = 2;
    return std::nullopt;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      *exit_code = 0;
      return std::nullopt;
    } else if (a == "-e" || a == "--execute") {
      if (!value(&v)) return bad(a + " needs a statement");
      args.execute = v;
    } else if (a == "-f" || a == "--file") {
      if (!value(&v)) return bad(a + " needs a file name");
      args.file = v;
    } else if (a == "-u" || a == "--username") {
      if (!value(&v)) return bad(a + " needs a user name");
      args.connection.username = v;
    } else if (a == "-p" || a == "--password") {
      if (!value(&v)) return bad(a + " needs a password");
      args.connection.password = v;
    } else if (a == "-k" || a == "--keyspace") {
      if (!value(&v)) return bad(a + " needs a keyspace");
      args.keyspace = v;
    } else if (a == "--ssl") {
      args.connection.tls.enabled = true;
    } else if (a == "--cafile") {
      if (!value(&v)) return bad(a + " needs a file name");
      args.connection.tls.ca_file = v;
    } else if (a == "--usercert") {
      if (!value(&v)) return bad(a + " needs a file name");
      args.connection.tls.cert_file = v;
    } else if (a == "--userkey") {
      if (!value(&v)) return bad(a + " needs a file name");
      args.connection.tls.key_file = v;
    } else if (a == "--no-verify") {
      args.connection.tls.verify = false;
    } else if (a == "--check-hostname") {
      args.connection.tls.verify_hostname = true;
    } else if (a == "--tty") {
      args.force_tty = true;
    } else if (a == "--connect-timeout" || a == "--request-timeout") {
      if (!value(&v)) return bad(a + " needs a number of seconds");
      int* seconds = a == "--connect-timeout" ? &args.connect_timeout_s : &args.request_timeout_s;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *seconds);
      if (ec != std::errc() || end != v.data() + v.size() || *seconds <= 0) {
        return bad(fmt::format("{} must be a positive number of seconds, not '{}'", a, v));
      }
    } else if (a.size() > 1 && a[0] == '-') {
      return bad(fmt::format("unknown option '{}'", a));
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() > 2) return bad(fmt::format("unexpected argument '{}'", positional[2]));
  if (!positional.empty()) args.connection.host = positional[0];
  if (positional.size() == 2) {
    const std::string& p = positional[1];
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0 || port > 65535) {
      return bad(fmt::format("PORT must be a number from 1 to 65535, not '{}'", p));
    }
    args.connection.port = static_cast<uint16_t>(port);
  }
  if (args.execute && args.file) return bad("-e and -f cannot be used together");
  if (args.connection.password.size() > 0 && !args.connection.username) {
    return bad("-p needs -u");
  }
  return args;
}

// Lines from a terminal through libedit (history in ~/.cairn_cql_history), or from
// a stream with the prompts printed (--tty over a pipe).
class LineInput {
 public:
  LineInput(bool editline, std::istream& in) : editline_(editline), in_(in) {
    if (!editline_) return;
    const char* home = std::getenv("HOME");
    if (home != nullptr) history_file_ = std::string(home) + "/.cairn_cql_history";
    using_history();
    stifle_history(1000);
    if (!history_file_.empty()) read_history(history_file_.c_str());
  }
  ~LineInput() {
    if (editline_ && !history_file_.empty()) write_history(history_file_.c_str());
  }

  std::optional<std::string> read(const std::string& prompt, bool remember) {
    if (editline_) {
      char* line = readline(prompt.c_str());
      if (line == nullptr) return std::nullopt;
      std::string text(line);
      std::free(line);
      if (remember && text.find_first_not_of(" \t") != std::string::npos) add_history(text.c_str());
      return text;
    }
    std::cout << prompt;
    std::cout.flush();
    std::string text;
    if (!std::getline(in_, text)) return std::nullopt;
    if (!prompt.empty()) std::cout << "\n";
    return text;
  }

 private:
  bool editline_;
  std::istream& in_;
  std::string history_file_;
};

// Runs every statement of `in` (non-interactive): returns the exit code.
int run_stream(Shell& shell, std::istream& in, bool run_unterminated) {
  StatementSplitter splitter;
  bool failed = false;
  std::string line;
  while (std::getline(in, line)) {
    for (const Statement& st : splitter.feed_line(line)) {
      Outcome o = shell.execute(st);
      if (o == Outcome::kExit) return failed ? 2 : 0;
      failed = failed || o == Outcome::kFailed;
    }
  }
  if (auto rest = splitter.finish()) {
    if (run_unterminated) {
      failed = shell.execute(*rest) == Outcome::kFailed || failed;
    } else {
      // Its first line is enough to find it, and keeps the error on one line.
      std::string start = rest->text.substr(0, rest->text.find('\n'));
      if (start.size() > 60) start = start.substr(0, 60);
      if (start.size() < rest->text.size()) start += "...";
      shell.fail(*rest, "Incomplete statement at end of input (no ';'): " + start);
      failed = true;
    }
  }
  return failed ? 2 : 0;
}

// Set by SIGINT at a terminal. A signal handler can only reach state of static
// storage: this flag and the pipe that wakes interruptible_getc() are the process's
// only mutable statics.
volatile std::sig_atomic_t g_interrupted = 0;
int g_signal_pipe[2] = {-1, -1};

extern "C" void on_sigint(int) {
  g_interrupted = 1;
  const char byte = 0;
  const int saved = errno;
  (void)!write(g_signal_pipe[1], &byte, 1);
  errno = saved;
}

// libedit's character source at a terminal: a byte of the input, or EOF once SIGINT
// came. It waits on the input and on the signal pipe together, so a Ctrl-C is seen
// however the signal falls against the read.
extern "C" int interruptible_getc(FILE* in) {
  const int fd = fileno(in);
  for (;;) {
    if (g_interrupted) return EOF;
    pollfd fds[2] = {{fd, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return EOF;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      char drain[64];
      (void)!read(g_signal_pipe[0], drain, sizeof drain);
      continue;
    }
    if (fds[0].revents != 0) {
      unsigned char c;
      const ssize_t n = read(fd, &c, 1);
      if (n == 1) return c;
      if (n < 0 && errno == EINTR) continue;
      return EOF;
    }
  }
}

// Ctrl-C at a terminal drops the statement being typed, as in cqlsh; a request
// already sent runs to its end. REQUIRES: before libedit is first used.
bool catch_ctrl_c() {
  if (pipe(g_signal_pipe) != 0) return false;
  for (int fd : g_signal_pipe) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  struct sigaction action = {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGINT, &action, nullptr) != 0) return false;
  rl_getc_function = interruptible_getc;
  return true;
}

int run_interactive(Shell& shell, LineInput& input) {
  StatementSplitter splitter;
  for (;;) {
    const std::string prompt =
        splitter.pending() ? "   ... "
                           : (shell.keyspace().empty() ? "cairn-cql> "
                                                       : "cairn-cql:" + shell.keyspace() + "> ");
    g_interrupted = 0;
    auto line = input.read(prompt, true);
    if (g_interrupted) {
      splitter = StatementSplitter();
      std::cout << "\n";
      continue;
    }
    if (!line) {
      std::cout << "\n";
      return 0;
    }
    for (const Statement& st : splitter.feed_line(*line)) {
      if (shell.execute(st) == Outcome::kExit) return 0;
    }
  }
}

int run(int argc, char** argv) {
  int exit_code = 0;
  auto args = parse_args(argc, argv, &exit_code);
  if (!args) return exit_code;

  std::ifstream file;
  if (args->file) {
    file.open(*args->file);
    if (!file) {
      std::cerr << "cairn-cql: error: cannot open '" << *args->file << "'\n";
      return 2;
    }
  }
  auto client = cql::client::Client::connect(args->connection,
                                             std::chrono::seconds(args->connect_timeout_s));
  if (!client.is_ok()) {
    std::cerr << "Connection error: " << client.status().message() << "\n";
    return 1;
  }
  const bool stdin_tty = isatty(STDIN_FILENO) != 0;
  const bool interactive = !args->execute && !args->file && (stdin_tty || args->force_tty);
  // Before LineInput: libedit reads rl_getc_function when it initializes.
  if (interactive && stdin_tty && !catch_ctrl_c()) {
    std::cerr << "cairn-cql: warning: Ctrl-C will end the shell (" << std::strerror(errno) << ")\n";
  }
  LineInput input(interactive && stdin_tty, std::cin);

  ShellOptions options;
  options.interactive = interactive;
  options.source = args->file ? *args->file : "<stdin>";
  options.request_timeout = std::chrono::seconds(args->request_timeout_s);
  Shell shell(**client, options, std::cout, std::cerr, [&]() {
    auto answer = input.read("---MORE---", false);
    return answer.has_value() && *answer != "q" && *answer != "Q";
  });
  if (args->keyspace) {
    Statement use{"USE " + cql::client::quote_identifier(*args->keyspace), 0, 0};
    if (shell.execute(use) != Outcome::kOk) return 2;
  }
  if (args->execute) {
    std::istringstream in(*args->execute);
    return run_stream(shell, in, true);
  }
  if (args->file) return run_stream(shell, file, false);
  if (interactive) return run_interactive(shell, input);
  return run_stream(shell, std::cin, false);
}

}  // namespace
}  // namespace cairn::tools::cql_shell

int main(int argc, char** argv) { return cairn::tools::cql_shell::run(argc, argv); }
