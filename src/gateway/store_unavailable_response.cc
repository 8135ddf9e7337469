#include "gateway/store_unavailable_response.h"

namespace freshauth::gateway {

// A Redis restart takes about a second; a client that waits longer has only lost time.
constexpr const char* kRetryAfterSeconds = "1";

server::ServerResponse store_unavailable_response() {
  server::ServerResponse response =
      server::json_error(503, "store_unavailable",
                         "the gateway cannot reach its session store just now; try again shortly");
  response.set_header("Retry-After", kRetryAfterSeconds);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace freshauth::gateway
