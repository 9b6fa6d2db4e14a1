package import Foundation
package import GatehouseConfig
package import GatehousePolicy
package import GatehouseSAML

/// One SAML connection, ready to serve: the IdP's SSO endpoint, and validators for the two ACS URLs.
///
/// `POST /saml/acs` accepts only responses to a login this browser started (its `InResponseTo` must match the
/// pending request named by the browser's login cookie). `POST /saml/acs/{connection}` additionally accepts
/// IdP-initiated responses when the connection allows them.
package struct SAMLConnectionRuntime: Sendable {
    package let organizationID: String
    package let connectionID: String
    package let vendor: String
    package let spEntityID: String
    /// The IdP's HTTP-Redirect SSO endpoint.
    package let ssoURL: String
    package let groupsAttribute: String
    package let allowIdPInitiated: Bool
    /// Signs AuthnRequests when set (or when the IdP's metadata asks for signed requests).
    package let signingKey: SPPrivateKey?
    package let spInitiated: SAMLResponseValidator
    package let connectionACS: SAMLResponseValidator
    package let metadataWarnings: [String]
    /// The signing certificates of the loaded metadata, for the dry run's certificate blockers.
    package let signingCertificates: [SigningCertificateInfo]

    package init(organizationID: String, connection: ConnectionConfiguration, settings: SAMLConnectionConfiguration,
                 metadataXML: [UInt8], publicBaseURL: String, signingKey: SPPrivateKey?, now: Date) throws(GatewayError) {
        let metadata: IdPMetadata
        do {
            metadata = try IdPMetadata(xml: metadataXML, entityID: settings.idpEntityID)
        } catch {
            throw GatewayError(.configInvalid, "connection '\(connection.id)': the IdP metadata cannot be used (\(error.code): \(error.reason))")
        }
        guard let sso = metadata.singleSignOnServices.first(where: { $0.binding.hasSuffix(":HTTP-Redirect") }) else {
            throw GatewayError(.configInvalid, "connection '\(connection.id)': the IdP metadata lists no HTTP-Redirect SingleSignOnService")
        }
        if metadata.wantAuthnRequestsSigned && signingKey == nil {
            throw GatewayError(.configInvalid, "connection '\(connection.id)': the IdP metadata says WantAuthnRequestsSigned, but no SP key is configured (server.spKeyFile)")
        }
        self.organizationID = organizationID
        connectionID = connection.id
        vendor = connection.vendor
        spEntityID = settings.spEntityID ?? publicBaseURL + "/saml/metadata"
        ssoURL = sso.location
        groupsAttribute = settings.groupsAttribute
        allowIdPInitiated = settings.allowIdPInitiated
        self.signingKey = signingKey
        metadataWarnings = metadata.warnings(now: now)
        signingCertificates = metadata.signingCertificates.map(SigningCertificateInfo.init(metadataCertificate:))
        let requirement: SignatureRequirement = switch settings.signatureRequirement.description {
        case "response": .response
        case "both": .both
        default: .assertion
        }
        spInitiated = try Self.validator(metadata: metadata, spEntityID: spEntityID, requirement: requirement, key: signingKey, connectionID: connection.id, acs: publicBaseURL + "/saml/acs", idpInitiated: false)
        connectionACS = try Self.validator(metadata: metadata, spEntityID: spEntityID, requirement: requirement, key: signingKey, connectionID: connection.id, acs: publicBaseURL + "/saml/acs/" + connection.id, idpInitiated: settings.allowIdPInitiated)
    }

    static func validator(metadata: IdPMetadata, spEntityID: String, requirement: SignatureRequirement, key: SPPrivateKey?,
                          connectionID: String, acs: String, idpInitiated: Bool) throws(GatewayError) -> SAMLResponseValidator {
        var policy = SAMLConnectionPolicy(idp: metadata, spEntityID: spEntityID, acsURL: acs)
        policy.signatureRequirement = requirement
        policy.allowIdPInitiated = idpInitiated
        policy.decryptionKey = key
        do { return try SAMLResponseValidator(policy: policy) } catch {
            throw GatewayError(.configInvalid, "connection '\(connectionID)': \(error.code): \(error.reason)")
        }
    }
}
