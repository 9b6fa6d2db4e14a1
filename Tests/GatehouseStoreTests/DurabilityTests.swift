import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    /// kill -9 at a random moment loses no acknowledged write and leaves no half-applied transaction (SQLite).
    ///
    /// The child is `gatehouse migrate durability-writer`: each write is one transaction of two statements (an audit
    /// event and its outbox row); `ack <seq>` is printed after the commit returned. The binary is found next to the
    /// test bundle (`swift build --build-tests` builds it).
    @Suite struct DurabilityTests {
        static var gatehouseBinary: URL? {
            let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            for candidate in [here, here.deletingLastPathComponent()] {
                let url = candidate.appendingPathComponent("gatehouse")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            return nil
        }

        @Test(.timeLimit(.minutes(3)))
        func killNineLosesNoAcknowledgedWrite() async throws {
            let binary = try #require(Self.gatehouseBinary, "the gatehouse binary was not built next to the tests")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-kill9-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("durable.sqlite").path
            var acknowledged: Set<Int64> = []
            var generator = SystemRandomNumberGenerator()
            for round in 0..<4 {
                let killAfter = Int.random(in: 5...120, using: &generator)
                let extraDelay = UInt32.random(in: 0...20_000, using: &generator)
                let acks = try await Task.detached {
                    try Self.runAndKill(binary: binary, database: path, afterAcks: killAfter, extraDelayMicros: extraDelay)
                }.value
                #expect(acks.count >= killAfter, "round \(round): the writer acknowledged only \(acks.count) rows")
                acknowledged.formUnion(acks)

                let store = try await SQLGatehouseStore.open(.sqlite(path: path), options: StoreBackend.testOptions())
                let integrity = try await store.queryStrings("PRAGMA integrity_check", column: "integrity_check")
                let events = try await store.queryStrings("SELECT seq FROM audit_events", column: "seq")
                let outbox = try await store.queryStrings("SELECT seq FROM audit_outbox", column: "seq")
                await store.close()
                #expect(integrity == ["ok"])
                let present = Set(events.compactMap { Int64($0) })
                let missing = acknowledged.subtracting(present)
                #expect(missing.isEmpty, "round \(round): acknowledged rows lost after kill -9: \(missing.sorted().prefix(10))")
                // Every transaction is whole: each event has its outbox row and no outbox row lacks its event.
                #expect(Set(outbox.compactMap { Int64($0) }) == present, "round \(round): a half-applied transaction survived")
            }
        }

        /// Starts the writer, waits for `afterAcks` acknowledgements plus a random delay, sends SIGKILL, and returns
        /// every acknowledgement printed before the kill.
        static func runAndKill(binary: URL, database: String, afterAcks: Int, extraDelayMicros: UInt32) throws -> [Int64] {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["migrate", "durability-writer", "--database", database]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let reader = pipe.fileHandleForReading
            var buffer = Data()
            var acks: [Int64] = []
            var killed = false
            func drainLines() {
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if line.hasPrefix("ack "), let seq = Int64(line.dropFirst(4)) { acks.append(seq) }
                }
            }
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                drainLines()
                if !killed && acks.count >= afterAcks {
                    usleep(extraDelayMicros)
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                }
            }
            process.waitUntilExit()
            return acks
        }
    }
}
