import Foundation
import GatehouseAudit
import Testing

@Suite struct RedactionTests {
    let redactor = AuditRedactor()

    func decode(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        "SAMLResponse", "samlRequest", "id_token", "ID-Token", "access_token", "refresh_token", "code", "client_secret",
        "password", "token", "Cookie", "set-cookie", "Authorization", "code_verifier", "private_key", "api_key",
        "scim_token", "assertion", "webhook.secret",
    ])
    func sensitiveKeysAreDropped(key: String) throws {
        let json = redactor.json([key: "value-that-must-not-leak", "connection": "okta"])
        #expect(!json.contains("value-that-must-not-leak"))
        let object = try decode(json)
        #expect(object["connection"] as? String == "okta")
        #expect(object["_redacted"] as? [String] == [key])
    }

    @Test(arguments: ["connection", "error_code", "rule_id", "token_label", "from", "to", "reason", "sessions"])
    func ordinaryKeysAreKept(key: String) throws {
        #expect(try decode(redactor.json([key: "x"]))[key] as? String == "x")
    }

    @Test func nestedSecretsAndSensitiveValuesAreRedacted() throws {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
        let assertion = #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">…</saml:Assertion>"#
        let json = redactor.json([
            "claims": .object(["sub": "alice", "id_token": .string(jwt)]),
            "note": .string(jwt), "raw": .string(assertion), "list": [.string("ok"), .object(["password": "hunter2"])],
        ])
        #expect(!json.contains(jwt) && !json.contains("Assertion") && !json.contains("hunter2"))
        let object = try decode(json)
        #expect(object["note"] as? String == "[redacted]")
        #expect(object["raw"] as? String == "[redacted]")
        #expect((object["claims"] as? [String: Any])?["sub"] as? String == "alice")
    }

    @Test func sizeIsCapped() throws {
        var details: [String: AuditValue] = [:]
        for index in 0..<40 { details["field\(index)"] = .string(String(repeating: "x", count: 400)) }
        details["long"] = .string(String(repeating: "y", count: 10_000))
        let json = redactor.json(details)
        #expect(json.utf8.count <= 4096)
        let object = try decode(json)
        #expect(object["_truncated"] as? Bool == true)
        #expect(object["long"] == nil)  // the largest field goes first
        // Each string is cut at 512 characters (plus an ellipsis).
        let short = redactor.json(["long": .string(String(repeating: "z", count: 2000))])
        #expect(try decode(short)["long"] as? String == String(repeating: "z", count: 512) + "…")
    }

    @Test func rawJSONIsRedactedToo() throws {
        let json = redactor.json(redacting: #"{"SAMLResponse":"PHNhbWxwOlJlc3BvbnNl","connection":"adfs"}"#)
        #expect(!json.contains("PHNhbWxw"))
        #expect(try decode(json)["connection"] as? String == "adfs")
        #expect(redactor.json(redacting: "not json") == #"{"_invalid":true}"#)
    }
}
