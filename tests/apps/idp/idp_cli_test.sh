#!/bin/sh
# End-to-end: freshauth idp init / user add / client add / serve on port 0 / SIGTERM.
set -eu
freshauth=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/idp.db"

"$freshauth" idp --db "$db" init >/dev/null
printf 'a long password\n' | "$freshauth" idp --db "$db" user add alice --password-stdin >/dev/null
printf 'a long password\n' | "$freshauth" idp --db "$db" user add bob --mfa totp --password-stdin \
  | grep -q '^otpauth://totp/'
"$freshauth" idp --db "$db" user list | grep -q '^bob.*totp$'
if "$freshauth" idp --db "$db" client add --access-lifetime 5 2>/dev/null; then
  echo "a 5 s lifetime must need --dev"; exit 1
fi
"$freshauth" idp --db "$db" --dev client add --access-lifetime 5 | grep -q '^client id '
test "$(stat -c %a "$db")" = 600

"$freshauth" idp --db "$db" serve --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$dir/out")
curl -fsS -X POST "$url/auth" -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"a long password"}' | grep -q '"RefreshToken"'
curl -fsS "$url/healthz" | grep -q ok
kill -TERM "$pid"
wait "$pid"
if grep -q 'a long password' "$dir/out" "$dir/err"; then echo "password leaked"; exit 1; fi

# A lying server (ExpiresIn overstated) only with --dev, and loudly.
if "$freshauth" idp --db "$db" serve --overstate-expires-in 600 2>/dev/null; then
  echo "--overstate-expires-in must need --dev"; exit 1
fi
"$freshauth" idp --db "$db" --dev serve --listen 127.0.0.1:0 --overstate-expires-in 600 \
  >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$dir/out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$dir/out")
grep -q 'ExpiresIn OVERSTATED by 600 s' "$dir/err"
curl -fsS -X POST "$url/auth" -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"a long password"}' | grep -q '"ExpiresIn":4200'
kill -TERM "$pid"
wait "$pid"
echo "idp cli ok"
