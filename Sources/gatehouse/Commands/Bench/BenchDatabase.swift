import Foundation
import GatehouseStore

/// Where a store benchmark runs: the `--database` given, or a new SQLite file in a temporary folder that
/// ``removeScratch()`` deletes afterwards.
struct BenchDatabase {
    let location: StoreLocation
    private let scratch: URL?

    init(_ database: String?, prefix: String) throws {
        if let database {
            location = try StoreLocation.parse(database)
            scratch = nil
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            scratch = dir
            location = .sqlite(path: dir.appendingPathComponent("bench.sqlite").path)
        }
    }

    func removeScratch() {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }
}
