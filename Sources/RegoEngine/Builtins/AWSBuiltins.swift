import RegoValue

/// `providers.aws.sign_req`: signs an HTTP request object (as `http.send` takes it) with AWS
/// Signature Version 4, as OPA signs it: the request comes back with `Authorization`, `host`,
/// `x-amz-content-sha256`, `x-amz-date` (and `x-amz-security-token` with a session token) among its
/// headers.
///
/// As in OPA, the canonical request takes the method and the URL's path as they are given, and a
/// `x-amz-content-sha256` header the request already has is signed with its own value, while the
/// request that comes back carries the payload's hash (or `UNSIGNED-PAYLOAD`) in it.
enum AWSBuiltins {
    static let all: [Builtin] = [
        Builtin("providers.aws.sign_req", [.object, .object, .number], .object, category: "providers.aws") { args throws(BuiltinError) in
            guard case .object(let request) = args[0] else { throw .operand(1, expected: "object", got: args[0]) }
            guard case .object(let config) = args[1] else { throw .operand(2, expected: "object", got: args[1]) }
            guard case .number(let time) = args[2], let nanoseconds = Int64(exactly: time.doubleValue.rounded(.down)) else {
                throw .operand(3, expected: "number", got: args[2])
            }
            return .object(try sign(request, config: Config(config), nanoseconds: nanoseconds))
        },
    ]

    struct Config {
        var accessKey: String
        var secretKey: String
        var service: String
        var region: String
        var sessionToken: String?
        var signsPayload: Bool

        init(_ object: RegoObject) throws(BuiltinError) {
            func text(_ key: String) throws(BuiltinError) -> String? {
                guard let value = object[.string(key)] else { return nil }
                guard case .string(let s) = value else { throw .builtin("aws_config's `\(key)` must be a string but got \(value.typeName)") }
                return s
            }
            func required(_ key: String) throws(BuiltinError) -> String {
                guard let value = try text(key) else {
                    throw .builtin("aws_config has no `\(key)`: give aws_access_key, aws_secret_access_key, aws_service and aws_region")
                }
                return value
            }
            accessKey = try required("aws_access_key")
            secretKey = try required("aws_secret_access_key")
            service = try required("aws_service")
            region = try required("aws_region")
            sessionToken = try text("aws_session_token")
            switch object[.string("disable_payload_signing")] {
            case nil: signsPayload = true
            case .bool(let disabled)?: signsPayload = !disabled
            case let other?: throw .builtin("aws_config's `disable_payload_signing` must be a boolean but got \(other.typeName)")
            }
        }
    }

    static func sign(_ request: RegoObject, config: Config, nanoseconds: Int64) throws(BuiltinError) -> RegoObject {
        guard case .string(let method)? = request[.string("method")] else { throw .builtin("the request has no `method` string") }
        guard case .string(let url)? = request[.string("url")] else { throw .builtin("the request has no `url` string") }
        guard let parts = URLParts(url) else { throw .builtin("the request's url \(url) is not an absolute http(s) URL") }
        var headers: [(name: String, value: String)] = []
        var given = RegoObject()
        if let value = request[.string("headers")] {
            guard case .object(let object) = value else { throw .builtin("the request's `headers` must be an object but got \(value.typeName)") }
            given = object
            for (key, value) in zip(object.keys, object.values) {
                guard case .string(let name) = key, case .string(let text) = value else {
                    throw .builtin("the request's header \(key.regoText) must have a string value but got \(value.typeName)")
                }
                headers.append((name.lowercased(), text))
            }
        }
        let body: [UInt8]
        if case .string(let raw)? = request[.string("raw_body")] {
            body = Array(raw.utf8)
        } else if let value = request[.string("body")] {
            body = Array(value.jsonText.utf8)
        } else {
            body = []
        }
        let payloadHash = config.signsPayload ? Hex.string(SHA256.digest(body)) : "UNSIGNED-PAYLOAD"
        let (date, day) = timestamps(nanoseconds)
        var added: [(String, String)] = [("host", parts.host), ("x-amz-date", date)]
        if !headers.contains(where: { $0.name == "x-amz-content-sha256" }) { added.append(("x-amz-content-sha256", payloadHash)) }
        if let token = config.sessionToken { added.append(("x-amz-security-token", token)) }
        headers.removeAll { header in added.contains { $0.0 == header.name } }
        headers += added.map { (name: $0.0, value: $0.1) }
        headers.sort { $0.name < $1.name }
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let canonical = [method, parts.path, canonicalQuery(parts.query),
                         headers.map { "\($0.name):\($0.value.trimmingWhitespace)\n" }.joined(), signedHeaders, payloadHash]
            .joined(separator: "\n")
        let scope = "\(day)/\(config.region)/\(config.service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", date, scope, Hex.string(SHA256.digest(Array(canonical.utf8)))].joined(separator: "\n")
        var key = Array("AWS4\(config.secretKey)".utf8)
        for part in [day, config.region, config.service, "aws4_request"] { key = Digest.sha256.hmac(key: key, message: Array(part.utf8)) }
        let signature = Hex.string(Digest.sha256.hmac(key: key, message: Array(stringToSign.utf8)))
        var out = request
        given[.string("Authorization")] = .string("AWS4-HMAC-SHA256 Credential=\(config.accessKey)/\(scope),SignedHeaders=\(signedHeaders),Signature=\(signature)")
        given[.string("host")] = .string(parts.host)
        given[.string("x-amz-content-sha256")] = .string(payloadHash)
        given[.string("x-amz-date")] = .string(date)
        if let token = config.sessionToken { given[.string("x-amz-security-token")] = .string(token) }
        out[.string("headers")] = .object(given)
        return out
    }

    /// `20151228T140825Z` and `20151228` for an instant in nanoseconds since the epoch.
    static func timestamps(_ nanoseconds: Int64) -> (String, String) {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = CivilCalendar.date(days: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let dayText = "\(year)\(two(month))\(two(day))"
        return ("\(dayText)T\(two(secondOfDay / 3600))\(two(secondOfDay / 60 % 60))\(two(secondOfDay % 60))Z", dayText)
    }

    /// The query's parameters sorted by name, then value, each encoded as SigV4 asks (every byte
    /// but letters, digits and `-_.~` as `%XX`).
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { pair -> (String, String) in
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescaped(_ text: Substring) -> String { (try? URLQuery.unescape(String(text))) ?? String(text) }
            return (PercentEncoding.unreservedOnly(unescaped(pieces[0])), PercentEncoding.unreservedOnly(pieces.count > 1 ? unescaped(pieces[1]) : ""))
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// An absolute URL's host (with its port, if any), path and query, as written.
    struct URLParts {
        var host: String
        var path: String
        var query: String

        init?(_ url: String) {
            guard let schemeEnd = url.range(of: "://") else { return nil }
            let rest = url[schemeEnd.upperBound...]
            let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            host = String(rest[..<hostEnd])
            guard !host.isEmpty else { return nil }
            var tail = rest[hostEnd...]
            if let fragment = tail.firstIndex(of: "#") { tail = tail[..<fragment] }
            if let mark = tail.firstIndex(of: "?") {
                path = String(tail[..<mark])
                query = String(tail[tail.index(after: mark)...])
            } else {
                path = String(tail)
                query = ""
            }
        }
    }
}
