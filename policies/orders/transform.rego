# Mappings from the request to the orders table's rows.
package orders.transform

# One row per order line, priced from the catalog.
rows := [row(line) | some line in data.orders.lines]

row(line) := {
	"customer": input.headers["x-user"],
	"item": line.item,
	"quantity": quantity,
	"unit_price": price,
	"total": quantity * price,
} if {
	quantity := to_number(line.quantity)
	price := data.orders.catalog[line.item]
}

# The list-orders query's parameters.
query := {"customer": input.headers["x-user"]}
