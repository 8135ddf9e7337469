// Uncached RS256 verification next to OpenSSL's raw RSA-2048 verify, cached verification, and
// (when node and node_modules are there) aws-jwt-verify's verifySync on the same tokens.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "freshauth/core/base64url.h"
#include "freshauth/platform/run_process.h"
#include "freshauth/verify/caching_verifier.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/token_corpus.h"

namespace freshauth {
namespace {

struct Setup {
  SystemClock clock;
  testing::TokenCorpus corpus{clock.now()};
  std::shared_ptr<JwksProvider> keys = JwksProvider::from_json(corpus.jwks().dump(), clock).value();
  std::vector<std::string> tokens;
  Setup() {
    for (int i = 0; i < 64; ++i) {
      tokens.push_back(
          sign_jwt(corpus.rsa1(), corpus.access_claims({{"jti", std::to_string(i)}})).value());
    }
  }
};

Setup& setup() {
  static Setup instance;
  return instance;
}

void BM_OpenSslRawRsa2048Verify(benchmark::State& state) {
  auto& s = setup();
  const auto& token = s.tokens[0];
  const auto dot = token.rfind('.');
  const std::string input = token.substr(0, dot);
  const std::string signature = *base64url_decode(token.substr(dot + 1));
  auto key = PublicKey::from_jwk(s.corpus.rsa1().public_jwk()).value();
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.evp());
    const int ok = EVP_DigestVerify(
        ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
        reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    if (ok != 1) state.SkipWithError("raw verify failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenSslRawRsa2048Verify);

void BM_VerifyRs256Uncached(benchmark::State& state) {
  auto& s = setup();
  JwtVerifier verifier(testing::TokenCorpus::config(), s.keys, s.clock);
  std::size_t i = 0;
  for (auto _ : state) {
    if (!verifier.verify(s.tokens[i++ % s.tokens.size()])) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyRs256Uncached);

void BM_VerifyRs256Cached(benchmark::State& state) {
  auto& s = setup();
  static CachingVerifier verifier(
      std::make_shared<JwtVerifier>(testing::TokenCorpus::config(), s.keys, s.clock), s.clock);
  auto i = static_cast<std::size_t>(state.thread_index());
  for (auto _ : state) {
    if (!verifier.verify(s.tokens[i++ % s.tokens.size()])) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyRs256Cached)->Threads(1)->Threads(2);

// aws-jwt-verify's verifySync in node on the same tokens; its rate is the counter.
void BM_AwsJwtVerifySyncNode(benchmark::State& state) {
  namespace fs = std::filesystem;
  const fs::path root = FRESHAUTH_SOURCE_DIR;
  if (!fs::exists(root / "node_modules/aws-jwt-verify/package.json")) {
    state.SkipWithError("node_modules/aws-jwt-verify missing");
    return;
  }
  auto& s = setup();
  const fs::path input = fs::temp_directory_path() / "freshauth-verify-bench.json";
  std::ofstream(input) << nlohmann::json{
      {"userPoolId", testing::kUserPoolId},
      {"clientId", testing::kClientId},
      {"jwks", s.corpus.jwks()},
      {"tokens", s.tokens}}.dump();
  platform::ProcessSpec node;
  node.argv = {"node", (root / "bench/verify/aws_jwt_verify_bench.mjs").string(), input.string()};
  node.out = platform::Stdio::pipe;
  double rate = 0;
  for (auto _ : state) {
    const auto run = platform::run_process(node, {}, std::chrono::minutes{5});
    if (!run || !run->exit || run->exit->code != 0) {
      state.SkipWithError("node failed to run the aws-jwt-verify benchmark");
      break;
    }
    rate = std::atof(run->out.c_str());
  }
  fs::remove(input);
  state.counters["verifySync_per_s"] = rate;
}
BENCHMARK(BM_AwsJwtVerifySyncNode)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace freshauth

BENCHMARK_MAIN();
