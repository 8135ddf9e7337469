// The freshauth::Client wrapper: fresh token, both headers, no 401 retry, JSON on demand.
#include <iostream>

#include "example_session.h"
#include "freshauth/http/client.h"
#include "freshauth/http/http_error.h"

int main() {
  auto engine = example::signed_in_engine();
  if (!engine) return 1;
  freshauth::Client client(*engine, {example::base_url(), nullptr, {}});

  // Errors as values...
  auto items = client.try_request("GET", "/api/items");
  if (!items) {
    std::cerr << "GET /api/items: " << items.error().describe() << "\n";
  } else if (auto json = items->try_json()) {
    std::cout << json->dump(2) << "\n";
  }

  // ...or as exceptions.
  try {
    std::cout << client.post("/api/items", {{"name", "example"}}).json().dump() << "\n";
  } catch (const freshauth::HttpError& error) {
    std::cerr << "HTTP " << error.status() << ": " << error.what() << "\n";
  } catch (const freshauth::AuthError& error) {
    if (error.code() == freshauth::Errc::session_expired) std::cerr << "sign in again\n";
    return 1;
  }
  return 0;
}
