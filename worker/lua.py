"""Lua scripts that make each article transition atomic and idempotent (see store.Store)."""

# KEYS: article, queued, processing, done, failed
# ARGV: id, text, force, now_ts, field, value, ...
# Returns 0 when the same text is already queued, processing or done (and not forced), else 1.
ENQUEUE = """
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'failed' and ARGV[3] ~= '1' then
  if redis.call('HGET', KEYS[1], 'text') == ARGV[2] then return 0 end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
return 1
"""

# KEYS: article, queued, processing, done, failed
# ARGV: id, text, now_iso, now_ts, field, value, ...
# Returns the delivery count, or -1 when this text already finished (a redelivered duplicate).
START = """
local status = redis.call('HGET', KEYS[1], 'status')
if status then
  if redis.call('HGET', KEYS[1], 'text') ~= ARGV[2] then
    redis.call('DEL', KEYS[1])
    redis.call('ZREM', KEYS[4], ARGV[1])
    redis.call('ZREM', KEYS[5], ARGV[1])
  elseif status == 'done' or status == 'failed' then
    return -1
  end
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSETNX', KEYS[1], 'enqueued_at', ARGV[3])
redis.call('HSET', KEYS[1], 'status', 'processing', 'started_at', ARGV[3], unpack(ARGV, 5))
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return attempts
"""

# KEYS: article, done, failed, queued, processing, deadletter, counters
# ARGV: id, status, result_sha, now_ts, now_iso, error, deadletter_maxlen, ttl_s, field, value, ...
# Returns 0 when this exact result is already committed (nothing changes), else 1.
COMMIT = """
local current = redis.call('HMGET', KEYS[1], 'status', 'result_sha', 'attempts')
if current[1] == ARGV[2] and current[2] == ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 9))
if ARGV[2] == 'done' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'id', ARGV[1], 'error', ARGV[6],
             'attempts', current[3] or '0', 'time', ARGV[5])
end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
if current[1] ~= ARGV[2] then redis.call('HINCRBY', KEYS[7], ARGV[2], 1) end
if tonumber(ARGV[8]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[8]) end
return 1
"""
