import ArgumentParser
import Foundation
import GatehouseStore

/// `--database`: a SQLite file path or a `postgres://` URL; `$GATEHOUSE_DATABASE`, then `var/gatehouse.sqlite`.
struct DatabaseOption: ParsableArguments {
    @Option(help: "SQLite file path or postgres://user:password@host:port/db URL (default: $GATEHOUSE_DATABASE or var/gatehouse.sqlite).")
    var database: String?

    func location() throws -> StoreLocation {
        let text = database ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE"] ?? StoreLocation.defaultSQLitePath
        do { return try StoreLocation.parse(text) } catch let error as StoreError { throw UsageError(error.reason) }
    }
}
