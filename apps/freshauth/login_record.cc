#include "login_record.h"

#include <nlohmann/json.hpp>

#include "freshauth/stores/file_writer.h"
#include "stores/private_file.h"

namespace freshauth::cli {

ProfileSettings LoginRecord::as_settings() const {
  ProfileSettings settings;
  settings.endpoint = endpoint;
  settings.username = username;
  settings.api_base = api_base;
  return settings;
}

Result<std::optional<LoginRecord>> load_login_record(const std::filesystem::path& file) {
  auto contents = detail::read_private_file(file);
  if (!contents) return contents.error();
  if (!*contents) return std::optional<LoginRecord>{};
  const auto json = nlohmann::json::parse(**contents, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.value("endpoint", nlohmann::json{}).is_string() ||
      !json.value("username", nlohmann::json{}).is_string()) {
    return Error{Errc::storage,
                 file.string() + " is damaged: remove it and sign in again with --endpoint",
                 {}};
  }
  LoginRecord record{json["endpoint"].get<std::string>(), json["username"].get<std::string>(),
                     std::nullopt};
  if (const auto api = json.find("api_base"); api != json.end() && api->is_string()) {
    record.api_base = api->get<std::string>();
  }
  return std::optional<LoginRecord>{std::move(record)};
}

Result<void> save_login_record(const std::filesystem::path& file, const LoginRecord& record) {
  nlohmann::json json = {{"endpoint", record.endpoint}, {"username", record.username}};
  if (record.api_base) json["api_base"] = *record.api_base;
  return detail::write_file_atomically(file, json.dump(2) + "\n", system_file_writer());
}

}  // namespace freshauth::cli
