// Token verification next to its baselines, all in one run:
// - OpenSSL's bare signature check on the same signing input, per algorithm (a fresh context per
//   token, as OpenSSL's one-shot API is used), and for RS256 also on a context prepared once;
// - aws-jwt-verify's verifySync in node on the same tokens (needs node and node_modules);
// - the cached verifier on one thread and on two.
// bench/verify/ratios.py turns the JSON output (--benchmark_out) into the ratio tables of
// docs/benchmarks.md (bench/verify/measure.py runs it). A missing node baseline prints
// "BASELINE MISSING" and exits 77.
#include <benchmark/benchmark.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "freshauth/core/base64url.h"
#include "freshauth/platform/run_process.h"
#include "freshauth/verify/caching_verifier.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/token_corpus.h"

namespace freshauth {
namespace {

namespace fs = std::filesystem;

// 64 access tokens (distinct jti) signed by one key.
struct TokenSet {
  const SigningKey* key;
  std::vector<std::string> tokens;
};

struct Setup {
  SystemClock clock;
  testing::TokenCorpus corpus{clock.now()};
  SigningKey ed = SigningKey::generate_ed25519("ed-1").value();
  nlohmann::json jwks = corpus.jwks();
  std::shared_ptr<JwksProvider> keys;
  std::map<std::string, TokenSet, std::less<>> sets;

  Setup() {
    jwks["keys"].push_back(ed.public_jwk());
    keys = JwksProvider::from_json(jwks.dump(), clock).value();
    for (const SigningKey* key :
         {&corpus.rsa1(), &corpus.ec1(), static_cast<const SigningKey*>(&ed)}) {
      TokenSet set{key, {}};
      for (int i = 0; i < 64; ++i) {
        const auto claims = corpus.access_claims({{"jti", std::to_string(i)}});
        set.tokens.push_back(sign_jwt(*key, claims).value());
      }
      sets.emplace(key->alg(), std::move(set));
    }
  }
};

Setup& setup() {
  static Setup instance;
  return instance;
}

std::string& missing_baseline() {
  static std::string why;
  return why;
}

// A token's signing input and signature as OpenSSL takes it (DER for ECDSA).
struct SignedInput {
  std::string input;
  std::string signature;
};

SignedInput signed_input(const std::string& token, std::string_view alg) {
  const auto dot = token.rfind('.');
  SignedInput out{token.substr(0, dot), *base64url_decode(token.substr(dot + 1))};
  if (alg == "ES256") {
    const auto* rs = reinterpret_cast<const unsigned char*>(out.signature.data());
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(rs, 32, nullptr), BN_bin2bn(rs + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int size = i2d_ECDSA_SIG(sig, &der);
    out.signature.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
  }
  return out;
}

// The signing inputs and signatures of the tokens the verifier benchmarks check.
std::vector<SignedInput> signed_inputs(std::string_view alg) {
  std::vector<SignedInput> out;
  for (const auto& token : setup().sets.find(alg)->second.tokens) {
    out.push_back(signed_input(token, alg));
  }
  return out;
}

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Baseline: EVP_DigestVerifyInit + EVP_DigestVerify on a fresh context, nothing else.
void BM_OpenSslVerify(benchmark::State& state, std::string_view alg) {
  const auto inputs = signed_inputs(alg);
  const auto key = PublicKey::from_jwk(setup().sets.find(alg)->second.key->public_jwk()).value();
  const EVP_MD* md = alg == "EdDSA" ? nullptr : EVP_sha256();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& signed_token = inputs[i++ % inputs.size()];
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key.evp());
    const int ok =
        EVP_DigestVerify(ctx, bytes(signed_token.signature), signed_token.signature.size(),
                         bytes(signed_token.input), signed_token.input.size());
    EVP_MD_CTX_free(ctx);
    if (ok != 1) state.SkipWithError("bare verify failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_OpenSslVerify, RS256, "RS256");
BENCHMARK_CAPTURE(BM_OpenSslVerify, ES256, "ES256");
BENCHMARK_CAPTURE(BM_OpenSslVerify, EdDSA, "EdDSA");

// The floor for RS256: SHA-256 and the RSA operation on a context set up once.
void BM_OpenSslPreparedRsaVerify(benchmark::State& state) {
  const auto inputs = signed_inputs("RS256");
  const auto key = PublicKey::from_jwk(setup().corpus.rsa1().public_jwk()).value();
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.evp(), nullptr);
  EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_PKEY_verify_init(ctx);
  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
  EVP_PKEY_CTX_set_signature_md(ctx, sha256);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& signed_token = inputs[i++ % inputs.size()];
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    EVP_Digest(signed_token.input.data(), signed_token.input.size(), digest.data(), &digest_size,
               sha256, nullptr);
    const int ok = EVP_PKEY_verify(ctx, bytes(signed_token.signature),
                                   signed_token.signature.size(), digest.data(), digest_size);
    if (ok != 1) state.SkipWithError("prepared verify failed");
  }
  EVP_MD_free(sha256);
  EVP_PKEY_CTX_free(ctx);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenSslPreparedRsaVerify);

void BM_VerifyUncached(benchmark::State& state, std::string_view alg) {
  auto& s = setup();
  const auto& tokens = s.sets.find(alg)->second.tokens;
  JwtVerifier verifier(testing::TokenCorpus::config(), s.keys, s.clock);
  std::size_t i = 0;
  for (auto _ : state) {
    if (!verifier.verify(tokens[i++ % tokens.size()])) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_VerifyUncached, RS256, "RS256");
BENCHMARK_CAPTURE(BM_VerifyUncached, ES256, "ES256");
BENCHMARK_CAPTURE(BM_VerifyUncached, EdDSA, "EdDSA");

// As above, and the caller then reads one claim, which parses the payload into JSON.
void BM_VerifyUncachedReadingAClaim(benchmark::State& state) {
  auto& s = setup();
  const auto& tokens = s.sets.find("RS256")->second.tokens;
  JwtVerifier verifier(testing::TokenCorpus::config(), s.keys, s.clock);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto result = verifier.verify(tokens[i++ % tokens.size()]);
    if (!result || result->claims->at("sub") != "user-1") state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyUncachedReadingAClaim);

// Every thread verifies the same 64 hot tokens; rates are per second of wall time.
void BM_VerifyCached(benchmark::State& state) {
  auto& s = setup();
  static CachingVerifier verifier(
      std::make_shared<JwtVerifier>(testing::TokenCorpus::config(), s.keys, s.clock), s.clock);
  const auto& tokens = s.sets.find("RS256")->second.tokens;
  auto i = static_cast<std::size_t>(state.thread_index()) * 32;
  for (auto _ : state) {
    if (!verifier.verify(tokens[i++ % tokens.size()])) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyCached)->Threads(1)->Threads(2)->UseRealTime();

// The ceiling for the row above: the same hits, but every thread has a cache of its own, so the
// threads share nothing. How this scales is what the machine allows.
void BM_VerifyCachedOwnCachePerThread(benchmark::State& state) {
  auto& s = setup();
  CachingVerifier verifier(
      std::make_shared<JwtVerifier>(testing::TokenCorpus::config(), s.keys, s.clock), s.clock);
  const auto& tokens = s.sets.find("RS256")->second.tokens;
  for (const auto& token : tokens) verifier.verify(token);  // fill it, untimed
  auto i = static_cast<std::size_t>(state.thread_index()) * 32;
  for (auto _ : state) {
    if (!verifier.verify(tokens[i++ % tokens.size()])) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyCachedOwnCachePerThread)->Threads(1)->Threads(2)->UseRealTime();

// aws-jwt-verify's verifySync in node on the same tokens; its rates are the counters.
void BM_AwsJwtVerifySync(benchmark::State& state, std::string_view alg) {
  const fs::path root = FRESHAUTH_SOURCE_DIR;
  if (!fs::exists(root / "node_modules/aws-jwt-verify/package.json")) {
    missing_baseline() = "node_modules/aws-jwt-verify is not installed (npm ci)";
    state.SkipWithError("BASELINE MISSING: node_modules/aws-jwt-verify");
    return;
  }
  auto& s = setup();
  const fs::path input = fs::temp_directory_path() / "freshauth-verify-bench.json";
  std::ofstream(input) << nlohmann::json{{"userPoolId", testing::kUserPoolId},
                                         {"clientId", testing::kClientId},
                                         {"jwks", s.jwks},
                                         {"tokens", s.sets.find(alg)->second.tokens}}
                              .dump();
  platform::ProcessSpec node;
  node.argv = {"node", (root / "bench/verify/aws_jwt_verify_bench.mjs").string(), input.string()};
  node.out = platform::Stdio::pipe;
  nlohmann::json answer;
  for (auto _ : state) {
    const auto run = platform::run_process(node, {}, std::chrono::minutes{5});
    if (!run || !run->exit || run->exit->code != 0) {
      missing_baseline() = "node could not run bench/verify/aws_jwt_verify_bench.mjs";
      state.SkipWithError("BASELINE MISSING: node failed");
      break;
    }
    answer = nlohmann::json::parse(run->out, nullptr, /*allow_exceptions=*/false);
  }
  fs::remove(input);
  if (answer.contains("error")) {
    const std::string why = "aws-jwt-verify cannot verify " + std::string{alg} + ": " +
                            answer["error"].get<std::string>();
    std::fprintf(stderr, "NOTE: %s\n", why.c_str());
    state.SkipWithError(why.c_str());
  } else if (answer.is_object()) {
    state.counters["node_per_second"] = answer.value("per_second", 0.0);
    state.counters["node_per_cpu_second"] = answer.value("per_cpu_second", 0.0);
  }
}
BENCHMARK_CAPTURE(BM_AwsJwtVerifySync, RS256, "RS256")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AwsJwtVerifySync, ES256, "ES256")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AwsJwtVerifySync, EdDSA, "EdDSA")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace freshauth

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!freshauth::missing_baseline().empty()) {
    std::fprintf(stderr, "BASELINE MISSING: %s\n", freshauth::missing_baseline().c_str());
    return 77;
  }
  return 0;
}
