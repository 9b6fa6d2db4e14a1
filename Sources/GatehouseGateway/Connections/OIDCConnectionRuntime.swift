import Foundation
package import GatehouseConfig
package import GatehouseCore
package import GatehouseOIDC

/// One OIDC connection, ready to serve: the relying party (discovery, JWKS cache, validator, token client).
package struct OIDCConnectionRuntime: Sendable {
    package let organizationID: String
    package let connectionID: String
    package let vendor: String
    package let groupsClaim: String
    package let relyingParty: OIDCRelyingParty

    package init(organizationID: String, connection: ConnectionConfiguration, settings: GatehouseConfig.OIDCConnectionConfiguration,
                 publicBaseURL: String, environment: [String: String], fetcher: any HTTPFetching,
                 pending: any PendingOIDCLoginStore, nonceCache: any ReplayCache, clock: any GatehouseClock,
                 allowInsecureHTTP: Bool) throws(GatewayError) {
        guard let reference = settings.clientSecret else {
            throw GatewayError(.configInvalid, "connection '\(connection.id)': clientSecret (env:NAME) is required")
        }
        let secret: String
        do { secret = try reference.resolve(in: environment) } catch {
            throw GatewayError(.configInvalid, "connection '\(connection.id)': \(error.reason)")
        }
        var configuration = GatehouseOIDC.OIDCConnectionConfiguration(
            id: connection.id, issuer: settings.issuer, clientID: settings.clientID,
            clientAuthentication: .clientSecretBasic(secret), redirectURI: publicBaseURL + "/oidc/callback")
        configuration.scopes = settings.scopes
        configuration.validation.groupsClaim = settings.groupsClaim
        configuration.allowInsecureHTTP = allowInsecureHTTP
        self.organizationID = organizationID
        connectionID = connection.id
        vendor = connection.vendor
        groupsClaim = settings.groupsClaim
        relyingParty = OIDCRelyingParty(configuration: configuration, fetcher: fetcher, store: pending, clock: clock,
                                        nonceReplayCache: nonceCache)
    }
}
