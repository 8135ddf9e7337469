#include "flows/redirect_callback.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "flows/callback_page.h"
#include "freshauth/server/form_body.h"

namespace freshauth::detail {
namespace {

constexpr const char* kCall = "browser sign-in";
constexpr const char* kStartAgain = "Start the sign-in again from the terminal.";

bool same_state(const std::string& given, const std::string& expected) {
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

// RFC 6749 error codes are printable ASCII; only the usual lower-case ones are echoed.
bool printable_code(const std::string& code) {
  return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
}

RedirectCallback refused(Error error, int status, const std::string& heading,
                         const std::string& sentence) {
  return {std::move(error), callback_page(status, heading, sentence)};
}

RedirectCallback server_refusal(const std::string& error_code) {
  const std::string shown = printable_code(error_code) ? error_code : "an unknown error";
  const std::string said =
      std::string{kCall} + ": the server answered the authorization with " + shown;
  if (error_code == "access_denied") {
    return refused(
        {Errc::invalid_credentials, said + ": the sign-in was refused or cancelled", {}}, 200,
        "Sign-in refused",
        "The server refused or cancelled the sign-in (access_denied). " + std::string{kStartAgain});
  }
  if (error_code == "temporarily_unavailable" || error_code == "server_error") {
    return refused({Errc::transient, said + ": try again later", {}}, 200, "Sign-in failed",
                   "The server could not sign you in right now (" + shown + "). Try again later.");
  }
  return refused({Errc::invalid_argument,
                  said + ": check the client's registration (the redirect URI "
                         "http://127.0.0.1/callback, PKCE S256, the scopes, the code grant)",
                  {}},
                 200, "Sign-in failed",
                 "The server refused the request (" + shown +
                     "); the client's registration may need a change. " + kStartAgain);
}

}  // namespace

RedirectCallback interpret_redirect(const std::string& query, const std::string& expected_state) {
  const auto fields = server::parse_form_fields(query);
  if (!fields || !same_state(server::form_field(*fields, "state"), expected_state)) {
    return refused({Errc::invalid_argument,
                    std::string{kCall} +
                        ": the redirect's state does not match the sign-in in progress (an old "
                        "browser tab, or a forged request); it was refused; sign in again",
                    {}},
                   400, "Sign-in refused",
                   "This response does not belong to the sign-in in progress, so it was "
                   "refused. " +
                       std::string{kStartAgain});
  }
  if (const std::string error = server::form_field(*fields, "error"); !error.empty()) {
    return server_refusal(error);
  }
  std::string code = server::form_field(*fields, "code");
  if (code.empty()) {
    return refused(
        {Errc::invalid_argument,
         std::string{kCall} + ": the redirect carries neither a code nor an error",
         {}},
        400, "Sign-in failed",
        "The server's answer carried no authorization code. " + std::string{kStartAgain});
  }
  return {std::move(code),
          callback_page(200, "Authorization received",
                        "You can close this window; the terminal finishes signing in.")};
}

}  // namespace freshauth::detail
