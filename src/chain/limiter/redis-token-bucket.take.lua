--[[
  Takes one token for a queued ticket, or says how long to wait.
  KEYS[1] state hash: tokens, ts, seq, pausedUntil, pauseReason, dailyCapUntil, banCount, banLastAt
  KEYS[2] queue zset: ticket -> arrival sequence
  KEYS[3] lease zset: ticket -> lease expiry (ms)
  KEYS[4] today's request counter
  ARGV[1] now (ms)  ARGV[2] refill per second  ARGV[3] burst  ARGV[4] ticket  ARGV[5] lease (ms)
  ARGV[6] daily budget  ARGV[7] next 00:00 UTC (ms)  ARGV[8] counter ttl (s)  ARGV[9] margin tokens
  Returns {0, requestsToday} granted | {1, waitMs} wait | {2, until, reason} paused
        | {3, until, source} daily budget spent
]]
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local ticket = ARGV[4]
local leaseMs = tonumber(ARGV[5])
local budget = tonumber(ARGV[6])

-- Tickets whose callers stopped renewing them (killed processes) no longer hold anyone back.
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for i = 1, #expired do
  redis.call('ZREM', KEYS[3], expired[i])
  redis.call('ZREM', KEYS[2], expired[i])
end

local st = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'pausedUntil', 'pauseReason', 'dailyCapUntil')
local used = tonumber(redis.call('GET', KEYS[4])) or 0
local dailyCapUntil = tonumber(st[5]) or 0
if dailyCapUntil > now then
  redis.call('ZREM', KEYS[2], ticket)
  redis.call('ZREM', KEYS[3], ticket)
  return {3, dailyCapUntil, 'daily_cap'}
end
if used >= budget then
  redis.call('ZREM', KEYS[2], ticket)
  redis.call('ZREM', KEYS[3], ticket)
  return {3, tonumber(ARGV[7]), 'daily_budget'}
end

local tokens = tonumber(st[1]) or burst
local ts = tonumber(st[2]) or now
if tokens > burst then tokens = burst end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
  ts = now
end

if not redis.call('ZSCORE', KEYS[2], ticket) then
  redis.call('ZADD', KEYS[2], redis.call('HINCRBY', KEYS[1], 'seq', 1), ticket)
end
redis.call('ZADD', KEYS[3], now + leaseMs, ticket)

local pausedUntil = tonumber(st[3]) or 0
if pausedUntil > now then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', ts))
  return {2, pausedUntil, st[4] or 'rate_limited'}
end

local rank = redis.call('ZRANK', KEYS[2], ticket)
local need = rank + 1 + math.min(tonumber(ARGV[9]) or 0, math.max(0, burst - 1))
if tokens >= need then
  tokens = tokens - 1
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', ts))
  redis.call('ZREM', KEYS[2], ticket)
  redis.call('ZREM', KEYS[3], ticket)
  local n = redis.call('INCR', KEYS[4])
  if n == 1 then redis.call('EXPIRE', KEYS[4], tonumber(ARGV[8])) end
  return {0, n}
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', ts))
return {1, math.ceil((need - tokens) * 1000 / rate)}
