#pragma once

#include <regex>
#include <string>

#include "freshauth/server/form_body.h"
#include "support/http_probe.h"

namespace freshauth::testing {

// Plays the user's browser against the idp's login form: GET the authorization URL, submit
// the form with a username and password, follow the 302 to the redirect target.
struct LoginVisit {
  int form_status = 0;      // the authorization URL's answer
  int submit_status = 0;    // the form submission's (302 when signed in)
  int callback_status = 0;  // the redirect target's
  std::string callback_page;
};

struct SplitUrl {
  std::string origin;  // scheme://host:port
  std::string target;  // path?query
};

inline SplitUrl split_url(const std::string& url) {
  const auto path = url.find('/', url.find("://") + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

// The query of `url`, decoded.
inline server::FormFields query_of(const std::string& url) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  return server::parse_form_fields(url.substr(question + 1)).value_or(server::FormFields{});
}

struct Page {
  int status = 0;  // 0: no answer
  std::string body;
};

// GET `url` as a browser would (no redirects followed).
inline Page browse(const std::string& url) {
  const auto split = split_url(url);
  auto response = HttpProbe{split.origin}.get(split.target);
  if (!response) return {};
  return {response->status, response->body};
}

inline LoginVisit log_in_through_form(const std::string& authorization_url,
                                      const std::string& username, const std::string& password) {
  LoginVisit visit;
  const auto split = split_url(authorization_url);
  HttpProbe idp{split.origin};
  auto form = idp.get(split.target);
  if (!form) return visit;
  visit.form_status = form->status;
  if (form->status != 200) return visit;
  FormPairs fields{{"username", username}, {"password", password}};
  // The login page's hidden fields carry the authorization request (values are URL-safe).
  const std::regex hidden(R"re(<input type="hidden" name="([^"]*)" value="([^"]*)">)re");
  for (std::sregex_iterator it(form->body.begin(), form->body.end(), hidden), end; it != end;
       ++it) {
    fields.emplace_back((*it)[1].str(), (*it)[2].str());
  }
  auto submitted = idp.post_form("/oauth2/authorize", fields);
  if (!submitted) return visit;
  visit.submit_status = submitted->status;
  if (submitted->status != 302) return visit;
  const auto callback = browse(header_of(*submitted, "Location"));
  visit.callback_status = callback.status;
  visit.callback_page = callback.body;
  return visit;
}

}  // namespace freshauth::testing
