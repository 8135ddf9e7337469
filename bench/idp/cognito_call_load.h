#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace freshauth::bench {

/// One request repeated under load: a POST of `body` (Cognito's JSON API when `amz_target` is
/// set) or a GET when `body` is empty, with an optional bearer token. An answer counts when its
/// status is 200 and its body contains `expect`.
struct LoadRequest {
  std::string url;
  std::string
      amz_target;  ///< e.g. "InitiateAuth": X-Amz-Target AWSCognitoIdentityProviderService.*
  std::string body;
  std::string bearer_token;
  std::string extra_header;  ///< "Name: value", or empty
  std::string expect;
};

struct LoadResult {
  std::int64_t answered = 0;  ///< 200 with the expected body, within the measured window
  std::int64_t failed = 0;    ///< anything else, including transport errors
  double seconds = 0;
  double server_cpu_seconds = 0;  ///< the server process's user + system time in the window
  double rate() const { return seconds > 0 ? static_cast<double>(answered) / seconds : 0; }
  /// The server's CPU time per answer: what a request costs it, whatever else shares its CPU.
  double cpu_per_answer() const {
    return answered > 0 ? server_cpu_seconds / static_cast<double>(answered) : 0;
  }
};

/// Keeps `connections` keep-alive connections busy with `request` from one thread (libcurl's
/// multi interface) for `warm_up` (not counted), then counts answers for `measure` and the CPU
/// time `server` (a process id) spent meanwhile. Requests still in flight at the end are dropped
/// uncounted.
LoadResult run_load(const LoadRequest& request, int connections, pid_t server,
                    std::chrono::milliseconds warm_up, std::chrono::milliseconds measure);

/// One request, for setting up (sign-in): the body of a 200 answer, or empty.
std::string call_once(const LoadRequest& request);

}  // namespace freshauth::bench
