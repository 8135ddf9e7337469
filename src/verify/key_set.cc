#include "freshauth/verify/key_set.h"

#include "bounded_json.h"

namespace freshauth {

namespace {
constexpr int kJwksMaxDepth = 8;
}

Result<KeySet> KeySet::parse(std::string_view jwks_json) {
  auto document = parse_bounded_json(jwks_json, kJwksMaxDepth);
  if (!document || !document->is_object() || !document->contains("keys") ||
      !(*document)["keys"].is_array()) {
    return Error{Errc::invalid_argument, "JWKS: not a JSON object with a keys array", {}};
  }
  KeySet set;
  for (const auto& jwk : (*document)["keys"]) {
    auto key = PublicKey::from_jwk(jwk);
    if (!key) {
      set.skipped_.push_back(key.error().message);
      continue;
    }
    const std::string kid = key->kid();
    // A kid published twice is ambiguous: neither copy is trusted.
    if (!set.keys_.emplace(kid, std::make_shared<const PublicKey>(std::move(*key))).second) {
      set.keys_.erase(kid);
      set.skipped_.push_back("JWK: duplicate kid " + kid);
    }
  }
  if (set.keys_.empty()) return Error{Errc::invalid_argument, "JWKS: no usable key", {}};
  return set;
}

std::shared_ptr<const PublicKey> KeySet::find(std::string_view kid) const {
  const auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

}  // namespace freshauth
