#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "freshauth/server/async_handler.h"
#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

using Handler = std::function<ServerResponse(const ServerRequest&)>;

/// The method of a prefix route that takes every method.
inline constexpr std::string_view kAnyMethod = "*";

/// Method + path routing. Exact routes (`add`, `add_async`) win over prefix routes; among prefix
/// routes the longest prefix wins. Unknown paths answer 404, known paths with another method 405,
/// both as JSON errors. A handler that throws answers 500 instead of taking the server down.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  void add_async(std::string method, std::string path, AsyncHandler handler);
  /// Every path that starts with `prefix` ("/api/" serves "/api/x/y", not "/api"), for `method`
  /// or, with kAnyMethod, for every method.
  void add_prefix(std::string method, std::string prefix, AsyncHandler handler);

  /// The answer given before the handler returned (always, for a synchronous route); 500 when
  /// an asynchronous handler answers only later. For tests of handlers.
  ServerResponse dispatch(const ServerRequest& request) const;
  /// Any route; `respond` is called exactly once unless an asynchronous handler never answers.
  void dispatch_async(ServerRequest request, Responder respond) const;

  /// Paths of exact routes, synchronous or not.
  bool serves(std::string_view path) const;
  std::vector<std::string> paths() const;  ///< sorted, each once
  /// Paths of synchronous routes: the ones wrap_each reaches.
  std::vector<std::string> sync_paths() const;
  /// The route serving `path`, as a bounded metrics label: the path of an exact route, a prefix
  /// followed by "*", or nothing.
  std::optional<std::string> pattern_for(std::string_view path) const;
  /// The same without a copy: a view of the router's own text, valid as long as the router.
  std::optional<std::string_view> pattern_view(std::string_view path) const;
  /// Replaces every synchronous handler by wrapper(path, handler): behaviour added to all routes
  /// at once, so no route can forget it (see FaultPlan::apply_to).
  void wrap_each(const std::function<Handler(const std::string& path, Handler)>& wrapper);

 private:
  struct PrefixRoute {
    std::string method;
    std::string prefix;
    AsyncHandler handler;
    std::string pattern;  // prefix + "*"
  };
  const PrefixRoute* longest_prefix(std::string_view path, std::string_view method) const;

  std::map<std::pair<std::string, std::string>, Handler> routes_;
  std::map<std::pair<std::string, std::string>, AsyncHandler> async_routes_;
  std::vector<PrefixRoute> prefixes_;
  std::set<std::string, std::less<>> exact_paths_;  // of routes_ and async_routes_
};

}  // namespace freshauth::server
