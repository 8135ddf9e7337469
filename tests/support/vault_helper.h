#pragma once

// A credential helper for CommandSecretStore in the documented protocol
// (docs/credential-helpers.md), as a shell script: keeps secrets as files in a `vault` folder
// beside itself and logs its arguments to vault.argv. Write it to a file with mode 0700 and run it.
namespace freshauth::testing {

inline constexpr const char* kVaultHelper = R"sh(#!/bin/sh
vault="$(dirname "$0")/vault"
echo "$@" >> "$vault.argv"
key=; secret=
while IFS= read -r line; do
  case "$line" in
    key=*) key=${line#key=} ;;
    secret=*) secret=${line#secret=} ;;
  esac
done
mkdir -p "$vault"
case "$1" in
  get) if [ -f "$vault/$key" ]; then printf 'secret=%s\n' "$(cat "$vault/$key")"; fi ;;
  store) printf '%s' "$secret" > "$vault/$key" ;;
  erase) rm -f "$vault/$key" ;;
  *) exit 2 ;;
esac
)sh";

}  // namespace freshauth::testing
