-- OCI monolithic blob upload: POST /v2/<name>/blobs/uploads/ (202 + Location), then
-- PUT <location>?digest=<digest> with the whole blob as body (201). The same blob each time.
-- args: <name> <digest> <file> [authorization header value]
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
setup = report.setup

local name, digest, body, auth
local pending = {}
ops = 0

function init(args)
  name, digest = args[1], args[2]
  body = report.read(args[3])
  auth = args[4]
end

local function headers(extra)
  local h = extra or {}
  if auth and auth ~= "" then h["Authorization"] = auth end
  return h
end

function request()
  local location = table.remove(pending)
  if location then
    local sep = location:find("?", 1, true) and "&" or "?"
    return wrk.format("PUT", location .. sep .. "digest=" .. digest,
      headers({ ["Content-Type"] = "application/octet-stream" }), body)
  end
  return wrk.format("POST", "/v2/" .. name .. "/blobs/uploads/", headers({ ["Content-Length"] = "0" }))
end

function response(status, hdrs, _)
  if status == 202 then
    for k, v in pairs(hdrs) do
      if k:lower() == "location" then
        table.insert(pending, (v:gsub("^https?://[^/]+", "")))
      end
    end
  elseif status == 201 then
    ops = ops + 1
  end
end

done = report.done
