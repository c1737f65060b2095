-- Shared by every scenario script: writes wrk's summary as one JSON object to $BENCH_OUT.
-- Scripts that count their own successful operations (writes) keep a per-thread global `ops` and
-- use `setup = report.setup`, which also numbers the threads (global `tid` in each thread).
local M = { threads = {} }

function M.setup(thread)
  table.insert(M.threads, thread)
  thread:set("tid", #M.threads)
end

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

function M.done(summary, latency, requests)
  local ops = nil
  for _, t in ipairs(M.threads) do
    local n = t:get("ops")
    if n ~= nil then ops = (ops or 0) + n end
  end
  local e = summary.errors
  local f = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,"err_write":%d,' ..
    '"err_status":%d,"err_timeout":%d,"lat_p50_us":%d,"lat_p90_us":%d,"lat_p99_us":%d,' ..
    '"lat_max_us":%d,"lat_mean_us":%.1f%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    ops and string.format(',"ops":%d', ops) or ""))
  f:close()
end

return M
