package httpapi.authz_test

import data.httpapi.authz

test_admin_may_do_anything if {
	authz.allow with input as {"user": "alice", "method": "DELETE", "path": "/orders/7"}
}

test_billing_may_post_invoices if {
	authz.allow with input as {"user": "bob", "method": "POST", "path": "/invoices"}
}

test_viewer_may_not_post_invoices if {
	not authz.allow with input as {"user": "carol", "method": "POST", "path": "/invoices"}
}

test_unknown_user_is_denied_with_reason if {
	d := authz.decision with input as {"user": "mallory", "method": "GET", "path": "/orders"}
	d.allowed == false
	d.reasons == {"user \"mallory\" has no roles"}
}

test_missing_user_is_denied if {
	d := authz.decision with input as {"method": "GET", "path": "/orders"}
	d.allowed == false
	"request has no user" in d.reasons
}

test_denial_names_method_and_resource if {
	d := authz.decision with input as {"user": "carol", "method": "POST", "path": "/invoices/9"}
	d.reasons == {"no role of \"carol\" grants POST on \"invoices\""}
}
