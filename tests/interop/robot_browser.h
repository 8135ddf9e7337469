#pragma once

#include <chrono>
#include <string>

namespace freshauth::testing {

// Where a RobotBrowser visit ended.
struct RobotVisit {
  bool finished = false;  // reached a page with no form to submit
  int status = 0;         // HTTP status of the last page
  // The last page's URL without its query (a redirect's query may hold an authorization code).
  std::string last_page;
  int forms_submitted = 0;
  std::string error;  // why the visit stopped early; never holds a token or a code
};

// A headless stand-in for the user's browser, for oidc-provider's development interactions: opens
// a URL with a cookie jar, follows redirects, and submits every form it is shown (the login form,
// the consent form, the device flow's code entry and confirmation, auto-posting forms) until it
// lands on a page without one - for the code flow, the loopback listener's own page.
// Fills the fields named "login", "password" and "user_code"; every other field keeps its value.
// One visit at a time; use one robot per thread.
class RobotBrowser {
 public:
  RobotBrowser(std::string login, std::string password,
               std::chrono::seconds request_timeout = std::chrono::seconds{20});

  // The device flow's code, for a verification page that asks for one.
  void type_user_code(std::string user_code) { user_code_ = std::move(user_code); }

  RobotVisit open(const std::string& url);

 private:
  std::string login_;
  std::string password_;
  std::string user_code_;
  std::chrono::seconds request_timeout_;
};

}  // namespace freshauth::testing
