import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseSAML

/// `gatehouse saml verify`: validate one SAML Response the way the gateway's ACS does. The output is a contract
/// other tools parse: exit 0 + JSON when accepted, exit 1 + JSON with a stable error code when rejected, exit 2 on
/// usage or configuration errors.
struct SAMLVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Validate a SAML Response against IdP metadata (exit 0 accepted, 1 rejected, 2 usage error)."
    )

    @Argument(help: "File holding the base64 SAMLResponse form value (raw XML also accepted).")
    var responseFile: String
    @OptionGroup var connection: SAMLConnectionOptions
    @Option(help: "The ID of the AuthnRequest this response must answer.")
    var inResponseTo: String?
    @Option(help: "Evaluate at this instant (ISO 8601) instead of now.")
    var now: String?

    mutating func run() async throws {
        let validator = try connection.makeValidator()
        let instant = try now.map(CLIOutput.parseInstant) ?? Date()
        do {
            // An oversized file is a rejected response (saml.input_too_large), not a usage error: read one byte
            // past the limit and let the validator's size check speak.
            let limit = validator.policy.limits.maxBytes / 3 * 4 + 4096
            let input = try CLIOutput.readFile(responseFile, what: "response file", limit: Int.max, readAtMost: limit + 1)
            let response = try UnverifiedSAMLResponse(formValue: Array(input), limits: validator.policy.limits)
            let assertion = try await validator.validate(
                response, expectedRequestID: inResponseTo, replayCache: InMemoryReplayCache(clock: FixedClock(instant)), now: instant)
            CLIOutput.printJSON(Self.json(assertion))
        } catch let error as SAMLError {
            CLIOutput.printJSON(["accepted": false, "error": ["code": error.code, "message": error.reason]] as [String: Any])
            throw ExitCode(1)
        }
    }

    static func json(_ a: VerifiedAssertion) -> [String: Any] {
        var attributes: [String: [String]] = [:]
        for (name, values) in a.attributes { attributes[name] = values }
        return [
            "accepted": true, "issuer": a.issuer, "nameID": a.nameID, "nameIDFormat": a.nameIDFormat ?? NSNull(),
            "sessionIndex": a.sessionIndex ?? NSNull(), "assertionID": a.assertionID, "attributes": attributes,
            "responseSigned": a.responseSigned, "assertionSigned": a.assertionSigned, "encrypted": a.encrypted,
            "signingCertificate": a.signingCertificate.sha256Fingerprint, "warnings": a.warnings,
        ]
    }
}

/// The connection settings `saml verify` and `bench saml` share.
struct SAMLConnectionOptions: ParsableArguments {
    @Option(help: "The IdP's SAML metadata (EntityDescriptor XML): its entityID and signing certificates are trusted.")
    var idpMetadata: String
    @Option(help: "This SP's entity ID (the required Audience).")
    var spEntityId: String
    @Option(help: "This SP's Assertion Consumer Service URL (the required Recipient and Destination).")
    var acsUrl: String
    @Option(help: "PEM private key that decrypts EncryptedAssertions.")
    var spKey: String?
    @Flag(help: "Accept IdP-initiated (unsolicited) responses.")
    var allowIdpInitiated = false
    @Option(help: "Allowed clock difference in seconds (default 120).")
    var clockSkew: Double = 120
    @Flag(help: "Accept SHA-1 signatures and digests (with a warning).")
    var allowSha1 = false
    @Flag(help: "Accept AES-CBC encrypted assertions.")
    var allowAesCbc = false
    @Option(help: "Which signatures are required: assertion, response, both or either (default either).")
    var requireSignature: String = "either"
    @Flag(help: "Refuse signatures made with an expired metadata certificate (default: accept with a warning).")
    var rejectExpiredCertificates = false

    func makeValidator() throws -> SAMLResponseValidator {
        let metadataBytes = try CLIOutput.readFile(idpMetadata, what: "IdP metadata")
        let metadata: IdPMetadata
        do { metadata = try IdPMetadata(xml: Array(metadataBytes)) } catch {
            throw UsageError("IdP metadata '\(idpMetadata)': \(error.reason)")
        }
        var policy = SAMLConnectionPolicy(idp: metadata, spEntityID: spEntityId, acsURL: acsUrl)
        guard clockSkew >= 0, clockSkew <= 3600 else { throw UsageError("--clock-skew must be between 0 and 3600 seconds") }
        policy.clockSkew = clockSkew
        policy.allowIdPInitiated = allowIdpInitiated
        policy.allowSHA1 = allowSha1
        policy.allowAESCBC = allowAesCbc
        policy.rejectExpiredCertificates = rejectExpiredCertificates
        guard let requirement = SignatureRequirement(requireSignature) else {
            throw UsageError("--require-signature must be assertion, response, both or either")
        }
        policy.signatureRequirement = requirement
        if let spKey {
            let pem = try CLIOutput.readFile(spKey, what: "SP key")
            do { policy.decryptionKey = try SPPrivateKey(pem: String(decoding: pem, as: UTF8.self)) } catch {
                throw UsageError("SP key '\(spKey)': \(error.reason)")
            }
        }
        do { return try SAMLResponseValidator(policy: policy) } catch {
            throw UsageError("IdP metadata '\(idpMetadata)': \(error.reason)")
        }
    }
}
