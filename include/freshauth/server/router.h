#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

using Handler = std::function<ServerResponse(const ServerRequest&)>;

// Exact method + path routing. Unknown paths answer 404, known paths with another method 405,
// both as JSON errors. A handler that throws answers 500 instead of taking the server down.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  ServerResponse dispatch(const ServerRequest& request) const;

 private:
  std::map<std::pair<std::string, std::string>, Handler> routes_;
};

}  // namespace freshauth::server
