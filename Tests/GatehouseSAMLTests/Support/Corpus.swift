import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

/// The SAML fixture corpus (Fixtures/corpus/manifest.json), produced by scripts/fixtures/make_saml_corpus.py with
/// third-party signers (libxmlsec1 through python-xmlsec, cryptography): no Gatehouse code made these bytes.
struct CorpusCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let metadata: String
    let spEntityID: String
    let acsURL: String
    let now: String
    let inResponseTo: String?
    let allowIdPInitiated: Bool?
    let spKey: String?
    let allowSHA1: Bool?
    let allowAESCBC: Bool?
    let requireSignature: String?
    let clockSkew: Double?
    let expect: String
    let acceptableCodes: [String]?
    let nameID: String?
    let attributes: [String: [String]]?
    let expectWarnings: Bool?
    let why: String

    var testDescription: String { name }

    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/corpus")

    static let all: [CorpusCase] = {
        struct Manifest: Decodable { let cases: [CorpusCase] }
        let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data).cases
    }()

    static func named(_ name: String) -> CorpusCase { all.first { $0.name == name }! }

    var instant: Date { SAMLTimeParser.parse(now) }

    func bytes() throws -> [UInt8] { Array(try Data(contentsOf: Self.directory.appendingPathComponent(file))) }

    func validator(requirement: SignatureRequirement? = nil) throws -> SAMLResponseValidator {
        let metadataBytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(metadata)))
        var policy = SAMLConnectionPolicy(idp: try IdPMetadata(xml: metadataBytes), spEntityID: spEntityID, acsURL: acsURL)
        policy.allowIdPInitiated = allowIdPInitiated ?? false
        policy.allowSHA1 = allowSHA1 ?? false
        policy.allowAESCBC = allowAESCBC ?? false
        if let clockSkew { policy.clockSkew = clockSkew }
        policy.signatureRequirement = requirement ?? SignatureRequirement(requireSignature ?? "either")!
        if let spKey {
            let pem = try String(contentsOf: Self.directory.appendingPathComponent(spKey), encoding: .utf8)
            policy.decryptionKey = try SPPrivateKey(pem: pem)
        }
        return try SAMLResponseValidator(policy: policy)
    }

    /// Validates with a fresh replay cache; returns the assertion or the error code.
    func run() async throws -> Result<VerifiedAssertion, SAMLError> {
        let validator = try self.validator()
        do {
            let response = try UnverifiedSAMLResponse(formValue: try bytes())
            return .success(try await validator.validate(response, expectedRequestID: inResponseTo,
                                                         replayCache: InMemoryReplayCache(clock: FixedClock(instant)), now: instant))
        } catch let error as SAMLError {
            return .failure(error)
        }
    }
}

enum SAMLTimeParser {
    static func parse(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }
}

/// The repository root (for metadata/ and certs/).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
