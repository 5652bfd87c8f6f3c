# Who may place and read orders, for the create-order and list-orders pipelines.
#
# The caller names themselves in the X-User header; a production deployment would take the
# subject from a verified token instead (io.jwt.decode_verify over input.headers.authorization).
package orders

# The order lines: one JSON object, or the rows of a CSV body.
lines := input.body if is_array(input.body)

lines := [input.body] if is_object(input.body)

caller := input.headers["x-user"]

role := data.orders.roles[caller]

order_roles := {"buyer", "admin"}

read_roles := {"buyer", "viewer", "admin"}

deny contains "missing X-User header: say who is calling" if not caller

deny contains msg if {
	caller
	not role in order_roles
	msg := sprintf("user %v may not place orders (role: %v)", [caller, object.get(data.orders.roles, caller, "none")])
}

deny contains "the body must be an order object or CSV rows with item and quantity" if not lines

deny contains "an order needs at least one line" if count(lines) == 0

deny contains msg if {
	some line in lines
	not data.orders.catalog[line.item]
	msg := sprintf("unknown item %v", [object.get(line, "item", "(missing)")])
}

deny contains msg if {
	some line in lines
	not valid_quantity(line)
	msg := sprintf("quantity of %v must be a whole number from 1 to %v", [object.get(line, "item", "(missing)"), data.orders.max_quantity])
}

valid_quantity(line) if {
	q := to_number(line.quantity)
	q == round(q)
	q >= 1
	q <= data.orders.max_quantity
}

# create-order asks this: allowed when nothing denies.
decision := {"allowed": count(deny) == 0, "reasons": sort(deny), "status": 201} if count(deny) == 0

decision := {"allowed": false, "reasons": sort(deny)} if count(deny) > 0

# list-orders asks this: any known role may read its own orders.
read_decision := {"allowed": true} if role in read_roles

read_decision := {"allowed": false, "reasons": [sprintf("user %v may not read orders", [object.get(input.headers, "x-user", "(anonymous)")])]} if {
	not role in read_roles
}
