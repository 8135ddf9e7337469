#pragma once

#include <memory>
#include <string>

#include "freshauth/server/http_server.h"

namespace freshauth::testing {

// Another site, as the browser sees it: its page, opened as http://localhost:PORT while the
// gateway is http://127.0.0.1:PORT, calls the gateway with the browser's credentials. The test
// script runs its two attempts (window.otherSite) and checks that neither gets anywhere.
class OtherSite {
 public:
  explicit OtherSite(std::string gateway_origin);
  Result<void> start();
  std::string url() const;  ///< on "localhost": another site than the gateway's 127.0.0.1
  void stop();

 private:
  std::string gateway_origin_;
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace freshauth::testing
