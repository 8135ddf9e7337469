#include "demo/demo_server.h"

#include <cstdlib>

#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"

namespace freshauth::cli {
namespace {

constexpr const char* kDemoUser = "demo";

Error setup_failed(const std::string& what) {
  return {Errc::storage, "could not set up the demo server: " + what, {}};
}

Result<std::filesystem::path> private_temp_dir() {
  std::error_code error;
  const auto base = std::filesystem::temp_directory_path(error);
  if (error) return setup_failed("no temporary folder (" + error.message() + ")");
  std::string pattern = (base / "freshauth-demo-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return setup_failed("mkdtemp in " + base.string());
  return std::filesystem::path{pattern};  // mkdtemp makes it 0700
}

}  // namespace

server::FaultRule demo_fault_rule() {
  server::FaultRule rule;
  rule.path = "/auth/refresh_token";
  rule.spec.latency = std::chrono::milliseconds{250};
  rule.spec.error_status = 503;
  rule.spec.error_rate = 0.2;
  rule.spec.retry_after = std::chrono::seconds{1};
  rule.spec.drop_rate = 0.05;
  rule.spec.malformed_rate = 0.05;
  return rule;
}

Result<std::unique_ptr<DemoServer>> DemoServer::start(const DemoServerOptions& options) {
  auto dir = private_temp_dir();
  if (!dir) return dir.error();
  std::unique_ptr<DemoServer> demo{new DemoServer()};
  demo->dir_ = *dir;
  const auto db_path = demo->dir_ / "idp.db";
  const TimePoint now = SystemClock{}.now();
  {
    auto storage = idp::IdpAdmin::open(db_path, now);
    if (!storage) return storage.error();
    const std::chrono::seconds refresh_lifetime{24 * 3600};
    auto client =
        storage->add_client({"freshauth demo",
                             false,
                             {},
                             {options.token_lifetime, options.token_lifetime, refresh_lifetime}},
                            /*dev=*/true, now);
    if (!client) return client.error();
    demo->credentials_ = {kDemoUser, random_token(24)};
    auto user = storage->add_user({kDemoUser, demo->credentials_.password, false}, now);
    if (!user) return user.error();
  }
  idp::IdpServerOptions server;
  server.db_path = db_path;
  server.http.host = "127.0.0.1";
  server.http.port = 0;
  // More workers than cores: an injected latency sleeps in a worker and must not stall the API.
  server.http.threads = 4;
  if (options.faults) server.faults.push_back(demo_fault_rule());
  server.fault_seed = options.fault_seed;
  server.expires_in_overstatement = options.expires_in_overstatement;
  server.log = options.log;
  auto idp = idp::IdpServer::start(std::move(server));
  if (!idp) return idp.error();
  demo->idp_ = std::move(*idp);
  return demo;
}

DemoServer::~DemoServer() {
  if (idp_) idp_->stop();
  idp_.reset();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace freshauth::cli
