// The freshauth::Client wrapper: fresh token, both headers, no 401 retry, JSON on demand.
#include <iostream>

#include "example_session.h"
#include "freshauth/client/client.h"
#include "freshauth/client/http_error.h"

int main() {
  auto engine = example::signed_in_engine();
  if (!engine) return 1;
  freshauth::Client client(*engine, {example::base_url(), nullptr, {}});

  // Errors as values...
  auto user = client.try_request("GET", "/api/user");
  if (!user) {
    std::cerr << "GET /api/user: " << user.error().describe() << "\n";
    return 1;
  }
  auto json = user->try_json();
  if (!json) {
    std::cerr << "GET /api/user: the answer is not JSON\n";
    return 1;
  }
  std::cout << json->dump(2) << "\n";

  // ...or as exceptions.
  try {
    std::cout << client.get("/api/user").json().dump() << "\n";
  } catch (const freshauth::HttpError& error) {
    std::cerr << "HTTP " << error.status() << ": " << error.what() << "\n";
    return 1;
  } catch (const freshauth::AuthError& error) {
    if (error.code() == freshauth::Errc::session_expired) std::cerr << "sign in again\n";
    return 1;
  }
  return 0;
}
