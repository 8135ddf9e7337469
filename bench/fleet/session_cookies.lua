-- wrk script: GET /api/items (a route the BFF proxies) with X-CSRF: 1 and the session cookie of a
-- random one of the sessions listed in the file named after `--` (one session id a line):
--   wrk ... -s session_cookies.lua URL -- COOKIE_FILE [PACE_MS]
-- With PACE_MS, each connection pauses that many milliseconds after each answer (wrk's delay()),
-- so that a number of connections sends a rate below the server's peak.
-- Counts every answer other than 2xx ("non-2xx answers: N" at the end): wrk's own count leaves
-- out 3xx.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  failed = 0
  math.randomseed(os.time())
  local pace_ms = tonumber(args[2])
  if pace_ms then
    -- wrk looks for delay() after the first thread's init().
    function delay()
      return pace_ms
    end
  end
end

function request()
  return wrk.format("GET", "/api/items", {
    ["Cookie"] = "__Host-freshauth-session=" .. ids[math.random(#ids)],
    ["X-CSRF"] = "1",
  })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failed")
  end
  io.write(string.format("non-2xx answers: %d\n", total))
end
