-- Manifest GETs spread over the 50 first images bench/gc.sh pushed (gc/kept-N:1.0).
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/v2/gc/kept-" .. (n % 50) .. "/manifests/1.0")
end
done = report.done
