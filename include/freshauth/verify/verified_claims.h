#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace freshauth {

/// The claims of a verified token, as a JSON object. The verifier checks the claims it needs
/// straight from the token's text and parses the whole payload only when a caller first reads
/// it; copies (and cache hits) share that one parse. Immutable and thread-safe.
class VerifiedClaims {
 public:
  VerifiedClaims();  ///< an empty object
  /// Claims already parsed, e.g. by a verifier that received them as JSON.
  VerifiedClaims(
      std::shared_ptr<const nlohmann::json> parsed);  // NOLINT(google-explicit-constructor)
  /// `object_text` must be a JSON object with unique names that the verifier has already checked.
  static VerifiedClaims parse_on_first_read(std::string object_text);

  /// The same claims (one parse) behind a reference count of their own: threads that copy
  /// different such handles never write to the same cache line, as copies of one handle would.
  VerifiedClaims with_own_count() const;

  const nlohmann::json& operator*() const;
  const nlohmann::json* operator->() const { return &**this; }

 private:
  class State;
  explicit VerifiedClaims(std::shared_ptr<const State> state);

  std::shared_ptr<const State> state_;
};

}  // namespace freshauth
