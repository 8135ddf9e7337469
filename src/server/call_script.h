#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "freshauth/server/router.h"
#include "freshauth/server/scripted_reply.h"

namespace freshauth::server {

// FaultPlan's scripted side: replies queued per route path (one-shot, then sticky), the calls
// each route received, and the gates those replies hold calls at. Thread-safe.
class CallScript {
 public:
  // The paths the router serves: scripting any other path is a mistake reported at once.
  void set_served(std::vector<std::string> paths);
  void add(const std::string& path, ScriptedReply reply, bool sticky);
  // Records the call and hands out the reply scripted for it, if any.
  std::optional<ScriptedReply> take(const std::string& path, const ServerRequest& request);

  int calls(const std::string& path) const;
  std::vector<RecordedCall> recorded(const std::string& path) const;
  bool wait_for_calls(const std::string& path, int count, std::chrono::milliseconds deadline) const;
  void open_gates();

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable called_;
  std::set<std::string> served_;
  std::map<std::string, std::deque<ScriptedReply>> once_;
  std::map<std::string, ScriptedReply> sticky_;
  std::map<std::string, std::vector<RecordedCall>> calls_;
  std::vector<std::shared_ptr<FaultGate>> gates_;
};

// The answer `reply` gives, running `handler` when the reply keeps the handler's body.
ServerResponse scripted_answer(const ScriptedReply& reply, const ServerRequest& request,
                               const Handler& handler);

}  // namespace freshauth::server
