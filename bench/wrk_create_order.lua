-- The worked example's create-order pipeline: a JSON order in, a SQLite insert, an XML answer.
-- wrk -t2 -c32 -d10s --latency -s bench/wrk_create_order.lua http://127.0.0.1:8181
wrk.method = "POST"
wrk.path = "/v1/pipelines/create-order"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-User"] = "alice"
wrk.body = '{"item": "widget", "quantity": 3}'

-- Reports the first unexpected answer (a misconfigured run would otherwise measure refusals).
reported = false
function response(status, headers, body)
  if status ~= 201 and not reported then
    reported = true
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
