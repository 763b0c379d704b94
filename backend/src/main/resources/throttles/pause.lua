-- Pauses a bucket (RedisThrottles.slowDown): raises its "paused until", never lowers it.
-- KEYS[1] the bucket's pause (epoch ms); ARGV[1] the wait in ms; ARGV[2] now, epoch ms of the caller's clock
-- Returns the epoch ms until which this call asked the bucket to pause.
local untilMs = tonumber(ARGV[2]) + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%d', untilMs), 'PX', tonumber(ARGV[1]) + 1000)
end
return untilMs
