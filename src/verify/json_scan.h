#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace freshauth {

enum class JsonKind : unsigned char { object, array, string, number, boolean, null };

// One value inside a document that scan_json_object() accepted, as it is written there.
struct JsonValue {
  JsonKind kind = JsonKind::null;
  std::string_view text;  // strings: what is between the quotes, escapes included
  bool escaped = false;   // strings: `text` holds backslash escapes
};

enum class JsonScanError {
  none,
  invalid,         // not RFC 8259 JSON (grammar, UTF-8, control characters, lone surrogates)
  too_deep,        // objects and arrays nest deeper than allowed
  duplicate_name,  // a name twice in one object, at any depth
  not_an_object,   // the document is not an object
};

// Top-level member name (unescaped, valid during the call only) and value.
using JsonMemberVisitor = std::function<void(std::string_view name, const JsonValue& value)>;

// Checks the whole of `text` without building a tree: one JSON object, nested at most
// `max_depth` deep (the object itself is depth 1), every value well formed, no duplicate names.
// Hands each top-level member to `visit`, in order, until the first error. What this accepts,
// nlohmann::json parses to an object with the same members.
JsonScanError scan_json_object(std::string_view text, int max_depth,
                               const JsonMemberVisitor& visit);

// For values taken from an accepted document:
bool json_string_equals(const JsonValue& value, std::string_view expected);
std::string json_string(const JsonValue& value);  // unescaped; empty unless a string
// The number as nlohmann::json reads it (finite or infinite); nullopt unless a number.
std::optional<double> json_number(const JsonValue& value);
// Visits the elements of an array value (nothing for other kinds).
void for_each_json_element(const JsonValue& array,
                           const std::function<void(const JsonValue&)>& visit);

}  // namespace freshauth
