#pragma once

#include <string>

#include "freshauth/core/error.h"
#include "freshauth/server/server_response.h"

namespace freshauth::detail {

// What one redirect to the loopback listener means (RFC 6749 §4.1.2): the authorization code,
// or the Error to fail the sign-in with; and the page the browser gets either way.
struct RedirectCallback {
  Result<std::string> code;
  server::ServerResponse page;
};

// `query` is the callback's raw query string. A state other than `expected_state` is refused
// before anything else is looked at: the response belongs to another sign-in, or to a forger.
RedirectCallback interpret_redirect(const std::string& query, const std::string& expected_state);

}  // namespace freshauth::detail
