#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/server/http_server.h"

namespace freshauth::testing {

// What the BFF gateway stands in front of in the browser test: the single-page app (served on a
// route without a session, /app/), its JSON API (/api/, refused with 401 once the bearer token's
// exp has passed on the clock, as a real API would) and, for the test script only and never
// through the gateway, /__stats: what it was sent.
class SpaUpstream {
 public:
  explicit SpaUpstream(std::shared_ptr<const Clock> clock);
  Result<void> start();
  std::string url() const;
  void stop();

 private:
  server::ServerResponse app_page(const server::ServerRequest& request);
  server::ServerResponse api(const server::ServerRequest& request);
  nlohmann::json stats() const;

  std::shared_ptr<const Clock> clock_;
  mutable std::mutex mutex_;
  int pages_served_ = 0;
  int pages_with_credentials_ = 0;  // an Authorization or Cookie header on the public route
  int api_answered_ = 0;
  int api_refused_ = 0;
  int api_with_browser_headers_ = 0;  // a Cookie or the CSRF marker reached the API
  std::set<std::string> tokens_;      // held in memory only, to count them
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace freshauth::testing
