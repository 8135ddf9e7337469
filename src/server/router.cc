#include "freshauth/server/router.h"

#include <exception>
#include <set>

namespace freshauth::server {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_[{std::move(method), std::move(path)}] = std::move(handler);
}

ServerResponse Router::dispatch(const ServerRequest& request) const {
  const auto it = routes_.find({request.method, request.path});
  if (it == routes_.end()) {
    for (const auto& [route, handler] : routes_) {
      if (route.second == request.path) {
        return json_error(405, "MethodNotAllowed", "method not allowed for this path");
      }
    }
    return json_error(404, "NotFound", "no such endpoint");
  }
  try {
    return it->second(request);
  } catch (const std::exception&) {
    // The exception text may quote request data; it is not echoed to the client.
    return json_error(500, "InternalError", "the server failed to handle the request");
  }
}

bool Router::serves(const std::string& path) const {
  for (const auto& [route, handler] : routes_) {
    if (route.second == path) return true;
  }
  return false;
}

std::vector<std::string> Router::paths() const {
  std::set<std::string> unique;
  for (const auto& [route, handler] : routes_) unique.insert(route.second);
  return {unique.begin(), unique.end()};
}

void Router::wrap_each(const std::function<Handler(const std::string& path, Handler)>& wrapper) {
  for (auto& [route, handler] : routes_) handler = wrapper(route.second, std::move(handler));
}

}  // namespace freshauth::server
