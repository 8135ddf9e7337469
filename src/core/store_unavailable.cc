#include "freshauth/core/store_unavailable.h"

namespace freshauth {

// Every store (files, SQLite, Redis) reports a failure to read or write as Errc::storage, and in
// the answers this is asked of (a SessionTable's, a pending-login store's) only a store produces
// that code: the code is the whole test, and no caller reads a message.
bool is_store_unavailable(const Error& error) { return error.code == Errc::storage; }

Error store_unavailable(const Error& cause) {
  return Error{Errc::storage, "the session store is unreachable: " + cause.message, {}};
}

}  // namespace freshauth
