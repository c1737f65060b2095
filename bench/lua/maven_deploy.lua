-- Maven deploy: PUT of a jar at a new coordinate for every request
-- (<prefix>com/example/deploy/d-<run>-<thread>-<n>/1.0.0/d-<run>-<thread>-<n>-1.0.0.jar).
-- args: <repository path prefix ending in /> <jar file> <authorization header value or ""> <run stamp>
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
setup = report.setup

local prefix, body, auth, stamp
local n = 0
ops = 0

function init(args)
  prefix, auth = args[1], args[3]
  body = report.read(args[2])
  stamp = args[4] -- unique per run, so that warm-up and measured runs deploy new coordinates
end

function request()
  n = n + 1
  local a = "d-" .. stamp .. "-" .. (tid or 0) .. "-" .. n
  local h = { ["Content-Type"] = "application/java-archive" }
  if auth and auth ~= "" then h["Authorization"] = auth end
  return wrk.format("PUT", prefix .. "com/example/deploy/" .. a .. "/1.0.0/" .. a .. "-1.0.0.jar", h, body)
end

function response(status, _, _)
  if status == 200 or status == 201 or status == 204 then ops = ops + 1 end
end

done = report.done
