-- What the target said about its quota (RedisThrottles.observed). It allows ARGV[5] calls a minute
-- (0: not said) and has ARGV[1] left until epoch ms ARGV[2]: a said limit becomes the bucket's rate
-- ('learned'); none left pauses the bucket until the reset; fewer left than the rate (ARGV[3] per ms, or
-- the learned one) would spend lowers it until then.
-- KEYS[1] the bucket (hash, with its pause in field 'paused'); ARGV[4] the bucket's time to live in ms;
-- ARGV[6] now, epoch ms of the caller's clock
-- Returns 0 when nothing changed but a learned rate, 1 when paused, 2 when the rate was lowered.
local now = tonumber(ARGV[6])
local limit = tonumber(ARGV[5])
local rate = tonumber(ARGV[3])
-- sets the bucket's time to live to at least ms, never shortening it (a pause may need it longer)
local function keep(ms)
  if redis.call('PTTL', KEYS[1]) < ms then
    redis.call('PEXPIRE', KEYS[1], ms)
  end
end
if limit > 0 then
  rate = limit / 60000
  redis.call('HSET', KEYS[1], 'learned', tostring(rate))
  keep(tonumber(ARGV[4]))
end
local reset = tonumber(ARGV[2])
if reset <= now then return 0 end
local remaining = tonumber(ARGV[1])
if remaining <= 0 then
  local current = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
  if reset > current then
    redis.call('HSET', KEYS[1], 'paused', string.format('%d', reset))
    keep(reset - now + 1000)
  end
  return 1
end
local allowed = remaining / (reset - now)
if allowed < rate then
  redis.call('HSET', KEYS[1], 'limit', tostring(allowed), 'limit_until', string.format('%d', reset))
  keep(math.max(reset - now + 1000, tonumber(ARGV[4])))
  return 2
end
return 0
