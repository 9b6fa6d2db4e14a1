import Foundation
import GatehouseMockIdP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AvailabilityScenarioTests {
    @Test func replayPostsThePreviousResponseAgain() throws {
        let idp = TestSupport.idp()
        let first = try idp.samlLogin(userID: "alice", spEntityID: TestSupport.sp.entityID).samlResponse
        let replayed = try idp.samlLogin(userID: "bob", spEntityID: TestSupport.sp.entityID,
                                         extraScenarios: [ScenarioRef(name: "replay.same-response")]).samlResponse
        #expect(replayed == first)
        #expect(idp.log.query(scenario: "replay.same-response").first?.outcome == "replayed the previous response")
    }

    @Test func entityIDChangeShowsInMetadataAndResponses() throws {
        let idp = TestSupport.idp()
        try idp.scenarios.activate([ScenarioRef(name: "metadata.entityid-changed")], scope: .sticky)
        #expect(try idp.samlMetadata(tenant: "default").xml.contains("entityID=\"http://idp.test/saml/default/changed\""))
        #expect(try idp.samlLogin(userID: "alice", spEntityID: TestSupport.sp.entityID).samlResponse.contains(">http://idp.test/saml/default/changed<"))
    }

    @Test func flappingIsSeededAndLogged() async throws {
        func statuses() async throws -> [Int] {
            let idp = TestSupport.idp(seed: 99)
            try idp.scenarios.activate([ScenarioRef(name: "idp.flapping", parameter: 50)], scope: .sticky)
            let out: [Int] = try await MockIdPServer.application(idp: idp, port: 0).test(.router) { client in
                var codes: [Int] = []
                for _ in 0..<20 {
                    codes.append(try await client.execute(uri: "/oidc/default/jwks", method: .get) { Int($0.status.code) })
                }
                return codes
            }
            #expect(idp.log.query(scenario: "idp.flapping").filter { $0.kind == "transport" }.count == out.filter { $0 == 503 }.count)
            return out
        }
        let a = try await statuses()
        #expect(a.contains(503) && a.contains(200))
        #expect(try await statuses() == a)
    }

    @Test func slowAndDownAnswerOnEveryEndpoint() async throws {
        let idp = TestSupport.idp()
        try idp.scenarios.activate([ScenarioRef(name: "idp.5xx")], scope: .sticky)
        try await MockIdPServer.application(idp: idp, port: 0).test(.router) { client in
            for path in ["/saml/default/metadata", "/oidc/default/jwks", "/oidc/default/.well-known/openid-configuration"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .serviceUnavailable, "\(path)") }
            }
        }
    }

    @Test func downClosesTheConnectionWithoutAnswering() async throws {
        let idp = TestSupport.idp()
        try idp.scenarios.activate([ScenarioRef(name: "idp.down")], scope: .sticky)
        try await MockIdPServer.application(idp: idp, port: 0).test(.live) { client in
            for path in ["/saml/default/metadata", "/oidc/default/jwks", "/oidc/default/token"] {
                await #expect(throws: (any Error).self, "\(path)") {
                    _ = try await client.execute(uri: path, method: path.hasSuffix("token") ? .post : .get) { $0.status }
                }
            }
        }
        #expect(idp.log.query(scenario: "idp.down").contains { $0.outcome == "connection closed without an answer" })
    }
}
