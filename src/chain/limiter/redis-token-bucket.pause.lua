--[[
  Records a 429 or 418 for every process sharing the bucket.
  KEYS[1] state hash
  ARGV[1] now (ms)  ARGV[2] 'rate_limited' | 'banned'  ARGV[3] rate-limit pause (ms)
  ARGV[4] first ban pause (ms)  ARGV[5] longest ban pause (ms)  ARGV[6] ban memory (ms)
  Returns {pausedUntil, reason}
]]
local now = tonumber(ARGV[1])
local reason = ARGV[2]
local st = redis.call('HMGET', KEYS[1], 'pausedUntil', 'pauseReason', 'banCount', 'banLastAt')
local pausedUntil = tonumber(st[1]) or 0
-- A ban in force is never shortened or re-counted by answers to requests sent before it began.
if pausedUntil > now and st[2] == 'banned' then
  return {pausedUntil, 'banned'}
end
local untilMs
if reason == 'banned' then
  local count = tonumber(st[3]) or 0
  local last = tonumber(st[4]) or 0
  if now - last > tonumber(ARGV[6]) then count = 0 end
  count = count + 1
  untilMs = now + math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ (count - 1))
  redis.call('HSET', KEYS[1], 'banCount', count, 'banLastAt', string.format('%d', now))
  if untilMs < pausedUntil then untilMs = pausedUntil end
  redis.call('HSET', KEYS[1], 'pausedUntil', string.format('%d', untilMs), 'pauseReason', 'banned')
else
  untilMs = now + tonumber(ARGV[3])
  if untilMs > pausedUntil then
    redis.call('HSET', KEYS[1], 'pausedUntil', string.format('%d', untilMs), 'pauseReason', 'rate_limited')
  else
    untilMs = pausedUntil
    reason = st[2] or 'rate_limited'
  end
end
-- Blockfrost's bucket is empty now: ours starts refilling from zero, like theirs.
redis.call('HSET', KEYS[1], 'tokens', '0', 'ts', string.format('%d', now))
return {untilMs, reason}
