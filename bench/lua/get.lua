-- Plain GETs of the URL given to wrk (headers with -H).
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
done = report.done
