#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "common/command_errors.h"
#include "common/exit_codes.h"
#include "freshauth/flows/browser_sign_in.h"
#include "freshauth/flows/device_sign_in.h"
#include "session/login_flows.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "login";

bool can_open_browser() {
  const bool display = std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY");
  return display && std::system("command -v xdg-open > /dev/null 2>&1") == 0;
}

// xdg-open without a shell: the URL is one argument, whatever it holds.
void open_in_browser(const std::string& url) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("xdg-open", "xdg-open", url.c_str(), nullptr);
    ::_exit(127);
  }
}

void show_url(const std::string& url, bool open) {
  std::cerr << "Sign in in your browser:\n  " << url << "\n";
  if (open && can_open_browser()) {
    open_in_browser(url);
    std::cerr << "(opened with xdg-open; waiting for the browser to come back)\n";
  } else {
    std::cerr << "Waiting for the browser to come back to this machine...\n";
  }
}

void show_code(const DeviceAuthorization& authorization) {
  std::cerr << "On any device, open " << authorization.verification_uri << " and enter the code "
            << authorization.user_code << "\n";
  if (authorization.verification_uri_complete) {
    std::cerr << "(or open " << *authorization.verification_uri_complete << ")\n";
  }
  std::cerr << "Waiting for approval...\n";
}

}  // namespace

int sign_in_with_oauth2(CliSession& session, const LoginOptions& options) {
  OAuth2Authenticator& oauth2 = *session.provider.oauth2;
  Result<AdoptableGrant> granted = Error{Errc::invalid_argument, "no flow", {}};
  if (options.device) {
    if (!oauth2.endpoints().device_authorization_endpoint) {
      return report_usage(
          kCommand, session.endpoint() + " offers no device authorization endpoint: use --browser");
    }
    DeviceSignInOptions device;
    device.show_code = show_code;
    granted = sign_in_with_device(oauth2, device);
  } else {
    if (oauth2.endpoints().authorization_endpoint.empty()) {
      return report_usage(kCommand,
                          session.endpoint() + " offers no authorization endpoint: use --device");
    }
    BrowserSignInOptions browser;
    browser.timeout = std::chrono::seconds{options.timeout_seconds};
    const bool open = !options.no_open;
    browser.show_url = [open](const std::string& url) { show_url(url, open); };
    granted = sign_in_with_browser(oauth2, browser);
  }
  if (!granted) return report_failure(kCommand, granted.error(), session.profile_name());
  const SessionContext context{session.stores.settings.partner_id.value_or(""), std::nullopt,
                               std::nullopt};
  if (auto adopted = session.engine->adopt(granted->grant, granted->requested_at, context);
      !adopted) {
    return report_failure(kCommand, adopted.error(), session.profile_name());
  }
  return kExitOk;
}

}  // namespace freshauth::cli
