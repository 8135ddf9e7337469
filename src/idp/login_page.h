#pragma once

#include <string>

#include "freshauth/server/form_body.h"
#include "freshauth/server/server_response.h"

namespace freshauth::idp {

// The minimal HTML sign-in form of /oauth2/authorize. `hidden` carries the authorization
// request's parameters through the submission; the password is never written into the page.
struct LoginPage {
  server::FormFields hidden;
  std::string username;
  bool ask_code = false;  // a TOTP user: show the one-time code field
  std::string message;    // shown above the form, e.g. why the last attempt failed
};

server::ServerResponse render_login_page(const LoginPage& page, int status = 200);

}  // namespace freshauth::idp
