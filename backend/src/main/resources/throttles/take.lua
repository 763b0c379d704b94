-- Refills the token bucket for the time passed and takes one token (RedisThrottles.acquire).
-- KEYS[1] the bucket (hash: tokens, ts, limit, limit_until, learned, paused); one key, so the script runs
-- on whichever Redis Cluster node holds it
-- ARGV[1] the configured rate per ms; ARGV[2] the burst, in ms of that rate; ARGV[3] the bucket's
-- time to live in ms; ARGV[4] now, epoch ms of the caller's clock
-- Returns 0 when a token was taken, else how many ms to wait before asking again: negative while the
-- bucket is paused (a wait the target asked for), positive when only the rate holds it back.
-- A rate the target reported ('learned') replaces the configured one; a lowered rate ('limit' until
-- 'limit_until') applies on top.
local now = tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'limit', 'limit_until', 'learned', 'paused')
local paused = tonumber(h[6] or '0')
if paused > now then return now - paused end
local rate = tonumber(h[5] or ARGV[1])
local cap = math.max(1, rate * tonumber(ARGV[2]))
if h[3] and tonumber(h[4] or '0') > now and tonumber(h[3]) < rate then
  cap = math.max(1, cap * tonumber(h[3]) / rate)
  rate = tonumber(h[3])
end
local tokens = tonumber(h[1] or cap)
local ts = tonumber(h[2] or now)
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
-- 'ts' never moves back: a caller whose clock runs behind another's refills nothing until it catches
-- up, so clocks that disagree slightly can only slow the bucket, never refill the same time twice
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(ts, now)))
-- never shortens the time to live: a lowered rate or a learned one may need the bucket for longer
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return wait
