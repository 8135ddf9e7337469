#include "stores/session_json.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "freshauth/platform/file_errors.h"

namespace freshauth::detail {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::int64_t to_epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<Duration>(milliseconds{ms})};
}

// Reads fields and remembers the first problem, so that parsing reads straight through.
class FieldReader {
 public:
  FieldReader(const json& doc, const std::string& origin) : doc_(doc), origin_(origin) {}

  std::string text(const char* key) {
    const json* field = find(key, /*required=*/true);
    if (field == nullptr) return {};
    if (!field->is_string()) return wrong_type(key, "a string"), std::string{};
    return field->get<std::string>();
  }
  std::string text_or_empty(const char* key) {
    const json* field = find(key, /*required=*/false);
    if (field == nullptr) return {};
    if (!field->is_string()) return wrong_type(key, "a string"), std::string{};
    return field->get<std::string>();
  }
  std::optional<std::string> nullable_text(const char* key) {
    const json* field = find(key, /*required=*/false);
    if (field == nullptr || field->is_null()) return std::nullopt;
    if (!field->is_string()) return wrong_type(key, "a string or null"), std::nullopt;
    return field->get<std::string>();
  }
  std::int64_t integer(const char* key) {
    const json* field = find(key, /*required=*/true);
    if (field == nullptr) return 0;
    if (!field->is_number_integer()) return wrong_type(key, "an integer"), 0;
    return field->get<std::int64_t>();
  }
  std::optional<std::int64_t> optional_integer(const char* key) {
    const json* field = find(key, /*required=*/false);
    if (field == nullptr) return std::nullopt;
    if (!field->is_number_integer()) return wrong_type(key, "an integer"), std::nullopt;
    return field->get<std::int64_t>();
  }
  std::uint64_t count(const char* key) {
    const json* field = find(key, /*required=*/true);
    if (field == nullptr) return 0;
    if (!field->is_number_unsigned()) return wrong_type(key, "a non-negative integer"), 0;
    return field->get<std::uint64_t>();
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  const json* find(const char* key, bool required) {
    const auto it = doc_.find(key);
    if (it != doc_.end()) return &*it;
    if (required) fail(std::string{"field \""} + key + "\" is missing");
    return nullptr;
  }
  void wrong_type(const char* key, const char* expected) {
    fail(std::string{"field \""} + key + "\" must be " + expected);
  }
  void fail(const std::string& problem) {
    if (!error_) {
      error_ = platform::storage_error("session file " + origin_ + " is unusable: " + problem +
                                       "; delete it and sign in again");
    }
  }

  const json& doc_;
  const std::string& origin_;
  std::optional<Error> error_;
};

}  // namespace

std::string session_to_json(const Session& session) {
  json doc = {
      {"version", kSessionSchemaVersion},
      {"generation", session.generation},
      {"partner_id", session.partner_id},
      {"obtained_at_ms", to_epoch_ms(session.obtained_at)},
      {"expires_at_ms", to_epoch_ms(session.expires_at)},
      {"access_token", session.access_token},
      {"id_token", session.id_token},
      {"device_key", session.device_key ? json(*session.device_key) : json(nullptr)},
      {"device_group_key",
       session.device_group_key ? json(*session.device_group_key) : json(nullptr)},
  };
  if (!session.refresh_token.empty()) doc["refresh_token"] = session.refresh_token;
  if (session.refresh_planned_at != TimePoint{}) {
    doc["refresh_planned_at_ms"] = to_epoch_ms(session.refresh_planned_at);
  }
  return doc.dump(2) + "\n";
}

Result<Session> session_from_json(std::string_view text, const std::string& origin) {
  // No exceptions: nlohmann's parse errors quote the text around the error, which is a token.
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return platform::storage_error(
        "session file " + origin +
        " is not a JSON object (truncated or corrupt?); delete it and sign "
        "in again");
  }
  FieldReader fields(doc, origin);
  const std::int64_t version = fields.integer("version");
  if (fields.error()) return *fields.error();
  if (version != kSessionSchemaVersion) {
    return platform::storage_error("session file " + origin + " has schema version " +
                                   std::to_string(version) + ", this freshauth reads version " +
                                   std::to_string(kSessionSchemaVersion) +
                                   (version > kSessionSchemaVersion ? "; upgrade freshauth" : "") +
                                   " or delete the file and sign in again");
  }
  Session session;
  session.generation = fields.count("generation");
  session.partner_id = fields.text("partner_id");
  session.obtained_at = from_epoch_ms(fields.integer("obtained_at_ms"));
  session.expires_at = from_epoch_ms(fields.integer("expires_at_ms"));
  session.access_token = fields.text("access_token");
  session.id_token = fields.text("id_token");
  session.refresh_token = fields.text_or_empty("refresh_token");
  session.device_key = fields.nullable_text("device_key");
  session.device_group_key = fields.nullable_text("device_group_key");
  if (const auto planned = fields.optional_integer("refresh_planned_at_ms")) {
    session.refresh_planned_at = from_epoch_ms(*planned);
  }
  if (fields.error()) return *fields.error();
  return session;
}

}  // namespace freshauth::detail
