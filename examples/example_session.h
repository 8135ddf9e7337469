#pragma once

// Shared by the examples: a signed-in SessionEngine over the partner API of `freshauth idp`, whose
// GET /api/user the examples call. Configure with FRESHAUTH_BASE_URL, FRESHAUTH_USERNAME,
// FRESHAUTH_PASSWORD and FRESHAUTH_PARTNER_ID.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "freshauth/freshauth.h"  // the umbrella header: everything public

namespace example {

inline std::string env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

inline std::string base_url() { return env("FRESHAUTH_BASE_URL", "http://127.0.0.1:8080"); }

// Host and port of an http://HOST:PORT base URL, for stacks that connect a socket themselves.
inline std::pair<std::string, std::string> host_and_port() {
  std::string rest = base_url();
  if (const auto scheme = rest.find("://"); scheme != std::string::npos) rest.erase(0, scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, "80"};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

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
