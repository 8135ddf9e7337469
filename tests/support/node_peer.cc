#include "support/node_peer.h"

#include <chrono>

namespace freshauth::testing {
namespace {

constexpr std::chrono::seconds kStartDeadline{30};
constexpr std::chrono::seconds kStopDeadline{10};

}  // namespace

NodePeer::NodePeer(const std::vector<std::string>& arguments,
                   const std::vector<std::string>& launcher) {
  platform::ProcessSpec spec;
  spec.argv = launcher;
  spec.argv.emplace_back("node");
  spec.argv.insert(spec.argv.end(), arguments.begin(), arguments.end());
  spec.in = platform::Stdio::pipe;  // the peer serves until it closes
  spec.out = platform::Stdio::pipe;
  auto started = platform::Process::start(spec);
  if (!started) return;
  node_.emplace(std::move(*started));
  const auto line = node_->read_line(platform::deadline_in(kStartDeadline));
  node_->close_output();  // the one line is all it says there
  if (line) announcement_ = nlohmann::json::parse(*line, nullptr, false);
  if (announcement_.is_discarded()) announcement_ = nullptr;
}

NodePeer::~NodePeer() {
  if (!node_) return;
  node_->close_input();
  if (!node_->wait(platform::deadline_in(kStopDeadline))) node_->kill();
}

}  // namespace freshauth::testing
