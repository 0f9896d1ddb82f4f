-- wrk script for bench/capacity.py.
-- Arguments after "--": "H Name: value" sets a header on every request; "R Name: value" lines are
-- rotated, one per request (one session or token per connection, as separate people would have).
-- Every response that is not 2xx counts as bad: each measured URL answers 200 when it works, so a
-- redirect (to sign in) is a lost session, not a fast success. done() prints one JSON line.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local rotating = {}
   for _, arg in ipairs(args) do
      local kind, name, value = arg:match("^(%a) ([^:]+): (.*)$")
      if kind == "H" then
         wrk.headers[name] = value
      elseif kind == "R" then
         table.insert(rotating, { name, value })
      end
   end
   variants = {}
   for _, pair in ipairs(rotating) do
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      headers[pair[1]] = pair[2]
      table.insert(variants, wrk.format(nil, nil, headers))
   end
   if #variants == 0 then
      table.insert(variants, wrk.format())
   end
   counter = 0
   bad = 0
   redirects = 0
end

function request()
   counter = counter % #variants + 1
   return variants[counter]
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      bad = bad + 1
      if status >= 300 and status < 400 then
         redirects = redirects + 1
      end
   end
end

function done(summary, latency, requests)
   local bad_total, redirect_total = 0, 0
   for _, thread in ipairs(threads) do
      bad_total = bad_total + thread:get("bad")
      redirect_total = redirect_total + thread:get("redirects")
   end
   local e = summary.errors
   io.write(string.format(
      'CAPACITY {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "bad_status": %d, ' ..
      '"redirects": %d, "socket_errors": %d}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      bad_total, redirect_total, e.connect + e.read + e.write + e.timeout))
end
