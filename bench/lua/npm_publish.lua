-- npm publish: PUT <registry>/<name> with the JSON body npm sends (tarball inline, base64),
-- a new package name for every request (bench-pub-<thread>-<n>, version 1.0.0).
-- args: <registry path, e.g. /npm/npm/ or /> <body template file> <registry base URL> <authorization> <run stamp>
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
setup = report.setup

local prefix, template, base, auth, stamp
local n = 0
ops = 0

function init(args)
  prefix, base, auth = args[1], args[3], args[4]
  template = report.read(args[2])
  stamp = args[5] -- unique per run, so that warm-up and measured runs publish new names
end

function request()
  n = n + 1
  local name = "bench-pub-" .. stamp .. "-" .. (tid or 0) .. "-" .. n
  local version = "1.0.0"
  local body = template:gsub("@@TARBALL@@", base .. name .. "/-/" .. name .. "-" .. version .. ".tgz")
  body = body:gsub("@@NAME@@", name):gsub("@@VERSION@@", version)
  return wrk.format("PUT", prefix .. name, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = auth,
    ["npm-command"] = "publish",
  }, body)
end

function response(status, _, _)
  if status == 200 or status == 201 then ops = ops + 1 end
end

done = report.done
