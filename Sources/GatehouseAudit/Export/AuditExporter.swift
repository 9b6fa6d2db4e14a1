public import GatehouseStore
public import struct Foundation.Date

/// Streams an organization's events in `[since, until)` as JSON Lines or CSV, one page at a time.
///
/// Pages are read with `auditEvents(afterSequence:limit:)`, so memory stays bounded by ``pageSize`` however many
/// events match; each page is handed to `write` as one chunk of complete lines before the next is read.
///
/// ```swift
/// let count = try await AuditExporter(store: store).export(organizationID: "acme", since: since, until: nil,
///                                                          format: .csv) { chunk in stdout.write(chunk) }
/// ```
public struct AuditExporter: Sendable {
    let store: any AuditStore
    /// Events read per store query (default 1000).
    public var pageSize: Int

    public init(store: any AuditStore, pageSize: Int = 1000) {
        self.store = store
        self.pageSize = max(1, pageSize)
    }

    /// Writes the export through `write` (a CSV export starts with its header row; lines end with `\n` for JSON
    /// Lines and `\r\n` for CSV) and returns the number of events. Throws `audit.invalid_window` when `until` is
    /// not after `since`, and the store's errors.
    @discardableResult
    public func export(
        organizationID: String, since: Date, until: Date?, format: AuditExportFormat,
        write: (String) async throws -> Void
    ) async throws -> Int {
        if let until, until <= since {
            throw AuditError.invalidWindow("until (\(AuditTimestamp.string(until))) is not after since (\(AuditTimestamp.string(since)))")
        }
        if format == .csv { try await write(AuditCSV.header + "\r\n") }
        var after: Int64 = 0
        var count = 0
        while true {
            let page = try await store.auditEvents(organizationID: organizationID, since: since, until: until,
                                                   afterSequence: after, limit: pageSize)
            guard let last = page.last else { break }
            var chunk = ""
            for event in page {
                let record = AuditExportRecord(event)
                chunk += format == .csv ? record.csvRow + "\r\n" : record.jsonObject + "\n"
            }
            try await write(chunk)
            count += page.count
            after = last.sequence
            if page.count < pageSize { break }
        }
        return count
    }
}
