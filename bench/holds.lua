-- wrk script for bench/holds.sh: POST /api/v1/reservations, a fresh signed-in user per request (TOKENS_FILE: one
-- access token per line, minted by bench/bench-issuer.java; thread k of n takes tokens k, k+n, ...).
-- SEATS_FILE lists "scheduleId seatId" lines. MODE=cycle: thread k of n takes seats k, k+n, k+2n... (each seat once
-- while they last); MODE=random: any seat at random (contention). Counts 201 / 409 / other per thread.
local seats = {}
for line in io.lines(os.getenv("SEATS_FILE")) do
  local schedule, seat = line:match("(%S+) (%S+)")
  seats[#seats + 1] = { schedule, seat }
end
local mode = os.getenv("MODE") or "random"
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  nthreads = tonumber(os.getenv("THREADS") or "2")
  cursor = id
  token_cursor = id
  won, taken, other = 0, 0, 0
end

function next_token()
  token_cursor = token_cursor + nthreads
  return tokens[(token_cursor % #tokens) + 1]
end

function request()
  local s
  if mode == "cycle" then
    s = seats[(cursor % #seats) + 1]
    cursor = cursor + nthreads
  else
    s = seats[math.random(1, #seats)]
  end
  local body = '{"scheduleId":"' .. s[1] .. '","seatId":"' .. s[2] .. '"}'
  return wrk.format("POST", "/api/v1/reservations",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. next_token(),
      -- the room the gateway relays for a fan admitted to this schedule's sale
      ["X-Queue-Room"] = s[1] }, body)
end

function response(status, headers, body)
  if status == 201 then won = won + 1 elseif status == 409 then taken = taken + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local w, t, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    w = w + thread:get("won"); t = t + thread:get("taken"); o = o + thread:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d won=%d taken=%d other=%d errors=%d rps=%.0f p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests, w, t, o, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
