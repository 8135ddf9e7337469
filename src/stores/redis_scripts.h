#pragma once

// The Lua scripts of RedisSessionTableStore: each change to a session's keys is one of them,
// atomic on the server. KEYS are the record (a hash: fence, created_at_ms, sealed), the fence
// counter and the lease, as each script lists them. A change another replica may be waiting for
// (a save, a lease let go, an erase) is published on the channel given as the last ARGV, the
// message being the record's key (RedisChangeNotices).
namespace freshauth::detail::redis_scripts {

// KEYS record, fence; ARGV created_at_ms, sealed, expire_at_ms (0: never), channel. A sign-in:
// the new fence.
inline constexpr const char* kSaveNew = R"lua(
local fence = redis.call('INCR', KEYS[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fence', fence, 'created_at_ms', ARGV[1], 'sealed', ARGV[2])
if ARGV[3] ~= '0' then
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
  redis.call('PEXPIREAT', KEYS[2], ARGV[3])
else
  redis.call('PERSIST', KEYS[2])
end
redis.call('PUBLISH', ARGV[4], KEYS[1])
return fence
)lua";

// KEYS record, lease, fence; ARGV owner, ttl_ms. {-1}: no record; {0, ms}: another holds the
// lease, for ms more; {fence}: the lease, with its fence.
inline constexpr const char* kTakeLease = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, redis.call('PTTL', KEYS[2])}
end
local fence = redis.call('INCR', KEYS[3])
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
return {fence}
)lua";

// KEYS record, fence, lease; ARGV fence, created_at_ms, sealed, owner, channel. 1: saved; 0:
// refused (a newer lease was taken, or the record is gone). Releases the lease if still the
// owner's.
inline constexpr const char* kSaveFenced = R"lua(
local saved = 0
local changed = false
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('HSET', KEYS[1], 'fence', ARGV[1], 'created_at_ms', ARGV[2], 'sealed', ARGV[3])
  saved = 1
  changed = true
end
if redis.call('GET', KEYS[3]) == ARGV[4] then
  redis.call('DEL', KEYS[3])
  changed = true
end
if changed then redis.call('PUBLISH', ARGV[5], KEYS[1]) end
return saved
)lua";

// KEYS record, fence; ARGV idle_end_ms (0: no idle timeout), absolute_timeout_ms (0: none). A
// request used the session: its expiry moves to its idle end, never past its absolute end.
// 1: the record exists. (Epoch milliseconds have 13 digits: exact in Lua's doubles, and printed
// whole by its %.14g.)
inline constexpr const char* kTouch = R"lua(
local created = redis.call('HGET', KEYS[1], 'created_at_ms')
if not created then return 0 end
if ARGV[1] == '0' then return 1 end
local expire_at = tonumber(ARGV[1])
if ARGV[2] ~= '0' then expire_at = math.min(expire_at, tonumber(created) + tonumber(ARGV[2])) end
redis.call('PEXPIREAT', KEYS[1], expire_at)
redis.call('PEXPIREAT', KEYS[2], expire_at)
return 1
)lua";

// KEYS lease; ARGV owner, channel, record key (the message).
inline constexpr const char* kRelease = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
)lua";

// KEYS record, fence; ARGV fence (a huge one erases whatever is there), channel. The fence moves
// on, so that a refresh in flight cannot save the erased session back.
inline constexpr const char* kErase = R"lua(
local stored = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
if stored > tonumber(ARGV[1]) then return 0 end
if redis.call('DEL', KEYS[1]) == 1 then redis.call('PUBLISH', ARGV[2], KEYS[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCR', KEYS[2]) end
return 1
)lua";

// KEYS the plan counters of the candidate seconds, the preferred one first; ARGV crowded, then
// each counter's expiry (epoch ms). The counter a plan goes in (the preferred one while it holds
// fewer than crowded, else the lowest), counted; its index from 0.
inline constexpr const char* kCountPlannedRefresh = R"lua(
local crowded = tonumber(ARGV[1])
local best = 1
local fewest = tonumber(redis.call('GET', KEYS[1]) or '0')
if fewest >= crowded then
  for i = 2, #KEYS do
    local count = tonumber(redis.call('GET', KEYS[i]) or '0')
    if count < fewest then
      best = i
      fewest = count
    end
  end
end
redis.call('INCR', KEYS[best])
redis.call('PEXPIREAT', KEYS[best], ARGV[best + 1])
return best - 1
)lua";

}  // namespace freshauth::detail::redis_scripts
