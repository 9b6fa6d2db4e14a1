import Crypto
import Foundation
import GatehouseCore
import Testing
@testable import GatehouseOIDC

@Suite struct ClaimsTests {
    let t = Forge.t

    @Test func expiredNotYetValidAndSkew() async {
        // exp 100 s ago: inside the default 120 s skew.
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["exp": "\(t - 100)"]))) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["exp": "\(t - 121)"]))) == "oidc.expired")
        let strict = Forge.validator { $0.clockSkew = .seconds(0) }
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["exp": "\(t - 1)"])), validator: strict) == "oidc.expired")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["nbf": "\(t + 100)"]))) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["nbf": "\(t + 121)"]))) == "oidc.not_yet_valid")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["iat": "\(t + 600)"]))) == "oidc.issued_in_future")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(drop: ["exp"]))) == "oidc.claim_missing")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["exp": #""tomorrow""#]))) == "oidc.claim_invalid")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["exp": "true"]))) == "oidc.claim_invalid")
    }

    @Test func expiredMessageSaysWhenAndNow() async throws {
        do {
            _ = try await Forge.validator().validate(compact: Forge.rs256(Forge.payload(["exp": "\(t - 3600)"])), nonce: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("2027-01-15T07:00:00Z"))
            #expect(error.reason.contains("2027-01-15T08:00:00Z"))
        }
    }

    @Test func issuerMustMatchExactly() async {
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["iss": #""https://evil.example.com/tenant/v2.0""#]))) == "oidc.issuer_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["iss": #""\#(Forge.issuer)/""#]))) == "oidc.issuer_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(drop: ["iss"]))) == "oidc.claim_missing")
    }

    @Test func audienceAndAuthorizedParty() async {
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": #""someone-else""#]))) == "oidc.audience_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": #"["\#(Forge.clientID)"]"#]))) == "accepted")
        // Several audiences: azp is required and must be us.
        let two = #"["\#(Forge.clientID)","api://other"]"#
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": two]))) == "oidc.azp_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": two, "azp": #""\#(Forge.clientID)""#]))) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": two, "azp": #""api://other""#]))) == "oidc.azp_mismatch")
        // azp present with one audience must still be us.
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["azp": #""intruder""#]))) == "oidc.azp_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": #"["other"]"#]))) == "oidc.audience_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": "[]"]))) == "oidc.claim_invalid")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["aud": "42"]))) == "oidc.claim_invalid")
    }

    @Test func nonceMustEqualTheStoredOne() async {
        #expect(await Forge.outcome(Forge.rs256(), nonce: "another-nonce") == "oidc.nonce_mismatch")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(drop: ["nonce"]))) == "oidc.nonce_mismatch")
        #expect(await Forge.outcome(Forge.rs256(), nonce: nil) == "accepted")
    }

    @Test func nonceIsSingleUseWithAReplayCache() async {
        let v = Forge.validator(replay: InMemoryReplayCache(clock: Forge.clock))
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "oidc.nonce_replayed")
    }

    @Test func maxAgeNeedsARecentAuthTime() async {
        let v = Forge.validator { $0.maxAge = 300 }
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "oidc.claim_missing")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["auth_time": "\(t - 200)"])), validator: v) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["auth_time": "\(t - 1000)"])), validator: v) == "oidc.auth_too_old")
    }

    @Test func atHashMustMatchTheAccessToken() async {
        let accessToken = "ya29.a0AfH6SMBx-access-token"
        let digest = Array(SHA256.hash(data: Array(accessToken.utf8)))
        let atHash = Forge.b64(digest.prefix(16))
        let token = Forge.rs256(Forge.payload(["at_hash": #""\#(atHash)""#]))
        #expect(await Forge.outcome(token, accessToken: accessToken) == "accepted")
        #expect(await Forge.outcome(token, accessToken: "a-different-token") == "oidc.at_hash_mismatch")
    }

    @Test func groupsFromTheConfiguredClaim() async throws {
        let token = Forge.rs256(Forge.payload(["groups": #"["admins","staff"]"#, "roles": #"["Reader"]"#]))
        let verified = try await Forge.validator().validate(compact: token, nonce: nil)
        #expect(verified.groups == ["admins", "staff"])
        let roles = try await Forge.validator { $0.groupsClaim = "roles" }.validate(compact: token, nonce: nil)
        #expect(roles.groups == ["Reader"])
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["groups": #"{"a":1}"#]))) == "oidc.claim_invalid")
    }

    @Test func entraGroupsOverageIsReported() async throws {
        let overage = Forge.payload([
            "_claim_names": #"{"groups":"src1"}"#,
            "_claim_sources": #"{"src1":{"endpoint":"https://graph.windows.net/tenant/users/oid/getMemberObjects"}}"#,
        ])
        #expect(await Forge.outcome(Forge.rs256(overage)) == "oidc.groups_overage")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["hasgroups": "true"]))) == "oidc.groups_overage")
        do {
            _ = try await Forge.validator().validate(compact: Forge.rs256(overage), nonce: nil)
        } catch {
            #expect(error.reason.contains("Token configuration"))
        }
        // Groups ignored for this connection: no overage error.
        #expect(await Forge.outcome(Forge.rs256(overage), validator: Forge.validator { $0.groupsClaim = nil }) == "accepted")
    }

    @Test func subjectIsRequired() async {
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(drop: ["sub"]))) == "oidc.claim_missing")
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["sub": #""""#]))) == "oidc.claim_invalid")
    }
}
