#include "session/status_command.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "common/time_format.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/security/fingerprint.h"
#include "session/cli_session.h"

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

nlohmann::json describe(const SessionStores& stores, const std::optional<Session>& session,
                        TimePoint now) {
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

void print_line(std::ostream& out, const char* label, const std::string& value) {
  out << std::left << std::setw(16) << label << value << "\n";
}

void print_text(std::ostream& out, const nlohmann::json& status,
                const std::optional<Session>& session) {
  print_line(out, "Profile:", status["profile"].get<std::string>());
  if (!session) {
    print_line(out, "Signed in:", "no; run `" + login_hint(status["profile"]) + "`");
    return;
  }
  print_line(out, "Signed in:", "yes, as " + status["username"].get<std::string>());
  print_line(out, "Provider:", status["provider"]);
  print_line(out, "Server:", status["endpoint"]);
  if (!status["issuer"].get<std::string>().empty()) print_line(out, "Issuer:", status["issuer"]);
  if (!status["partner_id"].get<std::string>().empty())
    print_line(out, "Partner id:", status["partner_id"]);
  const auto left = std::chrono::seconds{status["expires_in"].get<long long>()};
  print_line(out, "Access token:",
             expires_in_words(left) + " (" + status["expires_at"].get<std::string>() +
                 "), fingerprint " + status["access_token_fingerprint"].get<std::string>());
  print_line(out, "Refresh token:",
             "fingerprint " + status["refresh_token_fingerprint"].get<std::string>());
  print_line(out, "Generation:", std::to_string(status["generation"].get<std::uint64_t>()));
  print_line(out, "Session file:", status["session_file"]);
  print_line(out, "Secret store:", status["refresh_token_store"]);
}

}  // namespace

int run(const StatusOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto stores = stores_for(context, kCommand, options.profile, /*create=*/false, exit_code);
  if (!stores) return exit_code;
  auto loaded = stores->store->load();
  if (!loaded) return report_failure(context.err, kCommand, loaded.error(), stores->profile.name);
  const nlohmann::json status = describe(*stores, *loaded, context.clock->now());
  if (options.json) {
    context.out << status.dump(2) << "\n";
  } else {
    print_text(context.out, status, *loaded);
  }
  return loaded->has_value() ? kExitOk : kExitNotSignedIn;
}

void add_status_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<StatusOptions>();
  auto* status = add_command(
      app, "status", "Show whether the profile is signed in, as whom, and until when",
      "Show whether the profile is signed in, as whom, at which provider and issuer, when the "
      "access token expires, token fingerprints (first 8 hex digits of SHA-256), the partner "
      "id, the session generation and "
      "where the session and the refresh token are stored. Never prints a token; never refreshes "
      "or calls the server. Exits 3 when not signed in." +
          session_exit_codes_help());
  add_profile_options(*status, options->profile);
  status->add_flag("--json", options->json, "Print the status as a JSON object");
  run_on_parse(*status, options, context, exit_code);
}

}  // namespace freshauth::cli
