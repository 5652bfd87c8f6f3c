import Testing
@testable import RegoEngine
import RegoValue

/// `providers.aws.sign_req`. The signatures of the first three tests are those OPA gives for the same
/// requests; the one with a query string was computed with Python's `hmac` and `hashlib` following
/// AWS's Signature Version 4 description.
@Suite struct AWSBuiltinsTests {
    static let config: Value = ["aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE",
                                "aws_service": "s3", "aws_region": "us-east-1"]
    /// 2015-12-28T14:08:25Z.
    static let time: Value = .number(.int(1_451_311_705_000_000_000))

    static func headers(_ signed: Value?) -> Value? { signed?[.string("headers")] }

    static func with(_ object: Value, _ key: String, _ value: Value) -> Value {
        guard case .object(var o) = object else { return object }
        o[.string(key)] = value
        return .object(o)
    }

    @Test func aRequestWithoutBodyIsSignedAndKeepsItsFields() throws {
        let signed = try callBuiltin("providers.aws.sign_req", ["method": "get", "url": "http://example.com"], Self.config, Self.time)
        #expect(signed?[.string("method")] == "get")
        #expect(signed?[.string("url")] == "http://example.com")
        #expect(Self.headers(signed) == [
            "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3",
            "host": "example.com",
            "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "x-amz-date": "20151228T140825Z",
        ])
    }

    @Test func aSessionTokenIsSentAndSigned() throws {
        let config = Self.with(Self.config, "aws_session_token", "MYAWSSECURITYTOKENGOESHERE")
        let headers = Self.headers(try callBuiltin("providers.aws.sign_req", ["method": "get", "url": "http://example.com"], config, Self.time))
        #expect(headers?[.string("x-amz-security-token")] == "MYAWSSECURITYTOKENGOESHERE")
        #expect(headers?[.string("Authorization")] == "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,Signature=23c31bda8a74630c0a94f6b82a3511e7e74728df98e6f54ed0840488dbbdc8d1")
    }

    @Test func theBodyIsHashedAsJSONAndAnUnsignedPayloadIsSaid() throws {
        let request: Value = ["method": "get", "url": "https://example.com", "headers": ["foo": "bar"],
                              "body": ["example": .set(RegoSet([1, 2, 3, 4]))]]
        let signed = Self.headers(try callBuiltin("providers.aws.sign_req", request, Self.config, Self.time))
        #expect(signed?[.string("x-amz-content-sha256")] == "bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07")
        #expect(signed?[.string("foo")] == "bar")
        let unsigned = Self.with(Self.config, "disable_payload_signing", true)
        let plain = Self.headers(try callBuiltin("providers.aws.sign_req", request, unsigned, Self.time))
        #expect(plain?[.string("x-amz-content-sha256")] == "UNSIGNED-PAYLOAD")
        #expect(plain?[.string("Authorization")]?.stringValue?.hasSuffix("Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028") == true)
    }

    @Test func theQueryIsSignedSortedAndEncoded() throws {
        let config: Value = ["aws_access_key": "AKID", "aws_secret_access_key": "SECRET", "aws_service": "execute-api", "aws_region": "eu-west-1"]
        let request: Value = ["method": "GET", "url": "https://api.example.com:8443/v1/items?b=2&a=x%20y&a=1"]
        let headers = Self.headers(try callBuiltin("providers.aws.sign_req", request, config, Self.time))
        #expect(headers?[.string("host")] == "api.example.com:8443")
        #expect(headers?[.string("Authorization")]?.stringValue?.hasSuffix("Signature=5a3509e5a7003106b2c52e1086e644a9ca76e13c0da11826d93997158713ab9e") == true)
    }

    @Test func aMissingSettingIsAnErrorThatListsThem() {
        let error = builtinError("providers.aws.sign_req", ["method": "get", "url": "http://example.com"], ["aws_access_key": "A"], Self.time)
        #expect(error?.message == "aws_config has no `aws_secret_access_key`: give aws_access_key, aws_secret_access_key, aws_service and aws_region")
        #expect(builtinError("providers.aws.sign_req", ["method": "get", "url": "example.com"], Self.config, Self.time)?.message
            == "the request's url example.com is not an absolute http(s) URL")
    }
}
