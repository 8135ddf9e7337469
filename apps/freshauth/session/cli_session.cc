#include "session/cli_session.h"

#include "common/command_errors.h"
#include "common/exit_codes.h"

namespace freshauth::cli {

RefreshPolicy command_line_refresh_policy() {
  RefreshPolicy policy;
  policy.serve_current_in_soft_window = false;
  return policy;
}

Result<CliSession> open_session(SessionStores stores) {
  DefaultSessionOptions options;
  options.engine.policy = command_line_refresh_policy();
  return freshauth::open_session(std::move(stores), std::move(options));
}

int report_setup_failure(std::string_view command, const Error& error, const std::string& profile) {
  if (error.code == Errc::invalid_argument) return report_usage(command, error.message);
  return report_failure(command, error, profile);
}

std::optional<SessionStores> stores_for(std::string_view command, const ProfileRequest& selection,
                                        const Environment& env, bool create, int& exit_code) {
  auto profile = resolve_profile(selection, env);
  if (!profile) {
    exit_code = report_setup_failure(command, profile.error(), selection.name.value_or(""));
    return std::nullopt;
  }
  const std::string name = profile->name;
  auto stores = open_stores(std::move(*profile), env, create);
  if (!stores) {
    exit_code = report_setup_failure(command, stores.error(), name);
    return std::nullopt;
  }
  return std::move(*stores);
}

std::optional<CliSession> signed_in_session(std::string_view command,
                                            const ProfileRequest& selection, const Environment& env,
                                            int& exit_code) {
  auto stores = stores_for(command, selection, env, /*create=*/false, exit_code);
  if (!stores) return std::nullopt;
  const std::string profile = stores->profile.name;
  DefaultSessionOptions options;
  options.environment = env;
  options.engine.policy = command_line_refresh_policy();
  auto session = open_signed_in_session(std::move(*stores), std::move(options));
  if (!session) {
    exit_code = report_setup_failure(command, session.error(), profile);
    return std::nullopt;
  }
  return std::move(*session);
}

}  // namespace freshauth::cli
