#pragma once

#include <memory>
#include <optional>
#include <string>

#include "freshauth/server/fault_gate.h"

namespace freshauth::server {

/// How one call to a route is answered instead of (or on top of) its handler: FaultPlan::script.
struct ScriptedReply {
  /// How much of the answer reaches the client.
  enum class Delivery {
    whole,
    truncated_body,      ///< the whole body announced, half of it sent, then the connection closed
    drop_after_headers,  ///< the headers sent, then the connection closed
  };

  std::optional<int> status;        ///< default: the handler's
  std::optional<std::string> body;  ///< default: the handler's; when set the handler does not run
  std::optional<std::string> retry_after;  ///< sent as the Retry-After header
  Delivery delivery = Delivery::whole;
  /// The call waits here before it is answered (see FaultGate).
  std::shared_ptr<FaultGate> gate;
};

/// What a route received, as FaultPlan records it once scripting is on.
struct RecordedCall {
  std::string method;
  std::string path;
  std::string body;
  std::string authorization;  ///< the Authorization header, empty when absent
  std::string partner_id;     ///< the X-Preferred-Partner-Id header, empty when absent
};

}  // namespace freshauth::server
