-- wrk script: replays pre-signed webhooks written by `java bench/LoadGen.java --presign FILE`.
-- Each line of FILE is "<signature>\t<body>"; thread i of n sends lines i, i+n, i+2n, ... in turn
-- and starts over at its end (late requests are then duplicates: make FILE long enough).
--   wrk -t2 -c32 -d60s -s bench/replay.lua URL -- FILE [signature header] [threads] [pause ms | rate/s]
-- A pause makes each connection wait that long after an answer before its next request: the
-- offered rate is then about connections * 1000 / (pause + latency), printed as achieved.
-- A rate ("2000/s") paces the requests on a schedule instead (open loop): each thread sends its
-- share at fixed intervals whatever the answers take, as long as it has a free connection.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } timespec;
  int clock_gettime(int clock, timespec *t);
]]
local now_spec = ffi.new("timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now_spec)
  return tonumber(now_spec.tv_sec) * 1000 + tonumber(now_spec.tv_nsec) / 1e6
end
local created = 0

function setup(thread)
  thread:set("index", created)
  created = created + 1
end

function init(args)
  local file = args[1]
  local header = args[2] or "X-Vobiz-Signature"
  local threads = tonumber(args[3] or "1")
  local pacing = args[4] or "0"
  if pacing:sub(-2) == "/s" then
    interval = threads * 1000 / tonumber(pacing:sub(1, -3))
    due = nil
    pause = 0
  else
    pause = tonumber(pacing)
  end
  requests = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number % threads == index then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", nil,
        { ["Content-Type"] = "application/json", [header] = line:sub(1, tab - 1) }, line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
  position = 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function delay()
  if not interval then
    return pause
  end
  local now = now_ms()
  due = (due or now) + interval
  return math.max(0, due - now)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f per_second=%.0f non_2xx=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
