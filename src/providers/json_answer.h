#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "freshauth/core/authenticator.h"

// Reading a provider's JSON answers. `call` names the request in messages; bodies never appear.
namespace freshauth::detail {

// The body as a JSON object; nullopt for anything else.
std::optional<nlohmann::json> parse_json_object(const std::string& body);
// The member `name` when it is a string; nullptr otherwise.
const std::string* string_field(const nlohmann::json& object, const char* name);

// A successful answer the provider cannot use: transient, the next answer may be whole.
Error malformed_answer(const std::string& call, const std::string& what);

// {AccessToken, IdToken?, RefreshToken?, ExpiresIn?}: the token shape Cognito's
// AuthenticationResult and the partner API share.
Result<TokenGrant> parse_cognito_style_tokens(const std::string& call,
                                              const nlohmann::json& object);

}  // namespace freshauth::detail
