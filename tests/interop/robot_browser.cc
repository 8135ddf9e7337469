#include "interop/robot_browser.h"

#include <curl/curl.h>

#include <memory>
#include <optional>

#include "interop/html_form.h"

namespace freshauth::testing {
namespace {

constexpr int kMaxForms = 10;

using EasyHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

struct Page {
  int status = 0;
  std::string url;  // after redirects
  std::string body;
};

size_t append(char* data, size_t size, size_t count, void* page_body) {
  static_cast<std::string*>(page_body)->append(data, size * count);
  return size * count;
}

std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

std::string escape(CURL* curl, const std::string& text) {
  char* escaped = curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size()));
  std::string out = escaped != nullptr ? escaped : "";
  curl_free(escaped);
  return out;
}

// Resolves a form's action against the page it is on.
std::string resolve(const std::string& action, const std::string& page_url) {
  if (action.empty()) return page_url;
  if (action.starts_with("http://") || action.starts_with("https://")) return action;
  const auto host_start = page_url.find("://");
  const auto path_start = page_url.find('/', host_start == std::string::npos ? 0 : host_start + 3);
  const std::string origin = page_url.substr(0, path_start);
  if (action.starts_with('/')) return origin + action;
  return without_query(page_url).substr(0, without_query(page_url).rfind('/') + 1) + action;
}

// One request, following redirects (a POST answered by 302/303 continues as GET, as browsers do).
std::optional<Page> fetch(CURL* curl, const std::string& url, const std::string* form_body,
                          std::string& error) {
  Page page;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (form_body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form_body->c_str());
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &page.body);
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    error =
        std::string{"request to "} + without_query(url) + " failed: " + curl_easy_strerror(code);
    return std::nullopt;
  }
  long status = 0;
  char* effective_url = nullptr;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective_url);
  page.status = static_cast<int>(status);
  page.url = effective_url != nullptr ? effective_url : url;
  return page;
}

}  // namespace

RobotBrowser::RobotBrowser(std::string login, std::string password,
                           std::chrono::seconds request_timeout)
    : login_(std::move(login)), password_(std::move(password)), request_timeout_(request_timeout) {}

RobotVisit RobotBrowser::open(const std::string& url) {
  RobotVisit visit;
  EasyHandle curl{curl_easy_init(), &curl_easy_cleanup};
  if (!curl) {
    visit.error = "curl_easy_init failed";
    return visit;
  }
  curl_easy_setopt(curl.get(), CURLOPT_COOKIEFILE, "");  // an in-memory cookie jar
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS,
                   static_cast<long>(request_timeout_.count() * 1000));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &append);

  auto page = fetch(curl.get(), url, nullptr, visit.error);
  while (page) {
    visit.status = page->status;
    visit.last_page = without_query(page->url);
    const auto form = first_form(page->body);
    if (!form) {
      visit.finished = true;
      return visit;
    }
    if (visit.forms_submitted == kMaxForms) {
      visit.error = "still shown a form after " + std::to_string(kMaxForms) + " submissions";
      return visit;
    }
    std::string body;
    for (const auto& [name, value] : form->fields) {
      std::string filled = value;
      if (name == "login") filled = login_;
      if (name == "password") filled = password_;
      if (name == "user_code" && value.empty()) filled = user_code_;
      if (!body.empty()) body += '&';
      body += escape(curl.get(), name) + '=' + escape(curl.get(), filled);
    }
    ++visit.forms_submitted;
    const std::string target = resolve(form->action, page->url);
    if (form->method == "post") {
      page = fetch(curl.get(), target, &body, visit.error);
    } else {
      page = fetch(curl.get(), target + (target.find('?') == std::string::npos ? '?' : '&') + body,
                   nullptr, visit.error);
    }
  }
  return visit;
}

}  // namespace freshauth::testing
