import Foundation
import GatehouseDomains
import Testing

/// `gatehouse domain verify`'s contract: exit codes and JSON keys, run as a process against the test DNS servers.
/// The binary is the one `swift build --build-tests` puts next to the test bundle.
@Suite(.enabled(if: DNSTestEnvironment.enabled)) struct CLIContractTests {
    static var binary: URL? {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("gatehouse")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(Self.binary, "the gatehouse binary is not next to the test bundle: build with swift build --build-tests")
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func common() throws -> [String] {
        let env = DNSTestEnvironment.self
        return [
            "--nameserver", try env.server("GATEHOUSE_TEST_DNS").description,
            "--authoritative", "ns1.gh.test=\(try env.server("GATEHOUSE_TEST_DNS_NS1"))",
            "--authoritative", "ns2.gh.test=\(try env.server("GATEHOUSE_TEST_DNS_NS2"))",
        ]
    }

    @Test func verifiedIsExit0WithTheContractKeys() throws {
        let r = try run(["domain", "verify", "ok.gh.test", "--token", "testtoken0001", "--format", "json"] + common())
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["domain", "recordName", "expected", "verified", "status", "found", "diagnosis", "nameservers", "checkedAt"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["verified"] as? Bool == true)
        #expect(json["status"] as? String == "verified")
        #expect((json["diagnosis"] as? [String: Any])?["code"] as? String == "domain.verified")
        let servers = try #require(json["nameservers"] as? [[String: Any]])
        #expect(servers.count == 3)
        #expect(servers.allSatisfy { $0["server"] is String && $0["answer"] is String && $0["ttl"] != nil })
    }

    @Test func notVerifiedIsExit1AndTheTextReportHasTheFix() throws {
        let r = try run(["domain", "verify", "doubled.gh.test", "--token", "testtoken0001"] + common())
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("domain.record_at_doubled_name"))
        #expect(r.stdout.contains("TXT | _gatehouse-challenge.doubled.gh.test. | gatehouse-domain-verification=testtoken0001"))
        #expect(r.stdout.contains("TXT | _gatehouse-challenge.doubled | gatehouse-domain-verification=testtoken0001"))
    }

    @Test func resolverTroubleIsExit3() throws {
        let blackhole = try DNSTestEnvironment.server("GATEHOUSE_TEST_DNS_BLACKHOLE")
        let r = try run(["domain", "verify", "ok.gh.test", "--token", "testtoken0001", "--nameserver", "\(blackhole)",
                         "--timeout", "0.3", "--tries", "1", "--no-authoritative", "--format", "json"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("\"status\":\"unknown\""))
    }

    @Test(arguments: [
        ["domain", "verify", "ok.gh.test", "--token", "testtoken0001", "--nameserver", "dns.example:53"],
        ["domain", "verify", "not a domain", "--token", "testtoken0001", "--nameserver", "127.0.0.1:15353"],
        ["domain", "verify", "ok.gh.test", "--nameserver", "127.0.0.1:15353"],
        ["domain", "verify", "ok.gh.test", "--token", "testtoken0001", "--format", "xml"],
        ["domain", "status", "--config", "/nonexistent/domains.json"],
    ])
    func usageErrorsAreExit2(arguments: [String]) throws {
        let r = try run(arguments)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(!r.stderr.isEmpty)
    }
}
