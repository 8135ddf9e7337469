#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace freshauth::testing {

// A form as a browser would submit it: where to, how, and the named <input> fields in order.
struct HtmlForm {
  std::string action;  // as written (entities decoded); may be relative or empty
  std::string method;  // lower case; "get" when absent
  std::vector<std::pair<std::string, std::string>> fields;
};

// The first <form> of a page, or nullopt when it has none. Reads the simple, well-formed markup
// that oidc-provider renders (quoted attributes, <input> elements); not a general HTML parser.
std::optional<HtmlForm> first_form(std::string_view html);

}  // namespace freshauth::testing
