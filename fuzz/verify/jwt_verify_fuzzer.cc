// libFuzzer target: token parsing and verification. The first input byte picks the mode:
// even: the rest is a token (header, base64url, JSON, size, algorithm paths);
// odd:  the rest is a payload that we sign with the fuzzer's key, so claim checks after a good
//       signature get exercised too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "freshauth/core/base64url.h"
#include "freshauth/core/clock.h"
#include "freshauth/security/signing_key.h"
#include "freshauth/verify/caching_verifier.h"
#include "freshauth/verify/jwt_verifier.h"
#include "freshauth/verify/key_set.h"

namespace {

using namespace freshauth;

class FixedKeys final : public KeySource {
 public:
  explicit FixedKeys(KeySet keys) : keys_(std::move(keys)) {}
  KeyLookup find(std::string_view kid) override {
    if (auto key = keys_.find(kid)) return key;
    return VerifyFailure{VerifyErrc::unknown_key, "no key"};
  }

 private:
  KeySet keys_;
};

struct Fixture {
  ManualClock clock{TimePoint{std::chrono::seconds{1'700'000'000}}};
  SigningKey rsa = SigningKey::generate_rsa("rsa-1").value();
  SigningKey ec = SigningKey::generate_ec_p256("ec-1").value();
  std::shared_ptr<JwtVerifier> verifier;
  std::unique_ptr<CachingVerifier> cached;

  Fixture() {
    const nlohmann::json jwks = {{"keys", {rsa.public_jwk(), ec.public_jwk()}}};
    VerifierConfig config;
    config.issuer = "https://issuer.example";
    config.client_ids = {"client-a"};
    config.required_scopes = {"read"};
    auto keys = std::make_shared<FixedKeys>(KeySet::parse(jwks.dump()).value());
    verifier = std::make_shared<JwtVerifier>(config, keys, clock);
    cached = std::make_unique<CachingVerifier>(verifier, clock, 64);
  }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

std::string signed_with(const SigningKey& key, std::string_view payload) {
  const std::string header = R"({"alg":")" + key.alg() + R"(","kid":")" + key.kid() + R"("})";
  const std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(key.sign(input).value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& f = fixture();
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string token;
  if (data[0] % 2 == 0) {
    token.assign(rest);
  } else {
    token = signed_with(data[0] % 4 == 1 ? f.rsa : f.ec, rest);
  }
  const auto result = f.cached->verify(token);
  if (result) {
    // Accepted tokens must carry what the configuration demands. The claims are parsed from the
    // payload only now, so they must agree with what the checks saw.
    const auto& claims = *result->claims;
    if (claims.at("iss") != "https://issuer.example" || claims.at("token_use") != "access" ||
        claims.at("client_id") != "client-a" || claims.at("exp").get<double>() != result->exp)
      __builtin_trap();
  }
  return 0;
}
