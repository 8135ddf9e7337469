#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace freshauth {

// Parses JSON whose arrays and objects nest at most `max_depth` deep; anything else (invalid
// JSON, deeper nesting) is nullopt. The depth is checked before parsing, so hostile input never
// reaches the parser's or the destructor's recursion.
std::optional<nlohmann::json> parse_bounded_json(std::string_view text, int max_depth);

}  // namespace freshauth
