-- wrk's script for bench/e2ebench.py. `wrk -s bench/reports.lua URL -- post THREADS` posts
-- reports to intake, each at a place of its own: a lattice 55 m by 64 m over the sample
-- district (39 x 57 places, so none is within its 50 m merge radius of another), one category
-- after another when the places run out, with the API key KEY (`-- post THREADS KEY`).
-- `-- get THREADS` GETs the URL. done() prints the run's figures as one JSON line.

local ROWS, COLUMNS = 39, 57
local CATEGORIES = {
  "disorderly-parking", "heating-pipe", "neighbour-dispute", "elderly-care",
  "illegal-structure", "property-dispute", "family-dispute", "dangerous-house",
}
local BODY = '{"category": "%s", "lat": %.4f, "long": %.4f, "channel": "app", '
  .. '"description": "网格内发现问题,请尽快处理", "reporter_contact": "13800138000"}'
local HEADERS = {["Content-Type"] = "application/json"}

local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

local sent = 0
function init(args)
  mode, step = args[1], tonumber(args[2])
  HEADERS["X-Api-Key"] = args[3]
end

local function report(n)
  local place = n % (ROWS * COLUMNS)
  local category = CATEGORIES[math.floor(n / (ROWS * COLUMNS)) % #CATEGORIES + 1]
  local lat = 34.5705 + (place % ROWS) * 0.0005
  local long = 105.7005 + math.floor(place / ROWS) * 0.0007
  return string.format(BODY, category, lat, long)
end

function request()
  if mode ~= "post" then
    return wrk.format("GET")
  end
  local n = first + sent * step
  sent = sent + 1
  return wrk.format("POST", nil, HEADERS, report(n))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "non_2xx_3xx": %d, "socket_errors": %d, '
      .. '"p50_ms": %.1f, "p99_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
