#include "freshauth/server/router.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <set>

namespace freshauth::server {
namespace {

ServerResponse internal_error() {
  // The exception text may quote request data; it is not echoed to the client.
  return json_error(500, "InternalError", "the server failed to handle the request");
}

// A handler that threw after answering must not answer twice.
Responder answering_once(Responder respond) {
  return [respond = std::move(respond),
          answered = std::make_shared<std::atomic<bool>>(false)](ServerResponse response) {
    if (!answered->exchange(true)) respond(std::move(response));
  };
}

}  // namespace

void Router::add(std::string method, std::string path, Handler handler) {
  async_routes_.erase({method, path});
  exact_paths_.insert(path);
  routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

void Router::add_async(std::string method, std::string path, AsyncHandler handler) {
  routes_.erase({method, path});
  exact_paths_.insert(path);
  async_routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

void Router::add_prefix(std::string method, std::string prefix, AsyncHandler handler) {
  for (auto& route : prefixes_) {
    if (route.method == method && route.prefix == prefix) {
      route.handler = std::move(handler);
      return;
    }
  }
  std::string pattern = prefix + "*";
  prefixes_.push_back(
      {std::move(method), std::move(prefix), std::move(handler), std::move(pattern)});
}

ServerResponse Router::dispatch(const ServerRequest& request) const {
  // Shared with the responder, which an asynchronous handler may keep and call after this returns.
  struct Answer {
    std::mutex mutex;
    std::optional<ServerResponse> response;
    bool taken = false;
  };
  auto answer = std::make_shared<Answer>();
  dispatch_async(request, [answer](ServerResponse response) {
    const std::lock_guard lock{answer->mutex};
    if (!answer->taken) answer->response = std::move(response);
  });
  const std::lock_guard lock{answer->mutex};
  answer->taken = true;
  if (answer->response) return std::move(*answer->response);
  return json_error(500, "InternalError", "the handler did not answer at once");
}

void Router::dispatch_async(ServerRequest request, Responder respond) const {
  if (const auto it = routes_.find({request.method, request.path}); it != routes_.end()) {
    ServerResponse response;
    try {
      response = it->second(request);
    } catch (const std::exception&) {
      response = internal_error();
    }
    return respond(std::move(response));
  }
  const AsyncHandler* handler = nullptr;
  if (const auto it = async_routes_.find({request.method, request.path});
      it != async_routes_.end()) {
    handler = &it->second;
  } else if (const auto* prefix =
                 serves(request.path) ? nullptr : longest_prefix(request.path, request.method);
             prefix != nullptr) {
    handler = &prefix->handler;
  } else if (serves(request.path) || longest_prefix(request.path, {}) != nullptr) {
    return respond(json_error(405, "MethodNotAllowed", "method not allowed for this path"));
  } else {
    return respond(json_error(404, "NotFound", "no such endpoint"));
  }
  auto once = answering_once(std::move(respond));
  try {
    (*handler)(std::move(request), once);
  } catch (const std::exception&) {
    once(internal_error());
  }
}

// An empty `method` matches every route, whatever its method.
const Router::PrefixRoute* Router::longest_prefix(std::string_view path,
                                                  std::string_view method) const {
  const PrefixRoute* best = nullptr;
  for (const auto& route : prefixes_) {
    if (!path.starts_with(route.prefix)) continue;
    if (!method.empty() && route.method != kAnyMethod && route.method != method) continue;
    if (best == nullptr || route.prefix.size() > best->prefix.size()) best = &route;
  }
  return best;
}

bool Router::serves(std::string_view path) const { return exact_paths_.contains(path); }

std::vector<std::string> Router::paths() const {
  std::set<std::string> unique;
  for (const auto& [route, handler] : routes_) unique.insert(route.second);
  for (const auto& [route, handler] : async_routes_) unique.insert(route.second);
  return {unique.begin(), unique.end()};
}

std::vector<std::string> Router::sync_paths() const {
  std::set<std::string> unique;
  for (const auto& [route, handler] : routes_) unique.insert(route.second);
  return {unique.begin(), unique.end()};
}

std::optional<std::string> Router::pattern_for(std::string_view path) const {
  if (const auto pattern = pattern_view(path)) return std::string{*pattern};
  return std::nullopt;
}

std::optional<std::string_view> Router::pattern_view(std::string_view path) const {
  if (const auto exact = exact_paths_.find(path); exact != exact_paths_.end()) return *exact;
  if (const auto* prefix = longest_prefix(path, {})) return prefix->pattern;
  return std::nullopt;
}

void Router::wrap_each(const std::function<Handler(const std::string& path, Handler)>& wrapper) {
  for (auto& [route, handler] : routes_) handler = wrapper(route.second, std::move(handler));
}

}  // namespace freshauth::server
