-- The rbac decision (POST /v1/data/rbac/allow, the fixture's input) with a subject that changes from
-- request to request, over 1,000 users (`input.subject.user`, the decision log's default subject
-- path): each record then names one of 1,000 subjects, as a service's callers would, where the
-- fixture's one input gives every record the same input and no subject.
--   wrk -t2 -c32 -d10s --latency -s bench/wrk_rbac_subjects.lua http://127.0.0.1:8181
wrk.method = "POST"
wrk.path = "/v1/data/rbac/allow"
wrk.headers["Content-Type"] = "application/json"

local counter = 0
local bodies = {}
for i = 0, 999 do
  bodies[i] = string.format('{"input":{"user":"user0500","action":"write","type":"type178","subject":{"user":"user%04d"}}}', i)
end

function request()
  counter = (counter + 1) % 1000
  return wrk.format(nil, nil, nil, bodies[counter])
end
