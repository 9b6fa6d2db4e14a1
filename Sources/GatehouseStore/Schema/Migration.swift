/// One schema step: numbered, applied once, in order, inside a transaction with its version row.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// Statements; `{autoincrement_pk}` is replaced by the engine's spelling, everything else is shared SQL.
    let statements: [String]
}
