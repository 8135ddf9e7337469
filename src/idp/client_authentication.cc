#include "idp/client_authentication.h"

#include <sodium.h>

#include <cctype>

#include "idp/oauth2_routes.h"

namespace freshauth::idp {
namespace {

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

bool starts_with_basic(std::string_view value) {
  constexpr std::string_view kScheme = "basic ";
  if (value.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return false;
  }
  return true;
}

// "Basic base64(form-encoded id ':' form-encoded secret)"; nullopt when it is not that.
std::optional<ClientCredentials> basic_credentials(std::string_view header) {
  std::string_view encoded = header.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  const auto decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  auto id = server::percent_decode(std::string_view{*decoded}.substr(0, colon));
  auto secret = server::percent_decode(std::string_view{*decoded}.substr(colon + 1));
  if (!id || !secret || id->empty()) return std::nullopt;
  return ClientCredentials{std::move(*id), std::move(*secret)};
}

bool same_secret(const std::string& given, const std::string& expected) {
  return given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), given.size()) == 0;
}

}  // namespace

std::variant<ClientCredentials, ClientAuthFailure> client_credentials(
    const server::ServerRequest& request, const server::FormFields& fields) {
  const std::string body_id = server::form_field(fields, "client_id");
  const bool body_secret = fields.contains("client_secret");
  const auto authorization = request.header("Authorization");
  if (authorization && starts_with_basic(*authorization)) {
    auto basic = basic_credentials(*authorization);
    // RFC 6749 §2.3: a client must not use more than one authentication method per request.
    if (!basic || body_secret) return ClientAuthFailure::malformed;
    if (!body_id.empty() && body_id != basic->client_id) return ClientAuthFailure::malformed;
    return std::move(*basic);
  }
  if (body_id.empty()) return ClientAuthFailure::missing_id;
  ClientCredentials credentials{body_id, std::nullopt};
  if (body_secret) credentials.client_secret = server::form_field(fields, "client_secret");
  return credentials;
}

std::variant<AppClient, ClientAuthFailure> authenticate_client(const server::ServerRequest& request,
                                                               const server::FormFields& fields,
                                                               IdpService& service) {
  auto credentials = client_credentials(request, fields);
  if (auto* failure = std::get_if<ClientAuthFailure>(&credentials)) return *failure;
  const auto& given = std::get<ClientCredentials>(credentials);
  auto client = service.storage().clients->find(given.client_id);
  if (!client) return ClientAuthFailure::unknown;
  if (client->secret &&
      !(given.client_secret && same_secret(*given.client_secret, *client->secret))) {
    return ClientAuthFailure::unknown;
  }
  return std::move(*client);
}

std::variant<AppClient, server::ServerResponse> client_or_refusal(
    const server::ServerRequest& request, const server::FormFields& fields, IdpService& service) {
  auto client = authenticate_client(request, fields, service);
  if (auto* found = std::get_if<AppClient>(&client)) return std::move(*found);
  switch (std::get<ClientAuthFailure>(client)) {
    case ClientAuthFailure::missing_id:
      return oauth2_error(400, "invalid_request", "client_id is required");
    case ClientAuthFailure::malformed:
      return oauth2_error(400, "invalid_request",
                          "authenticate the client one way: an HTTP Basic header with the "
                          "form-encoded client_id and secret, or client_id and client_secret "
                          "in the body");
    case ClientAuthFailure::unknown:
      break;
  }
  auto response = oauth2_error(401, "invalid_client", "unknown client or wrong client_secret");
  response.set_header("WWW-Authenticate", "Basic realm=\"oauth2\"");
  return response;
}

}  // namespace freshauth::idp
