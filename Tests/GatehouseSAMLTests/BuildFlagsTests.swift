import Foundation
import Testing

/// SwiftPM drops the -D flags pkg-config prints for xmlsec; Package.swift repeats them. If a libxmlsec1 upgrade
/// changes them, struct layouts would silently differ (memory corruption): this test fails first.
@Suite struct BuildFlagsTests {
    @Test func xmlsecDefinesMatchPkgConfig() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pkg-config", "--cflags", "xmlsec1-openssl"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let defines = Set(output.split(separator: " ").map(String.init).filter { $0.hasPrefix("-D") }
            .map { $0.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines) })
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        for define in defines {
            let parts = define.split(separator: "=", maxSplits: 1).map(String.init)
            let expected = parts.count == 2 ? ".define(\"\(parts[0])\", to: \"\(parts[1])\")" : ".define(\"\(parts[0])\")"
            #expect(manifest.contains(expected), "Package.swift lacks \(expected) (pkg-config prints -D\(define))")
        }
        #expect(!defines.isEmpty)
    }
}
