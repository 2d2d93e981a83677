-- wrk script: GET with a bearer token, each connection pausing DELAY_MS between requests, to hold a fixed request rate
-- (Debian's wrk has no -R): connections x 1000 / (DELAY_MS + latency) requests a second.
local token = os.getenv("TOKEN")
local pause = tonumber(os.getenv("DELAY_MS") or "0")

function init(args)
  if token and #token > 0 then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function delay()
  return pause
end
