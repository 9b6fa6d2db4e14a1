import Foundation
import GatehouseDomains
import Testing

/// A dnsmasq the test itself starts (foreground, stopped by its PID) on GATEHOUSE_TEST_DNS_DYNAMIC, authoritative
/// for dyn.test, so records can change between checks. The shared resolver forwards dyn.test here and caches.
final class DynamicDNSServer: @unchecked Sendable {  // only used from one serialized suite
    let server: DNSServer
    private let directory: URL
    /// The dnsmasq child, started with posix_spawn and reaped with waitpid by this class. Not Foundation's
    /// `Process`: dnsmasq closes every inherited descriptor at start, which Foundation takes for the child's exit;
    /// its single monitor thread then blocks in wait4 on the still-running dnsmasq and no other test's
    /// `waitUntilExit` ever returns.
    private var pid: pid_t?

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
        let executable = DNSTestEnvironment.environment["GATEHOUSE_TEST_DNSMASQ"] ?? "/usr/sbin/dnsmasq"
        var arguments = [
            executable, "--keep-in-foreground", "--no-resolv", "--no-hosts", "--listen-address=\(server.host)", "--bind-interfaces",
            "--port=\(server.port)", "--auth-server=ns1.dyn.test,\(server.host)", "--conf-file=\(conf.path)",
            "--pid-file=\(directory.appendingPathComponent("dnsmasq.pid").path)", "--log-facility=\(directory.appendingPathComponent("log").path)",
        ]
        if getuid() == 0 { arguments += ["--user=root", "--group=root"] }
        pid = try Self.spawn(arguments)
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
        guard let child = pid else { return }
        kill(child, SIGKILL)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        pid = nil
    }

    /// posix_spawn with an empty signal mask and default signal handlers; stdin/stdout/stderr from /dev/null.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(status), userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(arguments[0])"])
        }
        return child
    }
}
