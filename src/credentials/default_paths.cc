#include "credentials/default_paths.h"

namespace freshauth {
namespace {

// The XDG base directory spec: a relative path in an XDG_* variable is invalid and ignored.
std::optional<std::filesystem::path> absolute_from(const Environment& env, const char* name) {
  auto value = env(name);
  if (!value) return std::nullopt;
  std::filesystem::path path{*value};
  if (!path.is_absolute()) return std::nullopt;
  return path;
}

Result<std::filesystem::path> under_home(const Environment& env, const char* relative,
                                         const char* variable) {
  auto home = absolute_from(env, "HOME");
  if (!home) {
    return Error{Errc::invalid_argument,
                 std::string{"HOME is not set (or not absolute): set HOME or "} + variable,
                 {}};
  }
  return *home / relative;
}

}  // namespace

Result<std::filesystem::path> config_file_path(const Environment& env) {
  if (auto explicit_path = env("FRESHAUTH_CONFIG")) return std::filesystem::path{*explicit_path};
  if (auto base = absolute_from(env, "XDG_CONFIG_HOME")) return *base / "freshauth/config.toml";
  return under_home(env, ".config/freshauth/config.toml", "FRESHAUTH_CONFIG");
}

Result<std::filesystem::path> state_root(const Environment& env) {
  if (auto explicit_path = env("FRESHAUTH_STATE_DIR")) return std::filesystem::path{*explicit_path};
  if (auto base = absolute_from(env, "XDG_STATE_HOME")) return *base / "freshauth";
  return under_home(env, ".local/state/freshauth", "FRESHAUTH_STATE_DIR");
}

}  // namespace freshauth
