#include "support/partner_idp.h"

#include <liboath/oath.h>
#include <stdlib.h>

#include <cstdlib>
#include <stdexcept>

#include "freshauth/idp/idp_admin.h"

namespace freshauth::testing {
namespace {

[[noreturn]] void fail(const std::string& what, const Error& error) {
  throw std::runtime_error("test idp: " + what + ": " + error.describe());
}

std::filesystem::path private_folder() {
  std::string pattern = std::filesystem::temp_directory_path() / "freshauth-idp-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("test idp: mkdtemp failed");
  return pattern;
}

}  // namespace

PartnerIdp::PartnerIdp(std::shared_ptr<const Clock> clock, PartnerIdpOptions options)
    : clock_(std::move(clock)), dir_(private_folder()) {
  const auto db = dir_ / "idp.db";
  {
    auto storage = idp::IdpAdmin::open(db, clock_->now(), idp::PasswordCost::minimal);
    if (!storage) fail("storage", storage.error());
    if (auto client = storage->add_client({"partner", false, {}, {}}, false, clock_->now());
        !client) {
      fail("partner client", client.error());
    }
    for (const auto& user : options.users) {
      if (auto added = storage->add_user({user, kPassword, false}, clock_->now()); !added) {
        fail("user " + user, added.error());
      }
    }
    auto mfa = storage->add_user({kMfaUser, kPassword, true}, clock_->now());
    if (!mfa) fail("MFA user", mfa.error());
    mfa_secret_ = *mfa->totp_secret;
  }
  idp::IdpServerOptions server;
  server.db_path = db;
  server.clock = clock_;
  server.password_cost = idp::PasswordCost::minimal;
  server.http.threads = options.threads;
  server.scripted_faults = true;
  auto started = idp::IdpServer::start(std::move(server));
  if (!started) fail("start", started.error());
  server_ = std::move(*started);
}

PartnerIdp::~PartnerIdp() {
  if (server_) server_->faults().open_gates();
  server_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

// Computed with liboath, independently of the server's TOTP code.
std::string PartnerIdp::mfa_code() const {
  char* raw = nullptr;
  std::size_t length = 0;
  char code[7] = {};
  if (oath_init() != OATH_OK ||
      oath_base32_decode(mfa_secret_.c_str(), mfa_secret_.size(), &raw, &length) != OATH_OK) {
    throw std::runtime_error("test idp: cannot decode the TOTP secret");
  }
  const int generated =
      oath_totp_generate(raw, length, to_epoch_seconds(clock_->now()).count(), 30, 0, 6, code);
  std::free(raw);
  if (generated != OATH_OK) throw std::runtime_error("test idp: cannot compute the TOTP code");
  return code;
}

}  // namespace freshauth::testing
