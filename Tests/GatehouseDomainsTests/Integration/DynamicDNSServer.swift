import Foundation
import GatehouseDomains
import Testing

/// A dnsmasq the test itself starts (foreground, stopped by its PID) on GATEHOUSE_TEST_DNS_DYNAMIC, authoritative
/// for dyn.test, so records can change between checks. The shared resolver forwards dyn.test here and caches.
final class DynamicDNSServer: @unchecked Sendable {  // only used from one serialized suite
    let server: DNSServer
    private let directory: URL
    private var process: Process?

    init() throws {
        server = try DNSTestEnvironment.server("GATEHOUSE_TEST_DNS_DYNAMIC")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-dyn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// (Re)starts the server with these TXT records (name → value) and waits until it answers.
    func start(txt: [(String, String)]) async throws {
        stop()
        let probe = CAresResolver(nameservers: [server], options: .init(timeout: .milliseconds(200), tries: 1))
        let marker = UUID().uuidString.lowercased()
        if case .response = await probe.query(DNSQuery(name: "ns1.dyn.test", type: .a, server: server)) {
            Issue.record("something already answers on \(server): a dnsmasq left over from an interrupted test run? Stop it first.")
            return
        }
        var lines = [
            "txt-record=instance.dyn.test,\(marker)",
            "auth-zone=dyn.test", "auth-ttl=60", "auth-soa=2026112301,hostmaster.dyn.test,1200,180,1209600",
            "host-record=ns1.dyn.test,127.0.0.1",
        ]
        lines += txt.map { "txt-record=\($0.0),\($0.1)" }
        let conf = directory.appendingPathComponent("dyn.conf")
        try (lines.joined(separator: "\n") + "\n").write(to: conf, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DNSTestEnvironment.environment["GATEHOUSE_TEST_DNSMASQ"] ?? "/usr/sbin/dnsmasq")
        p.arguments = [
            "--keep-in-foreground", "--no-resolv", "--no-hosts", "--listen-address=\(server.host)", "--bind-interfaces",
            "--port=\(server.port)", "--auth-server=ns1.dyn.test,\(server.host)", "--conf-file=\(conf.path)",
            "--pid-file=\(directory.appendingPathComponent("dnsmasq.pid").path)", "--log-facility=\(directory.appendingPathComponent("log").path)",
        ]
        if getuid() == 0 { p.arguments! += ["--user=root", "--group=root"] }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        for _ in 0..<50 {
            // Our instance answers with our marker (not a stale server on the same port).
            if case .response(0, _, let answers, _) = await probe.query(DNSQuery(name: "instance.dyn.test", type: .txt, server: server)),
                answers.contains(where: { $0.txtValue == marker })
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("dnsmasq on \(server) did not answer within 5 s")
    }

    func stop() {
        guard let p = process else { return }
        if p.isRunning {
            // SIGKILL: the child inherits the test thread's blocked-signal mask, so SIGTERM may never arrive.
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        process = nil
    }
}
