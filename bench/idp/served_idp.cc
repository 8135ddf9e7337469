#include "served_idp.h"

#include <csignal>

#include "freshauth/idp/idp_admin.h"

namespace freshauth::bench {
namespace {

constexpr std::string_view kListening = "listening on ";

}  // namespace

ServedIdp::ServedIdp(const std::filesystem::path& freshauth_cli, int threads,
                     const std::vector<std::string>& launcher) {
  const auto db = dir_ / "idp.db";
  const auto now = SystemClock{}.now();
  {
    auto admin = idp::IdpAdmin::open(db, now, idp::PasswordCost::minimal);
    if (!admin) return;
    auto client = admin->add_client({"bench", false, {}, {}}, false, now);
    if (!client || !admin->add_user({kUsername, kPassword, false}, now)) return;
    client_id_ = client->client_id;
  }
  platform::ProcessSpec spec;
  spec.argv = launcher;
  for (const std::string& arg :
       {freshauth_cli.string(), std::string{"idp"}, std::string{"--db"}, db.string(),
        std::string{"serve"}, std::string{"--listen"}, std::string{"127.0.0.1:0"},
        std::string{"--threads"}, std::to_string(threads)}) {
    spec.argv.push_back(arg);
  }
  spec.out = platform::Stdio::pipe;
  auto started = platform::Process::start(spec);
  if (!started) return;
  server_.emplace(std::move(*started));
  const auto line = server_->read_line(platform::deadline_in(std::chrono::seconds{30}));
  if (line && line->starts_with(kListening)) endpoint_ = line->substr(kListening.size()) + "/";
}

ServedIdp::~ServedIdp() {
  if (!server_) return;
  server_->signal(SIGTERM);
  if (!server_->wait(platform::deadline_in(std::chrono::seconds{10}))) server_->kill();
}

}  // namespace freshauth::bench
