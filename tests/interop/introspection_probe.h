#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

// What the introspection endpoint said about one token.
struct IntrospectionAnswer {
  bool active = false;
  nlohmann::json claims;  // every member of the answer
};

// freshauth::IntrospectionClient with client_secret_basic, behind a header that does not include
// it: verify/introspection_client.h and providers/oauth2_client.h both declare an
// `enum class freshauth::ClientAuthMethod`, so no translation unit can include both.
Result<IntrospectionAnswer> introspect(std::shared_ptr<HttpTransport> transport,
                                       const std::string& endpoint, const std::string& client_id,
                                       const std::string& client_secret, const std::string& token,
                                       const std::string& token_type_hint);

}  // namespace freshauth::testing
