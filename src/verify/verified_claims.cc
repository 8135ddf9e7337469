#include "freshauth/verify/verified_claims.h"

#include <mutex>

namespace freshauth {

class VerifiedClaims::State {
 public:
  explicit State(std::shared_ptr<const nlohmann::json> given) : given_(std::move(given)) {}
  explicit State(std::string text) : text_(std::move(text)) {}

  const nlohmann::json& claims() const {
    if (given_) return *given_;
    std::call_once(once_, [this] {
      parsed_ = nlohmann::json::parse(text_, nullptr, /*allow_exceptions=*/false);
      // The verifier accepted this text, so it parses; an object is the answer regardless.
      if (!parsed_.is_object()) parsed_ = nlohmann::json::object();
      std::string{}.swap(text_);
    });
    return parsed_;
  }

 private:
  const std::shared_ptr<const nlohmann::json> given_;
  mutable std::once_flag once_;
  mutable std::string text_;
  mutable nlohmann::json parsed_;
};

VerifiedClaims::VerifiedClaims() : VerifiedClaims(std::shared_ptr<const nlohmann::json>{}) {}

VerifiedClaims::VerifiedClaims(std::shared_ptr<const nlohmann::json> parsed)
    : state_(std::make_shared<const State>(
          parsed ? std::move(parsed)
                 : std::make_shared<const nlohmann::json>(nlohmann::json::object()))) {}

VerifiedClaims::VerifiedClaims(std::shared_ptr<const State> state) : state_(std::move(state)) {}

VerifiedClaims VerifiedClaims::parse_on_first_read(std::string object_text) {
  return VerifiedClaims(std::make_shared<const State>(std::move(object_text)));
}

VerifiedClaims VerifiedClaims::with_own_count() const {
  // The count lives in the control block in front of the owner; the alignment keeps that block
  // on cache lines of its own.
  struct alignas(64) Owner {
    std::shared_ptr<const State> state;
  };
  auto owner = std::make_shared<Owner>(Owner{state_});
  return VerifiedClaims(std::shared_ptr<const State>(std::move(owner), state_.get()));
}

const nlohmann::json& VerifiedClaims::operator*() const { return state_->claims(); }

}  // namespace freshauth
