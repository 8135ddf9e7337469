#include "login_record.h"

#include <nlohmann/json.hpp>

#include "freshauth/stores/file_writer.h"
#include "stores/private_file.h"

namespace freshauth::cli {

ProfileSettings LoginRecord::as_settings() const {
  ProfileSettings settings;
  settings.endpoint = endpoint;
  settings.username = username;
  settings.partner_id = partner_id;
  settings.api_base = api_base;
  return settings;
}

Result<std::optional<LoginRecord>> load_login_record(const std::filesystem::path& file) {
  auto contents = detail::read_private_file(file);
  if (!contents) return contents.error();
  if (!*contents) return std::optional<LoginRecord>{};
  const auto json = nlohmann::json::parse(**contents, nullptr, /*allow_exceptions=*/false);
  const auto text = [&json](const char* key) -> const std::string* {
    const auto found = json.find(key);
    return found != json.end() && found->is_string() ? found->get_ptr<const std::string*>()
                                                     : nullptr;
  };
  if (!json.is_object() || !text("endpoint") || !text("username") || !text("partner_id")) {
    return Error{Errc::storage,
                 file.string() + " is damaged: remove it and sign in again with --endpoint",
                 {}};
  }
  LoginRecord record{*text("endpoint"), *text("username"), *text("partner_id"), std::nullopt};
  if (const std::string* api_base = text("api_base")) record.api_base = *api_base;
  return std::optional<LoginRecord>{std::move(record)};
}

Result<void> save_login_record(const std::filesystem::path& file, const LoginRecord& record) {
  nlohmann::json json = {{"endpoint", record.endpoint},
                         {"username", record.username},
                         {"partner_id", record.partner_id}};
  if (record.api_base) json["api_base"] = *record.api_base;
  return detail::write_file_atomically(file, json.dump(2) + "\n", system_file_writer());
}

}  // namespace freshauth::cli
