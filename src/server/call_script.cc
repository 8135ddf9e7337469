#include "server/call_script.h"

#include <stdexcept>

namespace freshauth::server {
namespace {

std::string header_or_empty(const ServerRequest& request, std::string_view name) {
  return request.header(name).value_or("");
}

}  // namespace

void CallScript::set_served(std::vector<std::string> paths) {
  const std::lock_guard lock{mutex_};
  served_ = {paths.begin(), paths.end()};
}

void CallScript::add(const std::string& path, ScriptedReply reply, bool sticky) {
  const std::lock_guard lock{mutex_};
  if (!served_.empty() && served_.count(path) == 0) {
    throw std::invalid_argument("fault script: no route serves " + path);
  }
  if (reply.gate) gates_.push_back(reply.gate);
  if (sticky) {
    sticky_[path] = std::move(reply);
  } else {
    once_[path].push_back(std::move(reply));
  }
}

std::optional<ScriptedReply> CallScript::take(const std::string& path,
                                              const ServerRequest& request) {
  const std::lock_guard lock{mutex_};
  calls_[path].push_back({request.method, request.path, request.body,
                          header_or_empty(request, "Authorization"),
                          header_or_empty(request, "X-Preferred-Partner-Id")});
  called_.notify_all();
  if (auto it = once_.find(path); it != once_.end() && !it->second.empty()) {
    ScriptedReply reply = std::move(it->second.front());
    it->second.pop_front();
    return reply;
  }
  if (auto it = sticky_.find(path); it != sticky_.end()) return it->second;
  return std::nullopt;
}

int CallScript::calls(const std::string& path) const {
  const std::lock_guard lock{mutex_};
  const auto it = calls_.find(path);
  return it == calls_.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<RecordedCall> CallScript::recorded(const std::string& path) const {
  const std::lock_guard lock{mutex_};
  const auto it = calls_.find(path);
  return it == calls_.end() ? std::vector<RecordedCall>{} : it->second;
}

bool CallScript::wait_for_calls(const std::string& path, int count,
                                std::chrono::milliseconds deadline) const {
  std::unique_lock lock{mutex_};
  return called_.wait_for(lock, deadline, [&] {
    const auto it = calls_.find(path);
    return it != calls_.end() && static_cast<int>(it->second.size()) >= count;
  });
}

void CallScript::open_gates() {
  std::vector<std::shared_ptr<FaultGate>> gates;
  {
    const std::lock_guard lock{mutex_};
    gates = gates_;
  }
  for (const auto& gate : gates) gate->open();
}

ServerResponse scripted_answer(const ScriptedReply& reply, const ServerRequest& request,
                               const Handler& handler) {
  if (reply.gate) reply.gate->pass();
  ServerResponse response;
  if (reply.body) {
    response.body = *reply.body;
    response.set_header("Content-Type", "application/json");
  } else {
    response = handler(request);
  }
  if (reply.status) response.status = *reply.status;
  if (reply.retry_after) response.set_header("Retry-After", *reply.retry_after);
  switch (reply.delivery) {
    case ScriptedReply::Delivery::whole:
      break;
    case ScriptedReply::Delivery::truncated_body:
      response.cut_body_at = response.body.size() / 2;
      break;
    case ScriptedReply::Delivery::drop_after_headers:
      response.cut_body_at = 0;
      break;
  }
  return response;
}

}  // namespace freshauth::server
