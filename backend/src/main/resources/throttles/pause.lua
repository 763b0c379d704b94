-- Pauses a bucket (RedisThrottles.slowDown): raises its "paused until", never lowers it.
-- KEYS[1] the bucket (hash; field 'paused', epoch ms); ARGV[1] the wait in ms; ARGV[2] now, epoch ms of
-- the caller's clock
-- Returns the epoch ms until which this call asked the bucket to pause.
local untilMs = tonumber(ARGV[2]) + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if untilMs > current then
  redis.call('HSET', KEYS[1], 'paused', string.format('%d', untilMs))
  -- the bucket outlives its pause (never shortened: it may hold a longer-lived learned rate)
  local keep = tonumber(ARGV[1]) + 1000
  if redis.call('PTTL', KEYS[1]) < keep then
    redis.call('PEXPIRE', KEYS[1], keep)
  end
end
return untilMs
