#include "idp/login_page.h"

#include "freshauth/server/html_escape.h"

namespace freshauth::idp {

server::ServerResponse render_login_page(const LoginPage& page, int status) {
  std::string html =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Sign in</title></head>"
      "<body>\n<h1>Sign in</h1>\n";
  if (!page.message.empty())
    html += "<p role=\"alert\">" + server::html_escape(page.message) + "</p>\n";
  html += "<form method=\"post\" action=\"/oauth2/authorize\">\n";
  for (const auto& [name, value] : page.hidden) {
    html += "<input type=\"hidden\" name=\"" + server::html_escape(name) + "\" value=\"" +
            server::html_escape(value) + "\">\n";
  }
  html += "<label>Username <input name=\"username\" autocomplete=\"username\" value=\"" +
          server::html_escape(page.username) + "\" required></label>\n";
  html +=
      "<label>Password <input name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required></label>\n";
  if (page.ask_code) {
    html +=
        "<label>Code <input name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" "
        "required></label>\n";
  }
  html += "<button type=\"submit\">Sign in</button>\n</form>\n</body></html>\n";
  server::ServerResponse response;
  response.status = status;
  response.body = std::move(html);
  response.set_header("Content-Type", "text/html; charset=utf-8");
  response.set_header("Cache-Control", "no-store");
  // The form must not be framed (clickjacking) nor load anything.
  response.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response.set_header("X-Frame-Options", "DENY");
  return response;
}

}  // namespace freshauth::idp
