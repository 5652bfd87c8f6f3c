package orders_test

import data.orders

buyer := {"x-user": "alice"}

test_buyer_may_order if {
	orders.decision.allowed with input as {"headers": buyer, "body": {"item": "widget", "quantity": 3}}
}

test_viewer_may_not_order if {
	d := orders.decision with input as {"headers": {"x-user": "bob"}, "body": {"item": "widget", "quantity": 3}}
	not d.allowed
	d.reasons == ["user bob may not place orders (role: viewer)"]
}

test_csv_rows_are_checked_line_by_line if {
	body := [{"item": "widget", "quantity": "2"}, {"item": "sprocket", "quantity": "1"}]
	d := orders.decision with input as {"headers": buyer, "body": body}
	d.reasons == ["unknown item sprocket"]
}

test_quantity_limits if {
	d := orders.decision with input as {"headers": buyer, "body": {"item": "gadget", "quantity": 0}}
	d.reasons == ["quantity of gadget must be a whole number from 1 to 100"]
}

test_rows_are_priced if {
	rows := data.orders.transform.rows with input as {"headers": buyer, "body": {"item": "gadget", "quantity": "2"}}
	rows == [{"customer": "alice", "item": "gadget", "quantity": 2, "unit_price": 10, "total": 20}]
}
