// libFuzzer target: the verifier's JSON scanner against nlohmann::json, which parses the claims a
// caller reads later. Whatever the scanner accepts, nlohmann must parse to an object with the
// same members; whatever nlohmann parses to an object, the scanner accepts unless it is one of
// the things we refuse on purpose (a duplicate name, a BOM, a NUL byte ending the input early).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "verify/json_scan.h"

namespace {

using freshauth::JsonKind;
using freshauth::JsonScanError;
using freshauth::JsonValue;
using nlohmann::json;

constexpr int kMaxDepth = 64;

bool same_value(const JsonValue& value, const json& expected) {
  switch (value.kind) {
    case JsonKind::string:
      return expected.is_string() && freshauth::json_string(value) == expected.get<std::string>();
    case JsonKind::number:
      return expected.is_number() && freshauth::json_number(value) == expected.get<double>();
    default: {
      const auto parsed = json::parse(value.text, nullptr, /*allow_exceptions=*/false);
      return !parsed.is_discarded() && parsed == expected;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t members = 0;
  bool all_same = true;
  const auto tree = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto error = freshauth::scan_json_object(
      text, kMaxDepth, [&](std::string_view name, const JsonValue& value) {
        ++members;
        if (tree.is_object()) {
          const auto it = tree.find(std::string{name});
          all_same = all_same && it != tree.end() && same_value(value, *it);
        }
      });
  if (error == JsonScanError::none) {
    if (!tree.is_object() || tree.size() != members || !all_same) __builtin_trap();
    return 0;
  }
  const bool refused_on_purpose =
      error == JsonScanError::duplicate_name || error == JsonScanError::too_deep ||
      text.starts_with("\xEF\xBB\xBF") || text.find('\0') != std::string_view::npos;
  if (tree.is_object() && !refused_on_purpose) __builtin_trap();
  return 0;
}
