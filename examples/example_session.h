#pragma once

// Shared by the examples: a signed-in SessionEngine over the partner API. Configure with
// FRESHAUTH_BASE_URL, FRESHAUTH_USERNAME, FRESHAUTH_PASSWORD and FRESHAUTH_PARTNER_ID.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "freshauth/core/session_engine.h"
#include "freshauth/providers/partner_authenticator.h"

namespace example {

inline std::string env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

inline std::string base_url() { return env("FRESHAUTH_BASE_URL", "http://127.0.0.1:8080"); }

// A signed-in engine, or nullptr after printing why not (never the password).
inline std::unique_ptr<freshauth::SessionEngine> signed_in_engine() {
  auto engine =
      std::make_unique<freshauth::SessionEngine>(std::make_shared<freshauth::PartnerAuthenticator>(
          freshauth::PartnerAuthenticatorOptions{base_url(), /*service_account=*/true, nullptr}));
  auto signed_in =
      engine->sign_in({env("FRESHAUTH_USERNAME", "service"), env("FRESHAUTH_PASSWORD", "")},
                      {env("FRESHAUTH_PARTNER_ID", "partner-1"), std::nullopt, std::nullopt});
  if (!signed_in) {
    std::cerr << "sign-in failed: " << signed_in.error().describe() << "\n";
    return nullptr;
  }
  return engine;
}

}  // namespace example
