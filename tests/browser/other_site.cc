#include "browser/other_site.h"

#include "freshauth/server/server_response.h"

namespace freshauth::testing {
namespace {

// readApi: a credentialed API call with the CSRF marker, which needs a CORS preflight the gateway
// never grants. postLogout: a "simple" cross-site POST, sent without a preflight, whose answer
// the page cannot read; the SameSite=Strict cookie stays home and the CSRF marker is missing.
std::string page_for(const std::string& gateway_origin) {
  return R"html(<!doctype html>
<html><head><meta charset="utf-8"><title>another site</title></head>
<body><h1>Another site</h1>
<script>
const gateway = )html" +
         nlohmann::json(gateway_origin).dump() + R"html(;
window.otherSite = {
  readApi: async () => {
    try {
      const response = await fetch(gateway + '/api/items',
                                   { credentials: 'include', headers: { 'X-CSRF': '1' } });
      return { outcome: 'read', status: response.status, body: await response.text() };
    } catch (error) {
      return { outcome: 'refused', error: String(error) };
    }
  },
  postLogout: async () => {
    try {
      const response = await fetch(gateway + '/auth/logout',
                                   { method: 'POST', mode: 'no-cors', credentials: 'include' });
      return { outcome: 'sent', type: response.type, status: response.status };
    } catch (error) {
      return { outcome: 'refused', error: String(error) };
    }
  },
};
</script>
</body></html>
)html";
}

}  // namespace

OtherSite::OtherSite(std::string gateway_origin) : gateway_origin_(std::move(gateway_origin)) {}

Result<void> OtherSite::start() {
  server::Router router;
  router.add("GET", "/", [page = page_for(gateway_origin_)](const server::ServerRequest&) {
    server::ServerResponse response;
    response.set_header("Content-Type", "text/html; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.body = page;
    return response;
  });
  server_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
  return server_->start();
}

std::string OtherSite::url() const { return "http://localhost:" + std::to_string(server_->port()); }

void OtherSite::stop() { server_->stop(); }

}  // namespace freshauth::testing
