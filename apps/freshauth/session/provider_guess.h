#pragma once

#include <optional>
#include <string>

#include "freshauth/credentials/profile_settings.h"
#include "freshauth/credentials/session_provider.h"

namespace freshauth::cli {

// After a sign-in failed in a way that suggests the wrong protocol: asks the server, briefly,
// whether it speaks one of the other providers (an OpenID discovery document, Cognito's
// X-Amz-Target JSON API, the partner /auth API) and returns the setting to try, if any.
std::optional<std::string> guess_provider_hint(ProviderKind tried, const ProfileSettings& settings);

}  // namespace freshauth::cli
