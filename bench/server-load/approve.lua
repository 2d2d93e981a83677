-- wrk script: each connection approves the next release of its own slice once, then stops its thread when the slice is used up.
-- FIRST (first id), COUNT (how many) and TOKEN come from the environment; threads split the range evenly. With DELAY_MS,
-- each connection pauses that long between requests, to hold a fixed rate (Debian's wrk has no -R).
local first = tonumber(os.getenv("FIRST"))
local count = tonumber(os.getenv("COUNT"))
local token = os.getenv("TOKEN")
local pause = tonumber(os.getenv("DELAY_MS") or "0")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local per = math.floor(count / tonumber(os.getenv("THREADS")))
  next_id = first + id * per
  last_id = next_id + per - 1
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"stage":"product","comment":"load"}'
  non2xx = 0
end

function request()
  if next_id > last_id then
    wrk.thread:stop()
  end
  local path = "/api/v1/releases/" .. next_id .. "/approvals"
  next_id = next_id + 1
  return wrk.format(nil, path)
end

function response(status, headers, body)
  if status ~= 200 then
    non2xx = non2xx + 1
  end
end

function delay()
  return pause
end
