-- wrk script: POSTs JSON bodies from BODIES_FILE (one per line) in turn to
-- the path given as the first script argument, and reports latency
-- percentiles and responses by status as one JSON line.
local path, bodies_file = nil, nil
local bodies = {}
local counter = 0
local threads = {}
statuses = {}  -- a global: done() reads each thread's copy with thread:get

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  bodies_file = args[2]
  for line in io.lines(bodies_file) do
    if #line > 0 then table.insert(bodies, line) end
  end
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("PORTOLAN_KEY")
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, nil, bodies[(counter % #bodies) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do
      by_status[tostring(code)] = (by_status[tostring(code)] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(by_status) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "socket_errors": %d, "timeouts": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, table.concat(parts, ", ")))
end
