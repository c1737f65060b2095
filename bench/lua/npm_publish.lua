-- npm publish: PUT <registry>/<name> with the JSON body npm sends (tarball inline, base64), a new
-- package (bench-pub-<run>-<thread>-<n>, version 1.0.0) for every request. Registries check that the
-- tarball's package.json names what is published, so each request gets its own tarball: the constant
-- part comes from the template (see `bench.py npm-publish-template`), package.json and the gzip
-- trailer are made here.
-- args: <registry path, e.g. /npm/npm/ or /> <body template> <registry base URL> <authorization>
--       <run stamp> <CRC-32 of the constant tar bytes> <their length>
local report = dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local bit = require("bit")
setup = report.setup

local prefix, base, auth, stamp, crc0, rawlen
local parts = {} -- template split at @@KEY@@: literal strings and keys
local n = 0
ops = 0

local CRC = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if bit.band(c, 1) == 1 then c = bit.bxor(0xEDB88320, bit.rshift(c, 1)) else c = bit.rshift(c, 1) end
  end
  CRC[i] = c
end

local function crc32(crc, s)
  crc = bit.bnot(crc)
  for i = 1, #s do
    crc = bit.bxor(CRC[bit.band(bit.bxor(crc, s:byte(i)), 0xff)], bit.rshift(crc, 8))
  end
  return bit.bnot(crc)
end

local function le32(x)
  return string.char(bit.band(x, 0xff), bit.band(bit.rshift(x, 8), 0xff),
    bit.band(bit.rshift(x, 16), 0xff), bit.band(bit.rshift(x, 24), 0xff))
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local q = {}
    for k = 1, 4 do
      local idx = bit.band(bit.rshift(v, 6 * (4 - k)), 63)
      q[k] = B64:sub(idx + 1, idx + 1)
    end
    if not b then q[3], q[4] = "=", "=" elseif not c then q[4] = "=" end
    out[#out + 1] = table.concat(q)
  end
  return table.concat(out)
end

local function pad(s, len) return s .. string.rep("\0", len - #s) end

-- a ustar header for package/package.json of `size` bytes
local function tar_header(size)
  local h = pad("package/package.json", 100) .. "0000644\0" .. "0000000\0" .. "0000000\0" ..
    string.format("%011o\0", size) .. "00000000000\0"
  local rest = "0" .. string.rep("\0", 100) .. "ustar\0" .. "00" .. string.rep("\0", 32 + 32 + 8 + 8 + 155 + 12)
  local sum = 0
  local blank = h .. "        " .. rest
  for i = 1, #blank do sum = sum + blank:byte(i) end
  return h .. string.format("%06o\0 ", sum) .. rest
end

-- gzip tail: one final stored block of 2048 bytes (header, package.json padded to 512, end of archive)
local function tarball_tail(name, version)
  local json = string.format('{"name":"%s","version":"%s","description":"Enseada benchmark package",' ..
    '"main":"index.js","license":"MIT"}', name, version)
  local block = tar_header(#json) .. pad(json, 512) .. string.rep("\0", 1024)
  local crc = crc32(crc0, block)
  return base64("\1\0\8\255\247" .. block .. le32(crc) .. le32(rawlen + #block))
end

function init(args)
  prefix, base, auth, stamp = args[1], args[3], args[4], args[5]
  crc0, rawlen = tonumber(args[6]), tonumber(args[7])
  local template = report.read(args[2])
  local pos = 1
  while true do
    local s, e, key = template:find("@@(%u+)@@", pos)
    if not s then break end
    parts[#parts + 1] = template:sub(pos, s - 1)
    parts[#parts + 1] = { key }
    pos = e + 1
  end
  parts[#parts + 1] = template:sub(pos)
end

function request()
  n = n + 1
  local name = "bench-pub-" .. stamp .. "-" .. (tid or 0) .. "-" .. n
  local version = "1.0.0"
  local values = {
    NAME = name, VERSION = version, TAIL = tarball_tail(name, version),
    TARBALL = base .. name .. "/-/" .. name .. "-" .. version .. ".tgz",
  }
  local out = {}
  for i, p in ipairs(parts) do out[i] = type(p) == "table" and values[p[1]] or p end
  local body = table.concat(out)
  if os.getenv("BENCH_DUMP") and n == 1 then
    local f = assert(io.open(os.getenv("BENCH_DUMP"), "wb"))
    f:write(body)
    f:close()
  end
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
