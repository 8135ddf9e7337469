#include "cognito_call_load.h"

#include <curl/curl.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

namespace freshauth::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  explicit HeaderList(const LoadRequest& request) {
    // Without an empty Expect, libcurl waits for 100-continue before bodies over 1 KiB.
    add("Expect:");
    if (!request.amz_target.empty()) {
      add("Content-Type: application/x-amz-json-1.1");
      add("X-Amz-Target: AWSCognitoIdentityProviderService." + request.amz_target);
    }
    if (!request.bearer_token.empty()) add("Authorization: Bearer " + request.bearer_token);
    if (!request.extra_header.empty()) add(request.extra_header);
  }
  ~HeaderList() { curl_slist_free_all(list); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// One connection's easy handle with its own answer buffer.
struct Transfer {
  CURL* easy = curl_easy_init();
  std::string body;
  Transfer(const LoadRequest& request, const HeaderList& headers) {
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);  // a stuck server ends the run, not hangs it
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.list);
    if (!request.body.empty()) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &keep_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
  }
  ~Transfer() { curl_easy_cleanup(easy); }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  bool succeeded(CURLcode code, const std::string& expect) const {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return code == CURLE_OK && status == 200 && body.find(expect) != std::string::npos;
  }
};

// User plus system time of a process and all its threads, from /proc/PID/stat; 0 if unreadable.
double cpu_seconds(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  const std::string stat{std::istreambuf_iterator<char>(in), {}};
  const std::size_t after_name = stat.rfind(')');  // the command name may hold spaces
  if (after_name == std::string::npos) return 0;
  std::istringstream fields{stat.substr(after_name + 2)};
  std::string field;
  long long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // fields 14 and 15: utime, stime
    if (i >= 14) ticks += std::stoll(field);
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

LoadResult run_load(const LoadRequest& request, int connections, pid_t server,
                    std::chrono::milliseconds warm_up, std::chrono::milliseconds measure) {
  const HeaderList headers{request};
  CURLM* multi = curl_multi_init();
  std::vector<std::unique_ptr<Transfer>> transfers;
  for (int i = 0; i < connections; ++i) {
    transfers.push_back(std::make_unique<Transfer>(request, headers));
    curl_multi_add_handle(multi, transfers.back()->easy);
  }
  const auto measure_from = Clock::now() + warm_up;
  const auto end = measure_from + measure;
  LoadResult result;
  result.seconds = std::chrono::duration<double>(measure).count();
  std::optional<double> cpu_at_start;
  std::optional<double> cpu_at_end;
  int running = connections;
  while (running > 0) {
    if (!cpu_at_start && Clock::now() >= measure_from) cpu_at_start = cpu_seconds(server);
    if (!cpu_at_end && Clock::now() >= end) cpu_at_end = cpu_seconds(server);
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      const auto now = Clock::now();
      if (now >= measure_from && now < end) {
        ++(transfer->succeeded(message->data.result, request.expect) ? result.answered
                                                                     : result.failed);
      }
      curl_multi_remove_handle(multi, transfer->easy);
      transfer->body.clear();
      if (now < end) {
        curl_multi_add_handle(multi, transfer->easy);  // the same connection, kept alive
        ++running;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  transfers.clear();
  curl_multi_cleanup(multi);
  if (cpu_at_start && cpu_at_end) result.server_cpu_seconds = *cpu_at_end - *cpu_at_start;
  return result;
}

std::string call_once(const LoadRequest& request) {
  const HeaderList headers{request};
  Transfer transfer{request, headers};
  const CURLcode code = curl_easy_perform(transfer.easy);
  return transfer.succeeded(code, request.expect) ? transfer.body : std::string{};
}

}  // namespace freshauth::bench
