-- The same order as a bare decision (POST /v1/data/orders/decision), for the pipeline's overhead.
-- wrk -t2 -c32 -d10s --latency -s bench/wrk_orders_decision.lua http://127.0.0.1:8181
wrk.method = "POST"
wrk.path = "/v1/data/orders/decision"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"input": {"method": "POST", "path": "/v1/pipelines/create-order", "pipeline": "create-order", ' ..
  '"headers": {"content-type": "application/json", "x-user": "alice"}, "query": {}, ' ..
  '"body": {"item": "widget", "quantity": 3}}}'

-- Reports the first unexpected answer (a misconfigured run would otherwise measure refusals).
reported = false
function response(status, headers, body)
  if (status ~= 200 or not body:find("\"allowed\":true", 1, true)) and not reported then
    reported = true
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
