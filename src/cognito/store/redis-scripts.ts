// Lua scripts of RedisCognitoStore: each runs atomically in Redis. Expiring sets are sorted sets
// scored by their members' expiry in Redis's own milliseconds (TIME), so instances whose clocks
// disagree still agree on what has expired; the key itself expires with its last member.

const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/** KEYS[1] set, ARGV[1] member, ARGV[2] ttl ms. Drops expired members; an expiry only extends (GT). */
export const ADD_MEMBER = `${NOW}
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], 'GT', now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;

/** KEYS[1] set. Drops expired members; returns member, ms left, member, ms left, … */
export const LIVE_MEMBERS = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local flat = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 2, #flat, 2 do flat[i] = tostring(tonumber(flat[i]) - now) end
return flat`;

/** KEYS[1] key, ARGV[1] value: deletes the key only while it holds that value (releasing one's own lock). */
export const DELETE_IF_VALUE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
