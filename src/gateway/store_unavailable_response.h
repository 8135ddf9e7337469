#pragma once

#include "freshauth/server/server_response.h"

// What the gateway answers while its store (Redis) cannot be reached, whatever the request
// needed from it (a pending sign-in, a session): 503 {"error":"store_unavailable", ...} with
// Retry-After. Never "not signed in": the store's silence says nothing about the session.
namespace freshauth::gateway {

server::ServerResponse store_unavailable_response();

}  // namespace freshauth::gateway
