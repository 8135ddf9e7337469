#include "command_context.h"

#include "command_errors.h"
#include "exit_codes.h"

namespace freshauth::cli {
int report_setup_failure(std::string_view command, const Error& error, const std::string& profile) {
  if (error.code == Errc::invalid_argument) return report_usage(command, error.message);
  return report_failure(command, error, profile);
}

std::optional<SessionStores> stores_for(std::string_view command, const ProfileSelection& selection,
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
                                            const ProfileSelection& selection,
                                            const Environment& env, int& exit_code) {
  auto stores = stores_for(command, selection, env, /*create=*/false, exit_code);
  if (!stores) return std::nullopt;
  const std::string profile = stores->profile.name;
  // Not being signed in is what to report then, before any setting the session would need.
  if (auto stored = stores->store->load(); stored && !*stored) {
    exit_code = report_failure(
        command, {Errc::not_signed_in, "not signed in (profile " + profile + ")", {}}, profile);
    return std::nullopt;
  }
  auto opened = open_session(std::move(*stores));
  if (!opened) {
    exit_code = report_setup_failure(command, opened.error(), profile);
    return std::nullopt;
  }
  CliSession session = std::move(*opened);
  if (auto restored = restore_session(session); !restored) {
    exit_code = report_setup_failure(command, restored.error(), session.profile_name());
    return std::nullopt;
  }
  return session;
}

}  // namespace freshauth::cli
