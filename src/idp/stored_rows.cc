#include "idp/stored_rows.h"

#include <nlohmann/json.hpp>

namespace freshauth::idp {

User user_from_row(const sqlite::Statement& row, int first) {
  return {row.text(first), row.text(first + 1), row.optional_text(first + 2)};
}

AppClient client_from_row(const sqlite::Statement& row, int first) {
  using std::chrono::seconds;
  AppClient client;
  client.client_id = row.text(first);
  client.name = row.text(first + 1);
  client.secret = row.optional_text(first + 2);
  const auto urls = nlohmann::json::parse(row.text(first + 3), nullptr, false);
  if (urls.is_array()) {
    for (const auto& url : urls) {
      if (url.is_string()) client.callback_urls.push_back(url.get<std::string>());
    }
  }
  client.lifetimes = {seconds{row.integer(first + 4)}, seconds{row.integer(first + 5)},
                      seconds{row.integer(first + 6)}};
  return client;
}

}  // namespace freshauth::idp
