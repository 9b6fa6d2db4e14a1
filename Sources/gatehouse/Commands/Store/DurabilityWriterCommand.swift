import ArgumentParser
import Foundation
import GatehouseStore

/// Hidden: the child process of the kill -9 durability test. Appends audit events (event + outbox row: one
/// two-statement transaction each) in a loop and prints `ack <sequence>` after each commit returns.
struct DurabilityWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "durability-writer", abstract: "Test helper: write until killed.", shouldDisplay: false)

    @OptionGroup var database: DatabaseOption

    @Option(help: "Stop after this many writes (0: until killed).")
    var count = 0

    func run() async throws {
        let store = try await SQLGatehouseStore.open(try database.location())
        try? await store.createOrganization(Organization(id: "durability", name: "Durability", createdAt: Date()))
        FileHandle.standardOutput.write(Data("ready\n".utf8))
        var written = 0
        while count == 0 || written < count {
            let event = try await store.appendAuditEvent(
                AuditEvent(organizationID: "durability", occurredAt: Date(), actor: "writer", action: "test.write",
                           target: "row-\(written)"), deliver: true)
            // Unbuffered: the line exists only after the commit returned.
            FileHandle.standardOutput.write(Data("ack \(event.sequence)\n".utf8))
            written += 1
        }
        await store.close()
    }
}
