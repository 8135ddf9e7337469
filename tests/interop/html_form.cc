#include "interop/html_form.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace freshauth::testing {
namespace {

std::string lower(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The entities oidc-provider's escaping produces.
std::string decode_entities(const std::string& text) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"},  {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""},
      {"&#34;", "\""}, {"&#39;", "'"},  {"&#x27;", "'"}, {"&#x2F;", "/"},
      {"&#47;", "/"},  {"&#x3D;", "="}, {"&#61;", "="},  {"&#x60;", "`"},
  };
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (std::string_view{text}.substr(i, entity.size()) == entity) {
          out += character;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::optional<std::string> attribute(const std::string& tag, const std::string& name) {
  const std::regex pattern("\\s" + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", std::regex::icase);
  std::smatch match;
  if (!std::regex_search(tag, match, pattern)) return std::nullopt;
  return decode_entities(match[2].matched ? match[2].str() : match[3].str());
}

}  // namespace

std::optional<HtmlForm> first_form(std::string_view html) {
  const std::string page{html};
  static const std::regex kForm("<form\\b([^>]*)>([\\s\\S]*?)</form>", std::regex::icase);
  std::smatch form_match;
  if (!std::regex_search(page, form_match, kForm)) return std::nullopt;
  const std::string form_tag = " " + form_match[1].str();
  HtmlForm form;
  form.action = attribute(form_tag, "action").value_or("");
  form.method = lower(attribute(form_tag, "method").value_or("get"));

  static const std::regex kInput("<input\\b([^>]*)>", std::regex::icase);
  const std::string body = form_match[2].str();
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kInput);
       it != std::sregex_iterator(); ++it) {
    const std::string input_tag = " " + (*it)[1].str();
    auto name = attribute(input_tag, "name");
    if (!name) continue;
    form.fields.emplace_back(*name, attribute(input_tag, "value").value_or(""));
  }
  return form;
}

}  // namespace freshauth::testing
