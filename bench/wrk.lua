-- Requests for wrk, read from the file named by BENCH_REQUESTS (written by bench/load.py):
-- line 1 is the Authorization header value (empty for none), every further line one request
-- "METHOD<TAB>PATH<TAB>BODY". Each wrk thread takes every n-th request, so a request that may
-- be sent once (an approval, a registration) is sent by one thread only; the list is cycled
-- when it runs out (a repeated one-shot request then counts as an error, which shows).
-- An answer is an error when its status is 400 or more or its envelope has errors
-- (MOSIP answers business errors with HTTP 200). done() prints one JSON line.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_REQUESTS"), "r"))
  local auth = file:read("*l") or ""
  local headers = {["Content-Type"] = "application/json", ["Host"] = os.getenv("BENCH_HOST") or "127.0.0.1"}
  if auth ~= "" then headers["Authorization"] = auth end
  local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
  local all = {}
  for line in file:lines() do
    local method, path, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if method then
      table.insert(all, {method, path, body})
    end
  end
  file:close()
  reqs = {}
  for i, r in ipairs(all) do
    if (i - 1) % stride == (tid - 1) then
      local body = r[3]
      if body == "" then body = nil end
      table.insert(reqs, wrk.format(r[1], r[2], headers, body))
    end
  end
  index = 0
  errs = 0
  sample = ""
end

function request()
  index = index + 1
  if index > #reqs then index = 1 end
  return reqs[index]
end

function response(status, headers, body)
  if status >= 400 or not string.find(body, '"errors":[]', 1, true) then
    errs = errs + 1
    if sample == "" then sample = string.sub(status .. " " .. body, 1, 300) end
  end
end

local function escape(text)
  return (string.gsub(text, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

function done(summary, latency, requests)
  local errors, sampled = 0, ""
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("errs") or 0)
    if sampled == "" then sampled = thread:get("sample") or "" end
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"errors":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"sample":"%s"}\n',
    summary.requests, summary.duration, errors, socket,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, escape(sampled)))
end
