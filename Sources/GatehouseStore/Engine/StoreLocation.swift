import Foundation

/// Where the store lives: a SQLite file path, or a `postgres://user:password@host:port/db` URL.
public struct StoreLocation: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case sqlite(path: String)
        case postgres(URLComponents)
    }
    let base: Base

    /// The default: one process, nothing else installed.
    public static let defaultSQLitePath = "var/gatehouse.sqlite"

    public static func sqlite(path: String) -> Self { Self(base: .sqlite(path: path)) }

    /// Parses `--database`: `postgres://…` / `postgresql://…` URLs select PostgreSQL; anything else (optionally
    /// `sqlite:` prefixed) is a SQLite file path.
    public static func parse(_ text: String) throws -> Self {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
                throw StoreError.invalidLocation("expected postgres://user:password@host:port/database, got an unparsable URL")
            }
            return Self(base: .postgres(components))
        }
        var path = trimmed
        if path.hasPrefix("sqlite://") { path = String(path.dropFirst("sqlite://".count)) }
        else if path.hasPrefix("sqlite:") { path = String(path.dropFirst("sqlite:".count)) }
        guard !path.isEmpty else {
            throw StoreError.invalidLocation("expected a SQLite file path or a postgres:// URL, got an empty string")
        }
        return Self(base: .sqlite(path: path))
    }

    /// The SQLite file, or nil for PostgreSQL.
    public var sqlitePath: String? {
        if case .sqlite(let path) = base { path } else { nil }
    }

    /// `sqlite` or `postgresql`.
    public var engineName: String {
        switch base {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// Without the password.
    public var description: String {
        switch base {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(var components):
            if components.password != nil { components.password = "REDACTED" }
            return components.string ?? "postgresql://?"
        }
    }
}
