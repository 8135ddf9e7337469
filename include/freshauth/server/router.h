#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

using Handler = std::function<ServerResponse(const ServerRequest&)>;

/// Exact method + path routing. Unknown paths answer 404, known paths with another method 405,
/// both as JSON errors. A handler that throws answers 500 instead of taking the server down.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  ServerResponse dispatch(const ServerRequest& request) const;

  bool serves(const std::string& path) const;
  std::vector<std::string> paths() const;  ///< sorted, each once
  /// Replaces every handler by wrapper(path, handler): behaviour added to all routes at once, so
  /// no route can forget it (see FaultPlan::apply_to).
  void wrap_each(const std::function<Handler(const std::string& path, Handler)>& wrapper);

 private:
  std::map<std::pair<std::string, std::string>, Handler> routes_;
};

}  // namespace freshauth::server
