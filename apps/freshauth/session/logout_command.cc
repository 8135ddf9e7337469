#include "session/logout_command.h"

#include <iostream>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "session/cli_session.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "logout";

}  // namespace

int run(const LogoutOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto stores = stores_for(context, kCommand, options.profile, /*create=*/false, exit_code);
  if (!stores) return exit_code;
  const std::string profile = stores->profile.name;
  const auto nothing_to_do = [&context, &profile](SessionStore& store) {
    // Nothing to revoke; still remove what a crash may have left (an orphaned refresh token).
    if (auto cleared = store.clear(); !cleared) {
      return report_failure(context.err, kCommand, cleared.error(), profile);
    }
    context.out << "Not signed in (profile " << profile << "); nothing to do.\n";
    return kExitOk;
  };
  if (auto stored = stores->store->load(); stored && !*stored) return nothing_to_do(*stores->store);
  auto opened = open_session(std::move(*stores), context);
  if (!opened) return report_setup_failure(context, kCommand, opened.error(), profile);
  CliSession session = std::move(*opened);
  if (auto restored = restore_session(session); !restored) {
    if (restored.error().code != Errc::not_signed_in) {
      return report_failure(context.err, kCommand, restored.error(), profile);
    }
    return nothing_to_do(*session.stores.store);
  }
  if (options.everywhere) {
    if (!session.provider.cognito) {
      return report_usage(context.err, kCommand,
                          "--everywhere is Cognito's GlobalSignOut; provider " +
                              std::string{to_string(session.provider.kind)} + " has no such call");
    }
    // GlobalSignOut needs a live access token; a refresh first if the current one has expired.
    auto fresh = session.engine->try_ensure_fresh();
    if (!fresh) return report_failure(context.err, kCommand, fresh.error(), session.profile_name());
    if (auto global = session.provider.cognito->global_sign_out(fresh->access_token()); !global) {
      return report_failure(context.err, kCommand, global.error(), session.profile_name());
    }
    // Its refresh token is already revoked with all the others: only the local state is left.
    if (auto cleared = session.stores.store->clear(); !cleared) {
      return report_failure(context.err, kCommand, cleared.error(), session.profile_name());
    }
    context.out << "Signed out everywhere (profile " << session.profile_name()
                << "): every refresh token of this user is revoked at " << session.endpoint()
                << " and the local session removed.\n";
    return kExitOk;
  }
  auto signed_out = session.engine->sign_out();
  // sign_out() reports the revocation first; what decides the outcome is the local state.
  auto left = session.stores.store->load();
  if (!left) return report_failure(context.err, kCommand, left.error(), session.profile_name());
  if (*left) {
    const Error error = !signed_out ? signed_out.error()
                                    : Error{Errc::storage,
                                            "a session is still stored (did another process sign "
                                            "in meanwhile?); run logout again",
                                            {}};
    return report_failure(context.err, kCommand, error, session.profile_name());
  }
  if (!signed_out) {
    context.err << "freshauth logout: warning: could not revoke the session at "
                << session.endpoint() << " (" << signed_out.error().message
                << "). The local session is removed, but its refresh token stays valid at the "
                   "server until it expires.\n";
    context.out << "Signed out locally (profile " << session.profile_name() << ").\n";
    return kExitOk;
  }
  if (session.provider.oauth2 && !session.provider.oauth2->endpoints().revocation_endpoint) {
    context.out << "Signed out locally (profile " << session.profile_name()
                << "): " << session.endpoint()
                << " offers no revocation endpoint, so the refresh token "
                << "stays valid there until it expires.\n";
    return kExitOk;
  }
  context.out << "Signed out (profile " << session.profile_name() << "): the refresh token is "
              << "revoked at " << session.endpoint() << " and the local session removed.\n";
  return kExitOk;
}

void add_logout_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<LogoutOptions>();
  auto* logout = add_command(
      app, "logout", "Revoke the refresh token at the server and remove the local session",
      "Revoke the profile's refresh token at the server and remove the local session. If the "
      "server cannot be reached the local session is still removed and a warning says that the "
      "refresh token stays valid at the server until it expires (exit 0). Not being signed in "
      "is not an error." +
          session_exit_codes_help());
  add_profile_options(*logout, options->profile);
  logout->add_flag("--everywhere", options->everywhere,
                   "cognito: sign out on every device (GlobalSignOut), then here");
  run_on_parse(*logout, options, context, exit_code);
}

}  // namespace freshauth::cli
