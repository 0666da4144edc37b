"""Lua scripts that make each article transition atomic and idempotent (see store.Store).

The `counters` hash always equals the sizes of the `done` and `failed` sets: every script that adds an id
to one of them or removes it counts the change by what ZADD and ZREM report, never by the status alone.
"""

# Helpers prepended to the scripts below. KEYS[c] is the counters hash in every script that uses them.
_COUNTED = """
local function counted_add(set, name, counters, score, id)
  if redis.call('ZADD', set, score, id) == 1 then redis.call('HINCRBY', counters, name, 1) end
end
local function counted_rem(set, name, counters, id)
  if redis.call('ZREM', set, id) == 1 then redis.call('HINCRBY', counters, name, -1) end
end
"""

# KEYS: article, queued, processing, done, failed, counters
# ARGV: id, text, force, now_ts, field, value, ...
# Returns 0 when the same text is already queued, processing or done (and not forced), else 1.
# A re-queued article keeps its `indexes` list so its next commit can remove stale index entries.
ENQUEUE = (
    _COUNTED
    + """
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'failed' and ARGV[3] ~= '1' then
  if redis.call('HGET', KEYS[1], 'text') == ARGV[2] then return 0 end
end
local indexes = redis.call('HGET', KEYS[1], 'indexes')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
if indexes then redis.call('HSET', KEYS[1], 'indexes', indexes) end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
counted_rem(KEYS[4], 'done', KEYS[6], ARGV[1])
counted_rem(KEYS[5], 'failed', KEYS[6], ARGV[1])
return 1
"""
)

# KEYS: article, queued, processing, done, failed, counters
# ARGV: id, text, now_iso, now_ts, field, value, ...
# Returns the delivery count, or -1 when this text already finished (a redelivered duplicate).
START = (
    _COUNTED
    + """
local status = redis.call('HGET', KEYS[1], 'status')
if status then
  if redis.call('HGET', KEYS[1], 'text') ~= ARGV[2] then
    local indexes = redis.call('HGET', KEYS[1], 'indexes')
    redis.call('DEL', KEYS[1])
    if indexes then redis.call('HSET', KEYS[1], 'indexes', indexes) end
    counted_rem(KEYS[4], 'done', KEYS[6], ARGV[1])
    counted_rem(KEYS[5], 'failed', KEYS[6], ARGV[1])
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
)

# KEYS: article, done, failed, queued, processing, deadletter, counters, events
# ARGV: id, status, result_sha, now_ts, now_iso, error, deadletter_maxlen, ttl_s, events_maxlen,
#       pipeline_version, index entries as JSON {key: score}, guard, dead-letter extras as JSON,
#       field, value, ...
# Returns 0 when this exact result is already committed (nothing changes, except that a refused message,
# `guard` '1', still gets its dead letter and a `repeat` event), 2 when `guard` is '1' and the article is
# done (a refused message never undoes a finished article: only the dead letter and a `repeat` event are
# written), else 1. Index entries the article had before and no longer has are removed, so
# reprocessing never leaves stale entries.
COMMIT = (
    _COUNTED
    + """
local current = redis.call('HMGET', KEYS[1], 'status', 'result_sha', 'attempts', 'indexes',
                           'pipeline_version')
local letter = {'id', ARGV[1], 'error', ARGV[6], 'attempts', current[3] or '0', 'time', ARGV[5]}
for field, value in pairs(cjson.decode(ARGV[13])) do
  table.insert(letter, field)
  table.insert(letter, value)
end
local same = current[1] == ARGV[2] and current[2] == ARGV[3]
if same and ARGV[12] == '1' then
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', unpack(letter))
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[9], '*', 'id', ARGV[1], 'status', ARGV[2],
             'finished_at', ARGV[5], 'pipeline_version', ARGV[10], 'repeat', '1', 'error', ARGV[6])
  return 0
end
if same then return 0 end
if ARGV[12] == '1' and current[1] == 'done' then
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', unpack(letter))
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[9], '*', 'id', ARGV[1], 'status', 'done',
             'finished_at', ARGV[5], 'pipeline_version', current[5] or '', 'repeat', '1', 'error', ARGV[6])
  return 2
end
local new = cjson.decode(ARGV[11])
if current[4] then
  for _, key in ipairs(cjson.decode(current[4])) do
    if new[key] == nil then redis.call('ZREM', key, ARGV[1]) end
  end
end
local names = {}
for key, score in pairs(new) do
  redis.call('ZADD', key, score, ARGV[1])
  table.insert(names, key)
end
table.sort(names)
local listed = '[]'
if #names > 0 then listed = cjson.encode(names) end
redis.call('HSET', KEYS[1], 'indexes', listed, unpack(ARGV, 14))
if ARGV[2] == 'done' then
  counted_add(KEYS[2], 'done', KEYS[7], ARGV[4], ARGV[1])
  counted_rem(KEYS[3], 'failed', KEYS[7], ARGV[1])
else
  counted_add(KEYS[3], 'failed', KEYS[7], ARGV[4], ARGV[1])
  counted_rem(KEYS[2], 'done', KEYS[7], ARGV[1])
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', unpack(letter))
end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[9], '*', 'id', ARGV[1], 'status', ARGV[2],
           'finished_at', ARGV[5], 'pipeline_version', ARGV[10])
if tonumber(ARGV[8]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[8]) end
return 1
"""
)

# KEYS: article, events, counters
# ARGV: id, events_maxlen, now_iso
# A message for an article that already finished with the same text: one `repeat` event with its status,
# so a consumer waiting on the stream for this delivery always gets an answer. Returns 1.
REPEAT = """
local current = redis.call('HMGET', KEYS[1], 'status', 'pipeline_version', 'finished_at')
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[1], 'status', current[1] or 'unknown',
           'finished_at', current[3] or ARGV[3], 'pipeline_version', current[2] or '', 'repeat', '1')
return 1
"""
