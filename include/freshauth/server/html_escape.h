#pragma once

#include <string>
#include <string_view>

namespace freshauth::server {

// Text made safe for HTML element content and quoted attribute values: & < > " ' as entities.
std::string html_escape(std::string_view text);

}  // namespace freshauth::server
