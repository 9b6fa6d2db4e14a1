import Foundation
import GatehouseSAML
import Testing

@Suite struct MetadataTests {
    struct Sample: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let vendor: String
        let entityID: String
        let signingCerts: [String]
        let sso: [[String]]
        var testDescription: String { file }
    }

    static let samples: [Sample] = {
        struct File: Decodable { let samples: [Sample] }
        let data = try! Data(contentsOf: repositoryRoot.appendingPathComponent("metadata/samples.json"))
        return try! JSONDecoder().decode(File.self, from: data).samples
    }()

    /// Real-world shapes (Okta, Entra ID, Google Workspace, ADFS, Shibboleth) parse to the expected trust data.
    @Test(arguments: samples)
    func vendorSample(_ sample: Sample) throws {
        let xml = Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("metadata").appendingPathComponent(sample.file)))
        let metadata = try IdPMetadata(xml: xml, entityID: sample.entityID)
        #expect(metadata.entityID == sample.entityID)
        let expected = try sample.signingCerts.map { name in
            try SigningCertificate(pem: String(contentsOf: repositoryRoot.appendingPathComponent("certs/\(name).crt.pem"), encoding: .utf8))
                .info.sha256Fingerprint
        }
        #expect(Set(metadata.signingCertificates.map(\.info.sha256Fingerprint)) == Set(expected), "\(sample.vendor)")
        for pair in sample.sso {
            #expect(metadata.singleSignOnServices.contains(IdPMetadata.Endpoint(binding: pair[0], location: pair[1])))
        }
    }

    @Test func warningsNameExpiryAndSingleCertificate() throws {
        let pem = try String(contentsOf: repositoryRoot.appendingPathComponent("certs/idp-rsa-expired.crt.pem"), encoding: .utf8)
        let metadata = IdPMetadata(entityID: "https://idp.test", signingCertificates: [try SigningCertificate(pem: pem)])
        let warnings = metadata.warnings(now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(warnings.contains { $0.contains("has expired") })
        #expect(warnings.contains { $0.contains("single signing certificate") })
        let future = try String(contentsOf: repositoryRoot.appendingPathComponent("certs/idp-rsa-future.crt.pem"), encoding: .utf8)
        let early = IdPMetadata(entityID: "https://idp.test", signingCertificates: [try SigningCertificate(pem: future)])
        #expect(early.warnings(now: Date(timeIntervalSince1970: 1_800_000_000)).contains { $0.contains("not valid before 2040") })
    }

    @Test(arguments: [
        "<x/>",
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"e\"><md:IDPSSODescriptor/></md:EntityDescriptor>",
        "<!DOCTYPE x><x/>",
    ])
    func unusableMetadataIsRefused(_ xml: String) {
        #expect(throws: SAMLError.self) { try IdPMetadata(xml: Array(xml.utf8)) }
    }

    /// The exported SP metadata parses as XML and carries entity ID, ACS and certificate.
    @Test func spMetadataExport() throws {
        let pem = try String(contentsOf: repositoryRoot.appendingPathComponent("certs/sp-rsa.crt.pem"), encoding: .utf8)
        let certificate = try SigningCertificate(pem: pem)
        let metadata = SPMetadata(entityID: "https://sp.test/saml?a=1&b=2", acsURL: "https://sp.test/saml/acs",
                                  signingCertificate: certificate, encryptionCertificate: certificate)
        let xml = metadata.xml
        #expect(xml.contains("entityID=\"https://sp.test/saml?a=1&amp;b=2\""))
        #expect(xml.contains("Location=\"https://sp.test/saml/acs\""))
        #expect(xml.contains("use=\"encryption\""))
        #expect(xml.contains(Data(certificate.der).base64EncodedString()))
    }
}
