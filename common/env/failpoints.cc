#include "common/env/failpoints.h"

#include <signal.h>
#include <unistd.h>

#include <sstream>

namespace cairn {

void FailPoints::arm(const std::string& name, Action action, int skip, int count) {
  std::lock_guard<std::mutex> lock(mu_);
  points_[name] = Point{action, skip, count};
  any_armed_.store(true);
}

void FailPoints::disarm_all() {
  std::lock_guard<std::mutex> lock(mu_);
  points_.clear();
  any_armed_.store(false);
}

Status FailPoints::arm_from_spec(const std::string& spec) {
  std::stringstream in(spec);
  std::string entry;
  while (std::getline(in, entry, ',')) {
    if (entry.empty()) continue;
    size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::invalid_argument("failpoint entry '" + entry + "' is not name=action");
    }
    std::string name = entry.substr(0, eq);
    std::string action = entry.substr(eq + 1);
    int skip = 0;
    size_t at = action.find('@');
    if (at != std::string::npos) {
      try {
        skip = std::stoi(action.substr(at + 1));
      } catch (const std::exception&) {
        return Status::invalid_argument("failpoint entry '" + entry + "' has a bad @count");
      }
      action = action.substr(0, at);
    }
    if (action == "kill") {
      arm(name, Action::kKill, skip);
    } else if (action == "error") {
      arm(name, Action::kError, skip);
    } else {
      return Status::invalid_argument("failpoint entry '" + entry +
                                      "': action must be kill or error");
    }
  }
  return Status::ok();
}

Status FailPoints::check_slow(const char* name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = points_.find(name);
  if (it == points_.end()) return Status::ok();
  Point& p = it->second;
  if (p.skip > 0) {
    --p.skip;
    return Status::ok();
  }
  Action action = p.action;
  if (p.count > 0 && --p.count == 0) points_.erase(it);
  if (action == Action::kKill) ::kill(::getpid(), SIGKILL);
  return Status::io_error(std::string("failpoint ") + name + " triggered");
}

}  // namespace cairn
