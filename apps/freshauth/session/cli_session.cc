#include "session/cli_session.h"

#include "common/command_errors.h"
#include "common/exit_codes.h"

namespace freshauth::cli {
namespace {

DefaultSessionOptions session_options(const CommandContext& context) {
  DefaultSessionOptions options;
  options.environment = context.env;
  options.engine.clock = context.clock;
  options.engine.policy = command_line_refresh_policy();
  return options;
}

}  // namespace

RefreshPolicy command_line_refresh_policy() {
  RefreshPolicy policy;
  policy.serve_current_in_soft_window = false;
  return policy;
}

Result<CliSession> open_session(SessionStores stores, const CommandContext& context) {
  return freshauth::open_session(std::move(stores), session_options(context));
}

int report_setup_failure(CommandContext& context, std::string_view command, const Error& error,
                         const std::string& profile) {
  if (error.code == Errc::invalid_argument)
    return report_usage(context.err, command, error.message);
  return report_failure(context.err, command, error, profile);
}

std::optional<SessionStores> stores_for(CommandContext& context, std::string_view command,
                                        const ProfileRequest& selection, bool create,
                                        int& exit_code) {
  auto profile = resolve_profile(selection, context.env);
  if (!profile) {
    exit_code =
        report_setup_failure(context, command, profile.error(), selection.name.value_or(""));
    return std::nullopt;
  }
  const std::string name = profile->name;
  auto stores = open_stores(std::move(*profile), context.env, create);
  if (!stores) {
    exit_code = report_setup_failure(context, command, stores.error(), name);
    return std::nullopt;
  }
  return std::move(*stores);
}

std::optional<CliSession> signed_in_session(CommandContext& context, std::string_view command,
                                            const ProfileRequest& selection, int& exit_code) {
  auto stores = stores_for(context, command, selection, /*create=*/false, exit_code);
  if (!stores) return std::nullopt;
  const std::string profile = stores->profile.name;
  auto session = open_signed_in_session(std::move(*stores), session_options(context));
  if (!session) {
    exit_code = report_setup_failure(context, command, session.error(), profile);
    return std::nullopt;
  }
  return std::move(*session);
}

}  // namespace freshauth::cli
