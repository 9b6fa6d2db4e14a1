import Foundation
import GatehouseMockIdP
import Testing

@Suite struct ScenarioEngineTests {
    @Test func catalogueHasAtLeast25UniqueScenariosEachWithAnExpectedError() {
        #expect(ScenarioCatalog.all.count >= 25)
        #expect(Set(ScenarioCatalog.all.map(\.name)).count == ScenarioCatalog.all.count)
        for s in ScenarioCatalog.all { #expect(!s.summary.isEmpty && !s.expectedGatewayError.isEmpty, "\(s.name)") }
    }

    @Test func parsesCompositionsAndParameters() {
        let refs = ScenarioRef.parseList("clock.idp-ahead(90) + sign.sha1, groups.absent")
        #expect(refs == [ScenarioRef(name: "clock.idp-ahead", parameter: 90), ScenarioRef(name: "sign.sha1"), ScenarioRef(name: "groups.absent")])
        #expect(ScenarioRef.parseList("bad name!") == nil)
        #expect(ScenarioRef.parseList("x(abc)") == nil)
    }

    @Test func scopes() throws {
        let e = ScenarioEngine()
        try e.activate([ScenarioRef(name: "sign.none")], scope: .once)
        try e.activate([ScenarioRef(name: "sign.sha1")], scope: .next(2))
        try e.activate([ScenarioRef(name: "groups.absent")], scope: .user("bob"))
        #expect(e.consume(forUser: "alice").map(\.name) == ["sign.none", "sign.sha1"])
        #expect(e.consume(forUser: "bob").map(\.name) == ["sign.sha1", "groups.absent"])
        #expect(e.consume(forUser: "alice").isEmpty)
        #expect(e.consume(forUser: "bob").map(\.name) == ["groups.absent"])
        try e.activate([ScenarioRef(name: "idp.5xx")], scope: .sticky)
        #expect(e.standing().map(\.name) == ["idp.5xx"])
        e.reset()
        #expect(e.consume(forUser: "bob").isEmpty)
        #expect(throws: MockIdPError.self) { try e.activate([ScenarioRef(name: "no.such")], scope: .once) }
    }

    @Test func loginsAreLoggedWithTheScenariosThatFired() throws {
        let idp = TestSupport.idp()
        try idp.scenarios.activate([ScenarioRef(name: "sign.wrong-key")], scope: .once)
        _ = try idp.samlLogin(userID: "alice", spEntityID: TestSupport.sp.entityID)
        _ = try idp.samlLogin(userID: "alice", spEntityID: TestSupport.sp.entityID)
        #expect(idp.log.query().count == 2)
        let fired = idp.log.query(scenario: "sign.wrong-key")
        #expect(fired.count == 1 && fired[0].outcome.contains("attacker-rsa"))
    }

    @Test func directoryFromYAMLAndBadFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mockidp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("users.yaml")
        try "users:\n  - id: dave\n    email: dave@acme.test\n    groups: [a, b]\n    state: unassigned\n".write(to: good, atomically: true, encoding: .utf8)
        let d = try MockDirectory.load(from: good)
        #expect(d.user("dave")?.groups == ["a", "b"] && d.user("dave")?.state == .unassigned)
        let bad = dir.appendingPathComponent("bad.yaml")
        try "users: [ {".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: MockIdPError.self) { try MockDirectory.load(from: bad) }
    }

    @Test func authnRequestsBadAndGood() throws {
        let xml = AuthnRequest.build(id: "_req1", issuer: TestSupport.sp.entityID, acsURL: TestSupport.sp.acsURL,
                                     destination: "http://idp.test/saml/default/sso", issueInstant: TestSupport.instant)
        let req = try AuthnRequest.decode(AuthnRequest.redirectEncode(xml), deflated: true)
        #expect(req.id == "_req1" && req.issuer == TestSupport.sp.entityID && req.acsURL == TestSupport.sp.acsURL)
        let idp = TestSupport.idp()
        let r = try idp.samlLogin(userID: "alice", request: req)
        #expect(r.samlResponse.contains("InResponseTo=\"_req1\""))
        #expect(throws: MockIdPError.self) { try AuthnRequest.decode("%%%not base64", deflated: true) }
        #expect(throws: MockIdPError.self) { try AuthnRequest.decode(Data("plain".utf8).base64EncodedString(), deflated: true) }
        let dtd = "<!DOCTYPE x [<!ENTITY a 'b'>]><samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>"
        #expect(throws: MockIdPError.self) { try AuthnRequest.decode(Data(dtd.utf8).base64EncodedString(), deflated: false) }
        let foreign = AuthnRequest.build(id: "_r2", issuer: "https://unknown.test", acsURL: "https://unknown.test/acs",
                                         destination: "x", issueInstant: TestSupport.instant)
        #expect(throws: MockIdPError.self) { try idp.samlLogin(userID: "alice", request: try AuthnRequest.parse(Data(foreign.utf8))) }
        let wrongACS = AuthnRequest.build(id: "_r3", issuer: TestSupport.sp.entityID, acsURL: "https://evil.test/acs",
                                          destination: "x", issueInstant: TestSupport.instant)
        #expect(throws: MockIdPError.self) { try idp.samlLogin(userID: "alice", request: try AuthnRequest.parse(Data(wrongACS.utf8))) }
    }
}

@Suite struct HostileInputTests {
    @Test func randomBytesAsSAMLRequestAreRefusedNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        for i in 0..<300 {
            let bytes = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = i % 3 == 0 ? String(decoding: bytes, as: UTF8.self) : Data(bytes).base64EncodedString()
            #expect(throws: MockIdPError.self) { try AuthnRequest.decode(text, deflated: i % 2 == 0) }
        }
    }

    @Test func deflateBombIsBounded() {
        let bomb = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\">"
            + String(repeating: "A", count: 8 << 20) + "</samlp:AuthnRequest>"
        #expect(throws: MockIdPError.self) { try AuthnRequest.decode(AuthnRequest.redirectEncode(bomb), deflated: true) }
    }

    @Test func nameIDPolicyIsHonoured() throws {
        let idp = TestSupport.idp()
        let xml = AuthnRequest.build(id: "_p", issuer: TestSupport.sp.entityID, acsURL: TestSupport.sp.acsURL, destination: "x",
                                     issueInstant: TestSupport.instant)
            .replacingOccurrences(of: "</samlp:AuthnRequest>",
                                  with: "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\"/></samlp:AuthnRequest>")
        let out = try idp.samlLogin(userID: "alice", request: try AuthnRequest.parse(Data(xml.utf8))).samlResponse
        #expect(out.contains("nameid-format:persistent\">") && !out.contains("nameid-format:emailAddress\">alice"))
    }
}
