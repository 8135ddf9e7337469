#include "interop/introspection_probe.h"

#include "freshauth/verify/introspection_client.h"

namespace freshauth::testing {

Result<IntrospectionAnswer> introspect(std::shared_ptr<HttpTransport> transport,
                                       const std::string& endpoint, const std::string& client_id,
                                       const std::string& client_secret, const std::string& token,
                                       const std::string& token_type_hint) {
  IntrospectionClientOptions options;  // client_secret_basic by default
  options.endpoint = endpoint;
  options.client_id = client_id;
  options.client_secret = client_secret;
  const IntrospectionClient client(std::move(transport), std::move(options));
  auto answer = client.introspect(token, token_type_hint);
  if (!answer.ok()) return answer.error();
  return IntrospectionAnswer{.active = answer->active, .claims = answer->claims};
}

}  // namespace freshauth::testing
