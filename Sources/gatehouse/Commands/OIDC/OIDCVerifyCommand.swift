import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseOIDC

/// `gatehouse oidc verify TOKEN_FILE --issuer URL --client-id ID --jwks FILE [--nonce V] [--now T] [--clock-skew S]`
///
/// Exit 0 `{"accepted": true, "claims": {…}}`; exit 1 `{"accepted": false, "error": {"code", "message"}}`;
/// exit 2 usage or configuration error (unreadable file, invalid JWKS, bad flag) on stderr.
struct OIDCVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Validate an ID token (compact JWS) against an issuer, a client ID and a JWKS file."
    )

    @Argument(help: "File holding the ID token (surrounding whitespace is ignored).")
    var tokenFile: String

    @Option(help: "Expected issuer (iss), compared exactly.")
    var issuer: String

    @Option(name: .customLong("client-id"), help: "The client ID that aud must contain.")
    var clientID: String

    @Option(help: "JWKS file with the issuer's signing keys.")
    var jwks: String

    @Option(help: "Expected nonce (the one stored for this login).")
    var nonce: String?

    @Option(help: "Evaluate times at this ISO 8601 instant instead of now.")
    var now: String?

    @Option(name: .customLong("clock-skew"), help: "Allowed clock skew in seconds (default 120).")
    var clockSkew: Double?

    func run() async throws {
        let tokenData = try CLIOutput.readFile(tokenFile, what: "token file", limit: 1 << 20)
        let jwksData = try CLIOutput.readFile(jwks, what: "JWKS file")
        let clock: any GatehouseClock = try now.map { FixedClock(try CLIOutput.parseInstant($0)) } ?? SystemClock()
        if let clockSkew, !(clockSkew >= 0 && clockSkew <= 86_400) {
            throw UsageError("--clock-skew must be between 0 and 86400 seconds, received \(clockSkew)")
        }
        let keySet: JWKSet
        do {
            keySet = try JWKSet(json: jwksData)
        } catch {
            throw UsageError("JWKS file '\(jwks)' is unusable: \(error.code): \(error.reason)")
        }
        var options = IDTokenValidator.Options(issuer: issuer, clientID: clientID)
        if let clockSkew { options.clockSkew = .seconds(clockSkew) }
        let validator = IDTokenValidator(options: options, keys: JWKSCache(initial: keySet, clock: clock), clock: clock)
        let token = String(decoding: tokenData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let verified = try await validator.validate(compact: token, nonce: nonce)
            CLIOutput.printJSON(["accepted": true, "claims": Self.foundation(.object(verified.claims))] as [String: Any])
        } catch {
            CLIOutput.printJSON(["accepted": false, "error": ["code": error.code, "message": error.reason]] as [String: Any])
            throw ExitCode(1)
        }
    }

    /// JSON values as Foundation objects for `JSONSerialization`.
    static func foundation(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let b): b
        case .integer(let i): Int(i)
        case .double(let d): d
        case .string(let s): s
        case .array(let a): a.map(foundation)
        case .object(let o): o.mapValues(foundation)
        }
    }
}
