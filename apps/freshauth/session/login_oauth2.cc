#include <ostream>

#include "common/command_errors.h"
#include "common/exit_codes.h"
#include "freshauth/flows/browser_sign_in.h"
#include "freshauth/flows/device_sign_in.h"
#include "freshauth/platform/process.h"
#include "session/login_flows.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "login";

bool has_display(const Environment& env) {
  return env("DISPLAY") || env("WAYLAND_DISPLAY");
}

// xdg-open without a shell: the URL is one argument, whatever it holds. Not waited for: it may
// run the browser itself, which outlives the sign-in. False when there is no xdg-open.
bool open_in_browser(const std::string& url) {
  platform::ProcessSpec spec;
  spec.argv = {"xdg-open", url};
  auto opener = platform::Process::start(spec);
  if (opener) opener->detach();
  return opener.has_value();
}

void show_url(CommandContext& context, const std::string& url, bool open) {
  std::ostream& err = context.err;
  err << "Sign in in your browser:\n  " << url << "\n";
  if (open && has_display(context.env) && open_in_browser(url)) {
    err << "(opened with xdg-open; waiting for the browser to come back)\n";
  } else {
    err << "Waiting for the browser to come back to this machine...\n";
  }
}

void show_code(std::ostream& err, const DeviceAuthorization& authorization) {
  err << "On any device, open " << authorization.verification_uri << " and enter the code "
      << authorization.user_code << "\n";
  if (authorization.verification_uri_complete) {
    err << "(or open " << *authorization.verification_uri_complete << ")\n";
  }
  err << "Waiting for approval...\n";
}

}  // namespace

int sign_in_with_oauth2(CommandContext& context, CliSession& session, const LoginOptions& options) {
  OAuth2Authenticator& oauth2 = *session.provider.oauth2;
  Result<AdoptableGrant> granted = Error{Errc::invalid_argument, "no flow", {}};
  if (options.device) {
    if (!oauth2.endpoints().device_authorization_endpoint) {
      return report_usage(
          context.err, kCommand,
          session.endpoint() + " offers no device authorization endpoint: use --browser");
    }
    DeviceSignInOptions device;
    device.show_code = [&context](const DeviceAuthorization& authorization) {
      show_code(context.err, authorization);
    };
    granted = sign_in_with_device(oauth2, device);
  } else {
    if (oauth2.endpoints().authorization_endpoint.empty()) {
      return report_usage(context.err, kCommand,
                          session.endpoint() + " offers no authorization endpoint: use --device");
    }
    BrowserSignInOptions browser;
    browser.timeout = std::chrono::seconds{options.timeout_seconds};
    const bool open = !options.no_open;
    browser.show_url = [&context, open](const std::string& url) { show_url(context, url, open); };
    granted = sign_in_with_browser(oauth2, browser);
  }
  if (!granted)
    return report_failure(context.err, kCommand, granted.error(), session.profile_name());
  const SessionContext session_context{session.stores.settings.partner_id.value_or(""),
                                       std::nullopt, std::nullopt};
  if (auto adopted = session.engine->adopt(granted->grant, granted->requested_at, session_context);
      !adopted) {
    return report_failure(context.err, kCommand, adopted.error(), session.profile_name());
  }
  return kExitOk;
}

}  // namespace freshauth::cli
