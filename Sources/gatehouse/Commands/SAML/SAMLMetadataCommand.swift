import ArgumentParser
import Foundation
import GatehouseSAML

/// `gatehouse saml metadata`: print this SP's metadata, or inspect an IdP's.
struct SAMLMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Print SP metadata (--sp-entity-id, --acs-url, --sp-cert) or inspect IdP metadata (--idp-metadata)."
    )

    @Option(help: "IdP metadata to inspect: entityID, endpoints, certificates with expiry, warnings (JSON).")
    var idpMetadata: String?
    @Option(help: "This SP's entity ID.")
    var spEntityId: String?
    @Option(help: "This SP's ACS URL.")
    var acsUrl: String?
    @Option(help: "PEM certificate of the SP key (signing AuthnRequests and receiving encrypted assertions).")
    var spCert: String?
    @Option(help: "Evaluate certificate expiry at this instant (ISO 8601) instead of now.")
    var now: String?

    mutating func run() async throws {
        let instant = try now.map(CLIOutput.parseInstant) ?? Date()
        if let idpMetadata {
            let bytes = try CLIOutput.readFile(idpMetadata, what: "IdP metadata")
            let metadata: IdPMetadata
            do { metadata = try IdPMetadata(xml: Array(bytes)) } catch {
                CLIOutput.printJSON(["valid": false, "error": ["code": error.code, "message": error.reason]] as [String: Any])
                throw ExitCode(1)
            }
            let iso = ISO8601DateFormatter()
            CLIOutput.printJSON([
                "valid": true, "entityID": metadata.entityID,
                "validUntil": metadata.validUntil.map { iso.string(from: $0) } ?? NSNull(),
                "singleSignOnServices": metadata.singleSignOnServices.map { ["binding": $0.binding, "location": $0.location] },
                "nameIDFormats": metadata.nameIDFormats,
                "signingCertificates": metadata.signingCertificates.map { c in
                    ["sha256": c.info.sha256Fingerprint, "subject": c.info.subject, "notBefore": iso.string(from: c.info.notBefore),
                     "notAfter": iso.string(from: c.info.notAfter), "keyType": c.info.keyType, "keyBits": c.info.keyBits] as [String: Any]
                },
                "warnings": metadata.warnings(now: instant),
            ] as [String: Any])
            return
        }
        guard let spEntityId, let acsUrl else {
            throw UsageError("give --idp-metadata FILE, or --sp-entity-id and --acs-url (and optionally --sp-cert)")
        }
        var certificate: SigningCertificate?
        if let spCert {
            let pem = try CLIOutput.readFile(spCert, what: "SP certificate")
            do { certificate = try SigningCertificate(pem: String(decoding: pem, as: UTF8.self)) } catch {
                throw UsageError("SP certificate '\(spCert)': \(error.reason)")
            }
        }
        let metadata = SPMetadata(entityID: spEntityId, acsURL: acsUrl, signingCertificate: certificate, encryptionCertificate: certificate)
        FileHandle.standardOutput.write(Data(metadata.xml.utf8))
    }
}
