#include "session/status_command.h"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "session/cli_session.h"
#include "common/command_errors.h"
#include "common/command_help.h"
#include "core/token_claims.h"
#include "common/exit_codes.h"
#include "freshauth/security/fingerprint.h"
#include "common/profile_options.h"
#include "common/time_format.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "status";

// Who the server says the token is for; the configured name when the token does not say.
std::string username_of(const Session& session, const SessionStores& stores) {
  if (auto claims = decode_claims(session.access_token); claims.ok()) {
    if (auto name = claims->payload.find("username");
        name != claims->payload.end() && name->is_string()) {
      return name->get<std::string>();
    }
  }
  return stores.settings.username.value_or("");
}

// The token's `iss` (Cognito's user pool URL, the OAuth2 issuer); the configured issuer else.
std::string issuer_of(const Session& session, const SessionStores& stores) {
  if (auto claims = decode_claims(session.access_token); claims.ok()) {
    if (auto iss = claims->payload.find("iss"); iss != claims->payload.end() && iss->is_string()) {
      return iss->get<std::string>();
    }
  }
  return stores.settings.issuer.value_or("");
}

nlohmann::json describe(const SessionStores& stores, const std::optional<Session>& session) {
  const auto kind = provider_kind(stores.settings);
  const std::string server = kind ? server_of(*kind, stores.settings) : std::string{};
  nlohmann::json out = {
      {"profile", stores.profile.name},
      {"config_file", stores.profile.config_path.string()},
      {"config_file_found", stores.profile.config_found},
      {"signed_in", session.has_value()},
      {"provider", stores.settings.provider.value_or("partner")},
      {"endpoint", server},
      {"issuer", stores.settings.issuer.value_or("")},
      {"session_file", stores.layout.session_file().string()},
      {"refresh_token_store", stores.secrets->describe()},
  };
  if (!session) return out;
  const TimePoint now = SystemClock{}.now();
  out["username"] = username_of(*session, stores);
  out["issuer"] = issuer_of(*session, stores);
  out["partner_id"] = session->partner_id;
  out["api_base"] = stores.settings.api_base.value_or(server);
  out["generation"] = session->generation;
  out["expires_at"] = iso8601_utc(session->expires_at);
  out["expires_in"] = seconds_left(session->expires_at, now);
  out["access_token_fingerprint"] = fingerprint(session->access_token);
  out["refresh_token_fingerprint"] = fingerprint(session->refresh_token);
  return out;
}

void print_line(const char* label, const std::string& value) {
  std::cout << std::left << std::setw(16) << label << value << "\n";
}

void print_text(const nlohmann::json& out, const std::optional<Session>& session) {
  print_line("Profile:", out["profile"].get<std::string>());
  if (!session) {
    print_line("Signed in:", "no; run `" + login_hint(out["profile"]) + "`");
    return;
  }
  print_line("Signed in:", "yes, as " + out["username"].get<std::string>());
  print_line("Provider:", out["provider"]);
  print_line("Server:", out["endpoint"]);
  if (!out["issuer"].get<std::string>().empty()) print_line("Issuer:", out["issuer"]);
  if (!out["partner_id"].get<std::string>().empty()) print_line("Partner id:", out["partner_id"]);
  const auto left = std::chrono::seconds{out["expires_in"].get<long long>()};
  print_line("Access token:", expires_in_words(left) + " (" + out["expires_at"].get<std::string>() +
                                  "), fingerprint " +
                                  out["access_token_fingerprint"].get<std::string>());
  print_line("Refresh token:",
             "fingerprint " + out["refresh_token_fingerprint"].get<std::string>());
  print_line("Generation:", std::to_string(out["generation"].get<std::uint64_t>()));
  print_line("Session file:", out["session_file"]);
  print_line("Secret store:", out["refresh_token_store"]);
}

}  // namespace

int run_status(const StatusOptions& options, const Environment& env) {
  int exit_code = kExitOk;
  auto stores = stores_for(kCommand, options.profile, env, /*create=*/false, exit_code);
  if (!stores) return exit_code;
  auto loaded = stores->store->load();
  if (!loaded) return report_failure(kCommand, loaded.error(), stores->profile.name);
  const nlohmann::json out = describe(*stores, *loaded);
  if (options.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    print_text(out, *loaded);
  }
  return loaded->has_value() ? kExitOk : kExitNotSignedIn;
}

void add_status_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StatusOptions>();
  auto* status = add_command(
      app, "status", "Show whether the profile is signed in, as whom, and until when",
      "Show whether the profile is signed in, as whom, at which provider and issuer, when the "
      "access token expires, token fingerprints (first 8 hex digits of SHA-256), the partner "
      "id, the session generation and "
      "where the session and the refresh token are stored. Never prints a token; never refreshes "
      "or calls the server. Exits 3 when not signed in." +
          std::string{kSessionExitCodesHelp});
  add_profile_options(*status, options->profile);
  status->add_flag("--json", options->json, "Print the status as a JSON object");
  status->callback(
      [options, &exit_code] { exit_code = run_status(*options, process_environment()); });
}

}  // namespace freshauth::cli
