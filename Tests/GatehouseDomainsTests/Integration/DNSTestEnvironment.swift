import Foundation
import GatehouseDomains
import Testing

/// The servers scripts/services/dns.sh starts. Tests skip when GATEHOUSE_TEST_DNS is absent, except under CI=true,
/// where they run and fail (CI must never skip them silently).
enum DNSTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static var enabled: Bool { environment["GATEHOUSE_TEST_DNS"] != nil || environment["CI"] == "true" }

    static func server(_ variable: String) throws -> DNSServer {
        let text = try #require(environment[variable], "\(variable) is not set: run the tests through scripts/test.sh (it starts scripts/services/dns.sh)")
        return try #require(DNSServer(parsing: text), "\(variable)=\(text) is not HOST:PORT")
    }

    static func resolver(_ variable: String = "GATEHOUSE_TEST_DNS", timeout: Duration = .seconds(1), tries: Int = 2) throws -> CAresResolver {
        CAresResolver(nameservers: [try server(variable)], options: .init(timeout: timeout, tries: tries))
    }

    /// ns1.gh.test / ns2.gh.test → the two authoritative test servers.
    static func ghAuthoritative() throws -> DomainVerifier.AuthoritativeOptions {
        .init(overrides: ["ns1.gh.test": try server("GATEHOUSE_TEST_DNS_NS1"), "ns2.gh.test": try server("GATEHOUSE_TEST_DNS_NS2")])
    }
}
