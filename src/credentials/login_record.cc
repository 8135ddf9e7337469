#include "freshauth/credentials/login_record.h"

#include <nlohmann/json.hpp>

#include "freshauth/credentials/profile_fields.h"
#include "freshauth/platform/private_file.h"

namespace freshauth {

Result<std::optional<LoginRecord>> load_login_record(const std::filesystem::path& file) {
  auto contents = platform::read_private_file(file);
  if (!contents) return contents.error();
  if (!*contents) return std::optional<LoginRecord>{};
  const auto damaged = [&file] {
    return Error{Errc::storage,
                 file.string() + " is damaged: remove it and sign in again with `freshauth login`",
                 {}};
  };
  const auto json = nlohmann::json::parse(**contents, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return damaged();
  LoginRecord record;
  for (const auto& field : profile_fields()) {
    const auto found = json.find(std::string{field.key});
    if (found == json.end() || field.secret) continue;
    if (!found->is_string()) return damaged();
    record.settings.*field.member = found->get<std::string>();
  }
  return std::optional<LoginRecord>{std::move(record)};
}

Result<void> save_login_record(const std::filesystem::path& file, const LoginRecord& record) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& field : profile_fields()) {
    const auto& value = record.settings.*field.member;
    if (value && !field.secret) json[std::string{field.key}] = *value;
  }
  return platform::write_file_atomically(file, json.dump(2) + "\n");
}

}  // namespace freshauth
