import Foundation
import GatehousePolicy
import Yams

extension OrganizationConfiguration {
    static let keys: Set<String> = [
        "id", "name", "domains", "connections", "roleMapping", "breakGlass", "scim", "enforceSSO", "audit",
    ]

    static func read(_ node: ConfigNode) throws(ConfigError) -> OrganizationConfiguration {
        let map = try node.mapping(allowed: keys)
        let id = try map.require("id", in: node).string()
        var org = OrganizationConfiguration(id: id, name: try map["name"]?.string() ?? id)
        for d in try map["domains"]?.list() ?? [] { org.domains.append(try readDomain(d)) }
        var connectionIDs = Set<String>()
        for c in try map["connections"]?.list() ?? [] {
            let connection = try ConnectionConfiguration.read(c)
            if !connectionIDs.insert(connection.id).inserted {
                throw c.fail(.duplicate, "connection id '\(connection.id)' is used twice in org '\(id)'")
            }
            org.connections.append(connection)
        }
        if let rm = map["roleMapping"], !rm.isNull { org.roleMapping = try RoleMappingPolicy.read(rm) }
        for b in try map["breakGlass"]?.list() ?? [] {
            let bm = try b.mapping(allowed: ["email", "lastTested"])
            let email = try bm.require("email", in: b).string()
            guard email.contains("@") else { throw b.fail(.invalidValue, "expected an email address, found '\(email)'") }
            org.breakGlass.append(BreakGlassAccount(email: email, lastTested: try bm["lastTested"].flatMap { n throws(ConfigError) in n.isNull ? nil : try n.date() }))
        }
        if let scim = map["scim"], !scim.isNull {
            let sm = try scim.mapping(allowed: ["connected"])
            org.scimConnected = try sm["connected"]?.bool() ?? false
        }
        if let n = map["enforceSSO"] { org.enforceSSO = try n.bool() }
        if let audit = map["audit"], !audit.isNull {
            let am = try audit.mapping(allowed: ["retention", "webhook"])
            if let n = am["retention"] {
                let text = try n.string()
                let ok = ["forever", "0"].contains(text) || (text.hasSuffix("d") && Int(text.dropLast()).map { $0 >= 0 } == true)
                    || Int(text).map { $0 >= 0 } == true
                guard ok else { throw n.fail(.invalidValue, "audit.retention must be 30d, 90d, forever or 0 (until delivered), found '\(text)'") }
                org.auditRetention = text
            }
            if let w = am["webhook"], !w.isNull {
                let wm = try w.mapping(allowed: ["url", "secret"])
                let urlNode = try wm.require("url", in: w)
                let url = try urlNode.string()
                guard url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") || url.hasPrefix("http://localhost") else {
                    throw urlNode.fail(.invalidValue, "audit.webhook.url must be https:// (http only on loopback), found '\(url)'")
                }
                let secretNode = try wm.require("secret", in: w)
                let secret = try secretNode.string()
                guard secret.hasPrefix("env:"), secret.count > 4 else {
                    throw secretNode.fail(.invalidValue, "expected a secret reference such as env:GATEHOUSE_SIEM_SECRET (value not shown)")
                }
                org.auditWebhookURL = url
                org.auditWebhookSecret = SecretReference(environmentVariable: String(secret.dropFirst(4)))
            }
        }
        return org
    }

    /// `example.com` or `{name, verified, enforced, lastCheck: {at, succeeded, detail}}`.
    static func readDomain(_ node: ConfigNode) throws(ConfigError) -> OrgDomain {
        if node.node.scalar != nil { return OrgDomain(name: try node.string(), verified: false) }
        let map = try node.mapping(allowed: ["name", "verified", "enforced", "lastCheck"])
        let name = try map.require("name", in: node).string()
        guard name.contains("."), !name.contains("@"), !name.contains("/") else {
            throw node.fail(.invalidValue, "expected a domain name such as example.com, found '\(name)'")
        }
        var domain = OrgDomain(
            name: name, verified: try map["verified"]?.bool() ?? false, enforced: try map["enforced"]?.bool() ?? false)
        if let check = map["lastCheck"], !check.isNull {
            let cm = try check.mapping(allowed: ["at", "succeeded", "detail"])
            domain.lastCheck = OrgDomain.Check(
                at: try cm.require("at", in: check).date(), succeeded: try cm.require("succeeded", in: check).bool(),
                detail: try cm["detail"]?.string())
        }
        if domain.enforced && !domain.verified, let n = map["enforced"] {
            throw n.fail(.invalidValue, "domain '\(name)' is enforced but not verified; only a verified domain can be enforced")
        }
        return domain
    }
}

extension ConnectionConfiguration {
    static let samlKeys: Set<String> = [
        "id", "type", "enabled", "vendor", "metadataFile", "idpEntityID", "spEntityID", "signatureRequirement",
        "allowIdPInitiated", "groupsAttribute", "signingCertificates",
    ]
    static let oidcKeys: Set<String> = [
        "id", "type", "enabled", "vendor", "issuer", "clientID", "clientSecret", "scopes", "groupsClaim",
    ]
    static let vendors: Set<String> = ["okta", "entra", "google", "generic"]

    static func read(_ node: ConfigNode) throws(ConfigError) -> ConnectionConfiguration {
        guard let typeNode = node.node.mapping?["type"] else {
            throw ConfigError(.missingKey, keyPath: node.path + ".type", "\(node.location): missing required key 'type' (saml or oidc)")
        }
        let type = try ConfigNode(node: typeNode, path: node.path + ".type", file: node.file).string()
        let map: [String: ConfigNode]
        let details: Details
        switch type {
        case "saml":
            map = try node.mapping(allowed: samlKeys)
            details = .saml(try readSAML(map, node))
        case "oidc":
            map = try node.mapping(allowed: oidcKeys)
            details = .oidc(try readOIDC(map, node))
        default:
            throw ConfigError(.invalidValue, keyPath: node.path + ".type", "\(node.location).type: expected saml or oidc, found '\(type)'")
        }
        let vendor = try map["vendor"]?.string() ?? "generic"
        if !vendors.contains(vendor), let n = map["vendor"] {
            throw n.fail(.invalidValue, "expected one of \(vendors.sorted().joined(separator: ", ")), found '\(vendor)'")
        }
        return ConnectionConfiguration(
            id: try map.require("id", in: node).string(), enabled: try map["enabled"]?.bool() ?? true, vendor: vendor,
            details: details)
    }

    static func readSAML(_ map: [String: ConfigNode], _ node: ConfigNode) throws(ConfigError) -> SAMLConnectionConfiguration {
        var saml = SAMLConnectionConfiguration(idpEntityID: try map.require("idpEntityID", in: node).string())
        saml.metadataFile = try map["metadataFile"]?.string()
        saml.spEntityID = try map["spEntityID"]?.string()
        if let n = map["signatureRequirement"] {
            let text = try n.string()
            guard let value = SAMLSignatureRequirement(name: text) else {
                throw n.fail(.invalidValue, "expected assertion, response or both, found '\(text)'")
            }
            saml.signatureRequirement = value
        }
        if let n = map["allowIdPInitiated"] { saml.allowIdPInitiated = try n.bool() }
        if let n = map["groupsAttribute"] { saml.groupsAttribute = try n.string() }
        for c in try map["signingCertificates"]?.list() ?? [] {
            let cm = try c.mapping(allowed: ["fingerprint", "notAfter"])
            saml.signingCertificates.append(
                SigningCertificateInfo(
                    fingerprint: try cm.require("fingerprint", in: c).string(), notAfter: try cm.require("notAfter", in: c).date()))
        }
        return saml
    }

    static func readOIDC(_ map: [String: ConfigNode], _ node: ConfigNode) throws(ConfigError) -> OIDCConnectionConfiguration {
        let issuerNode = try map.require("issuer", in: node)
        let issuer = try issuerNode.string()
        let url = URLComponents(string: issuer)
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url?.host ?? "")
        guard let url, url.host?.isEmpty == false, url.scheme == "https" || (url.scheme == "http" && loopback) else {
            throw issuerNode.fail(.invalidValue, "expected an https:// issuer URL (http only on loopback), found '\(issuer)'")
        }
        var oidc = OIDCConnectionConfiguration(issuer: issuer, clientID: try map.require("clientID", in: node).string())
        if let n = map["clientSecret"], !n.isNull {
            let text = try n.string()
            guard text.hasPrefix("env:"), text.count > 4 else {
                throw n.fail(
                    .invalidValue,
                    "expected a secret reference such as env:GATEHOUSE_OIDC_SECRET; secrets are never written in the configuration file (value not shown)")
            }
            oidc.clientSecret = SecretReference(environmentVariable: String(text.dropFirst(4)))
        }
        if let n = map["scopes"] {
            oidc.scopes = try n.stringList()
            guard oidc.scopes.contains("openid") else { throw n.fail(.invalidValue, "scopes must include 'openid'") }
        }
        if let n = map["groupsClaim"] { oidc.groupsClaim = try n.string() }
        return oidc
    }
}
