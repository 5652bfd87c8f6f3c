# HTTP API authorization: a request is allowed when one of the caller's roles grants the
# method on the first path segment. Roles and their permissions live in data.httpapi.
package httpapi.authz

default allow := false

# The resource is the first segment of the request path: /invoices/42 -> "invoices".
resource := split(trim_prefix(input.path, "/"), "/")[0]

user_roles contains role if {
	some role in data.httpapi.user_roles[input.user]
}

grants(permission) if {
	permission.method in {"*", input.method}
	permission.path in {"*", resource}
}

allow if {
	some role in user_roles
	some permission in data.httpapi.roles[role].permissions
	grants(permission)
}

# Why a request was denied, for the caller and the decision log.
reasons contains msg if {
	not input.user
	msg := "request has no user"
}

reasons contains msg if {
	input.user
	count(user_roles) == 0
	msg := sprintf("user %q has no roles", [input.user])
}

reasons contains msg if {
	count(user_roles) > 0
	not allow
	msg := sprintf("no role of %q grants %s on %q", [input.user, input.method, resource])
}

decision := {"allowed": allow, "reasons": reasons}
