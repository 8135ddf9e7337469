// Authenticated GETs per second through freshauth::Client against the embedded idp's /api/user,
// next to plain libcurl doing the same GET (same server, one reused easy handle per thread, a
// fixed token, no freshauth). The difference is what the library costs per call.
#include <benchmark/benchmark.h>
#include <curl/curl.h>

#include <memory>
#include <string>

#include "freshauth/client/client.h"
#include "freshauth/curl/curl_auth_headers.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/http/auth_headers.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/partner_idp.h"

namespace {

using freshauth::testing::PartnerIdp;

struct World {
  World() {
    auto transport = std::make_shared<freshauth::CurlTransport>(
        freshauth::CurlTransportOptions{.max_idle_connections = 128});
    engine = std::make_unique<freshauth::SessionEngine>(
        std::make_shared<freshauth::PartnerAuthenticator>(
            freshauth::PartnerAuthenticatorOptions{server.base_url(), false, transport}));
    engine->sign_in({"bench", PartnerIdp::kPassword}, {"p-bench", {}, {}}).value();
    client = std::make_unique<freshauth::Client>(
        *engine, freshauth::ClientOptions{server.base_url(), transport, {}});
    url = server.base_url() + PartnerIdp::kApi;
  }

  PartnerIdp server{std::make_shared<freshauth::SystemClock>(),
                    freshauth::testing::PartnerIdpOptions{.threads = 8}};
  std::unique_ptr<freshauth::SessionEngine> engine;
  std::unique_ptr<freshauth::Client> client;
  std::string url;
};

World& world() {
  static World instance;
  return instance;
}

void BM_ClientGet(benchmark::State& state) {
  auto& client = *world().client;
  for (auto _ : state) {
    auto response = client.try_request("GET", PartnerIdp::kApi);
    if (!response.ok()) state.SkipWithError(response.error().message.c_str());
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}

// Keeps the body, as any client that uses the answer must; dropping it would flatter the baseline.
std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

void BM_PlainCurlGet(benchmark::State& state) {
  World& w = world();
  // The token is fixed for the run: what a hand-written client without refresh logic would do.
  const auto auth = freshauth::AuthHeaders::from(w.engine->ensure_fresh());
  CURL* curl = curl_easy_init();
  const freshauth::CurlHeaderList headers = freshauth::apply_auth_headers(
      curl, auth,
      freshauth::CurlHeaderList{curl_slist_append(nullptr, "Accept: application/json")});
  std::string sink;
  curl_easy_setopt(curl, CURLOPT_URL, w.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &keep_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  for (auto _ : state) {
    sink.clear();
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status != 200) state.SkipWithError("plain curl GET failed");
  }
  curl_easy_cleanup(curl);
  state.SetItemsProcessed(state.iterations());
}

// The library's own part of a call, without the network: fresh-path check plus header snapshot.
void BM_EnsureFreshAndSnapshot(benchmark::State& state) {
  auto& engine = *world().engine;
  for (auto _ : state) {
    auto headers = freshauth::AuthHeaders::from(engine.ensure_fresh());
    benchmark::DoNotOptimize(headers);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_PlainCurlGet)->Threads(1)->Threads(64)->UseRealTime();
BENCHMARK(BM_ClientGet)->Threads(1)->Threads(64)->UseRealTime();
BENCHMARK(BM_EnsureFreshAndSnapshot)->Threads(1)->Threads(64)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
