import ArgumentParser
import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseStore

/// `gatehouse audit export --org ID --since T [--until T] [--format jsonl|csv] [--database URL]`: streams an
/// organization's events to stdout, page by page. Exit 0 ok, 1 store error, 2 usage error.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export an organization's audit events as JSON Lines or CSV on stdout.",
        discussion: """
            --since and --until take an ISO 8601 instant (2026-01-31T12:00:00Z, 2026-01-31) or a duration back from \
            now (90s, 30m, 24h, 7d, 2w). The window is [since, until). CSV is RFC 4180 with a header row; cells that \
            start with = + - @ get a leading ' so spreadsheets do not run them. Fields: time, actor, org, action, \
            target, result, code, request_id, source_ip, user_agent, details, sequence.
            """
    )

    @Option(help: "Organization ID.")
    var org: String

    @Option(help: "Start of the window (inclusive): ISO 8601 or a duration such as 24h or 7d.")
    var since: String

    @Option(help: "End of the window (exclusive): ISO 8601 or a duration; default: now and later.")
    var until: String?

    @Option(help: "jsonl or csv.")
    var format: String = "jsonl"

    @Option(help: .hidden)
    var pageSize: Int = 1000

    @Option(help: .hidden)
    var now: String?

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let (since, until, format) = try parseArguments()
        let location = try database.location()
        var options = StoreOptions()
        options.migrate = false
        do {
            let store = try await SQLGatehouseStore.open(location, options: options)
            do {
                let exporter = AuditExporter(store: store, pageSize: pageSize)
                let count = try await exporter.export(organizationID: org, since: since, until: until, format: format) { chunk in
                    FileHandle.standardOutput.write(Data(chunk.utf8))
                }
                await store.close()
                FileHandle.standardError.write(Data("gatehouse: exported \(count) events\n".utf8))
            } catch {
                await store.close()
                throw error
            }
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("gatehouse: \(error.code): \(error.reason)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The window and format, or a ``UsageError`` (exit 2).
    func parseArguments() throws -> (Date, Date?, AuditExportFormat) {
        guard pageSize > 0 else { throw UsageError("--page-size must be positive") }
        do {
            let reference = try now.map { try CLIOutput.parseInstant($0) } ?? Date()
            let since = try AuditTimeExpression.parse(self.since, now: reference)
            let until = try self.until.map { try AuditTimeExpression.parse($0, now: reference) }
            if let until, until <= since {
                throw UsageError("--until (\(AuditTimestamp.string(until))) must be after --since (\(AuditTimestamp.string(since)))")
            }
            return (since, until, try AuditExportFormat(parsing: format))
        } catch let error as AuditError {
            throw UsageError("\(error.code): \(error.reason)")
        }
    }
}
