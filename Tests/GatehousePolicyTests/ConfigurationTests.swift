import Foundation
import GatehouseConfig
import GatehousePolicy
import Testing

/// The repository root, found from this file's path (Tests/GatehousePolicyTests/…), following the dev symlink.
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

@Suite("GatehouseConfiguration")
struct ConfigurationTests {
    @Test func sampleConfigLoads() throws {
        let config = try GatehouseConfiguration.load(path: repositoryRoot().appendingPathComponent("config/gatehouse.yaml").path)
        let org = try #require(config.org("example"))
        #expect(org.name == "Example")
        #expect(org.domains.map(\.name) == ["example.com"])
        #expect(org.connections.map(\.id) == ["mock-saml", "mock-oidc"])
        #expect(org.roleMapping.requiredGroupPrefix == "anthropic-")
        #expect(org.roleMapping.groupCase == .sensitive)
        #expect(org.breakGlass.count == 1)
        #expect(config.server.sessionIdleTimeout == 1800)
        #expect(config.server.sessionAbsoluteTimeout == 43_200)
        guard case .oidc(let oidc) = org.connections[1].details else { Issue.record("expected OIDC"); return }
        #expect(oidc.clientSecret?.description == "env:GATEHOUSE_EXAMPLE_OIDC_SECRET")
        guard case .saml(let saml) = org.connections[0].details else { Issue.record("expected SAML"); return }
        #expect(saml.signingCertificates.count == 2)
        #expect(saml.signatureRequirement == .assertion)
    }

    @Test func defaults() throws {
        let config = try GatehouseConfiguration.parse(yaml: "orgs:\n  - id: solo\n")
        #expect(config.server == ServerConfiguration())
        let org = try #require(config.org("solo"))
        #expect(org.name == "solo")
        #expect(!org.scimConnected && !org.enforceSSO)
        #expect(org.roleMapping.defaultRole == nil)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let yaml: String
        let code: String
        let keyPath: String
        var testDescription: String { "\(code) at \(keyPath)" }
    }

    static let bad: [Bad] = [
        Bad(yaml: "orgs: [\n", code: "config.invalid_yaml", keyPath: ""),
        Bad(yaml: "server:\n  listn: x\n", code: "config.unknown_key", keyPath: "server.listn"),
        Bad(yaml: "orgs:\n  - name: x\n", code: "config.missing_key", keyPath: "orgs[0].id"),
        Bad(yaml: "server:\n  devMode: maybe\n", code: "config.invalid_value", keyPath: "server.devMode"),
        Bad(yaml: "server:\n  sessionIdleTimeout: 5x\n", code: "config.invalid_value", keyPath: "server.sessionIdleTimeout"),
        Bad(
            yaml: "orgs:\n  - id: a\n    connections:\n      - {id: c, type: oidc, issuer: 'https://i', clientID: x, clientSecret: hunter2}\n",
            code: "config.invalid_value", keyPath: "orgs[0].connections[0].clientSecret"),
        Bad(
            yaml: "orgs:\n  - id: a\n    connections:\n      - {id: c, type: oidc, issuer: 'http://127.0.0.1.evil.test/', clientID: x}\n",
            code: "config.invalid_value", keyPath: "orgs[0].connections[0].issuer"),
        Bad(yaml: "orgs:\n  - id: a\n    connections:\n      - {id: c, type: ldap}\n", code: "config.invalid_value", keyPath: "orgs[0].connections[0].type"),
        Bad(
            yaml: "orgs:\n  - id: a\n    roleMapping:\n      rules:\n        - {role: admin, group: g}\n",
            code: "config.missing_key", keyPath: "orgs[0].roleMapping.groupCase"),
        Bad(
            yaml: "orgs:\n  - id: a\n    roleMapping:\n      groupCase: sensitive\n      rules:\n        - {role: admin}\n",
            code: "config.invalid_value", keyPath: "orgs[0].roleMapping.rules[0]"),
        Bad(
            yaml: "orgs:\n  - id: a\n    roleMapping:\n      groupCase: sensitive\n      rules:\n        - {role: primary_owner, group: g}\n",
            code: "config.invalid_value", keyPath: "orgs[0].roleMapping"),
        Bad(
            yaml: "orgs:\n  - id: a\n    domains: [x.example]\n  - id: b\n    domains: [x.example]\n",
            code: "config.duplicate", keyPath: "orgs[1]"),
        Bad(yaml: "orgs:\n  - id: a\n  - id: a\n", code: "config.duplicate", keyPath: "orgs[1]"),
        Bad(
            yaml: "orgs:\n  - id: a\n    domains:\n      - {name: x.example, enforced: true}\n",
            code: "config.invalid_value", keyPath: "orgs[0].domains[0].enforced"),
        Bad(
            yaml: "orgs:\n  - id: a\n    connections:\n      - id: s\n        type: saml\n        idpEntityID: e\n        signingCertificates:\n          - {fingerprint: f, notAfter: soon}\n",
            code: "config.invalid_value", keyPath: "orgs[0].connections[0].signingCertificates[0].notAfter"),
    ]

    @Test(arguments: bad)
    func badConfigNamesFileAndKeyPath(_ b: Bad) {
        do {
            _ = try GatehouseConfiguration.parse(yaml: b.yaml, file: "test.yaml")
            Issue.record("expected \(b.code)")
        } catch {
            #expect(error.code == b.code)
            #expect(error.keyPath == b.keyPath)
            #expect(error.reason.hasPrefix("test.yaml"))
            #expect(!error.reason.contains("hunter2"), "secrets never appear in errors")
        }
    }

    @Test func missingFile() {
        #expect(throws: ConfigError.self) { try GatehouseConfiguration.load(path: "/nonexistent/gatehouse.yaml") }
    }

    @Test func secretReferenceResolves() throws {
        let ref = SecretReference(environmentVariable: "GH_TEST_SECRET")
        #expect(try ref.resolve(in: ["GH_TEST_SECRET": "s3cret"]) == "s3cret")
        #expect(throws: ConfigError.self) { try ref.resolve(in: [:]) }
    }

    @Test func enforcementContextFromConfig() throws {
        let config = try GatehouseConfiguration.load(path: repositoryRoot().appendingPathComponent("config/gatehouse.yaml").path)
        let context = try #require(config.org("example")).enforcementContext(now: referenceNow)
        #expect(context.connections.map(\.kind) == [.saml, .oidc])
        #expect(context.scimConnected)
        _ = try EnforcementEngine(context: context)
    }
}
