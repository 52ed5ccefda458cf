-- Token bucket, one call per request: refill, take a token, store, expire.
-- KEYS[1]  the bucket: a hash {tokens, ts}, ts in microseconds of Redis time
-- ARGV[1]  rate, tokens per second (> 0)
-- ARGV[2]  burst, the bucket size (>= 1)
-- ARGV[3]  optional "refund": give one token back (up to burst) instead
-- Returns  {allowed 0|1, remaining tokens, µs until full, µs until one token (0 if allowed)}
-- Keep the arithmetic in step with take() in memory.go.

-- Redis < 5 replicates scripts verbatim unless told to replicate effects,
-- which TIME (non-deterministic) requires; later versions always do.
if redis.replicate_commands then redis.replicate_commands() end

local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local epsilon = 1e-9
local max_us = 1e15 -- about 31 years: keeps replies and PEXPIRE in range

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = burst
  last = now
end
if now > last then
  tokens = tokens + (now - last) * rate / 1000000
end
if tokens > burst then tokens = burst end

local allowed = 0
local retry = 0
if ARGV[3] == 'refund' then
  allowed = 1
  tokens = math.min(tokens + 1, burst)
elseif tokens >= 1 - epsilon then
  allowed = 1
  tokens = math.max(tokens - 1, 0)
else
  retry = math.min(math.ceil((1 - tokens) / rate * 1000000), max_us)
end
local reset = math.min(math.ceil((burst - tokens) / rate * 1000000), max_us)

-- Numbers become strings with 14 significant digits when passed to
-- redis.call; format them so that no precision is lost.
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(math.ceil(reset / 1000), 1)))

return {allowed, math.min(math.floor(tokens + epsilon), burst), reset, retry}
