// cpp-httplib: pass the snapshot's headers with each call.
#include <httplib.h>

#include <iostream>

#include "example_session.h"
#include "freshauth/http/auth_headers.h"

int main() {
  auto engine = example::signed_in_engine();
  if (!engine) return 1;
  httplib::Client http(example::base_url());

  const auto auth = freshauth::AuthHeaders::from(engine->ensure_fresh());
  httplib::Headers headers{{"Accept", "application/json"}};
  const freshauth::HttpHeaders snapshot = auth.as_headers();
  for (const auto& [name, value] : snapshot.fields()) headers.emplace(name, value);

  const auto response = http.Get("/api/user", headers);
  if (!response) {
    std::cerr << httplib::to_string(response.error()) << "\n";
    return 1;
  }
  if (response->status == 401) {
    engine->report_unauthorized(auth.generation);  // no retry: sign in again
    std::cerr << "session expired\n";
    return 1;
  }
  std::cout << response->status << " " << response->body << "\n";
  return response->status == 200 ? 0 : 1;
}
