import Foundation
import Yams

/// A YAML node with the key path and file it came from, so every error can name both.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var location: String {
        let line = node.mark.map { ":\($0.line)" } ?? ""
        return "\(file)\(line): \(path.isEmpty ? "(top level)" : path)"
    }

    func fail(_ code: ConfigError.Code, _ message: String) -> ConfigError {
        ConfigError(code, keyPath: path, "\(location): \(message)")
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping's entries, after checking that every key is allowed.
    func mapping(allowed: Set<String>) throws(ConfigError) -> [String: ConfigNode] {
        guard let mapping = node.mapping else {
            throw fail(.invalidValue, "expected a mapping with keys \(allowed.sorted().joined(separator: ", ")), found \(kindName)")
        }
        var result: [String: ConfigNode] = [:]
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { throw fail(.invalidValue, "mapping keys must be strings") }
            guard allowed.contains(key) else {
                throw ConfigError(
                    .unknownKey, keyPath: childPath(key),
                    "\(file)\(k.mark.map { ":\($0.line)" } ?? ""): \(childPath(key)): unknown key '\(key)'; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            if result[key] != nil { throw fail(.duplicate, "key '\(key)' appears twice") }
            result[key] = ConfigNode(node: v, path: childPath(key), file: file)
        }
        return result
    }

    var kindName: String {
        switch node {
        case .scalar(let s): s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    var isNull: Bool {
        guard case .scalar(let s) = node else { return false }
        return s.string.isEmpty || s.string == "~" || s.string == "null"
    }

    func string() throws(ConfigError) -> String {
        guard case .scalar(let s) = node, !isNull else { throw fail(.invalidValue, "expected a string, found \(kindName)") }
        return s.string
    }

    func bool() throws(ConfigError) -> Bool {
        guard case .scalar(let s) = node else { throw fail(.invalidValue, "expected true or false, found \(kindName)") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(.invalidValue, "expected true or false, found '\(s.string)'")
        }
    }

    /// ISO 8601 instant (`2027-01-31T12:00:00Z`) or a date (`2027-01-31`, midnight UTC).
    func date() throws(ConfigError) -> Date {
        let text = try string()
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let d = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return d }
        if let d = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return d }
        throw fail(.invalidValue, "expected an ISO 8601 instant such as 2027-01-31T12:00:00Z, found '\(text)'")
    }

    /// Seconds from `90`, `90s`, `30m`, `12h` or `7d`.
    func duration() throws(ConfigError) -> Int {
        let text = try string().trimmingCharacters(in: .whitespaces)
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let n = Int(text), n > 0 { return n }
        if let unit = text.last, let factor = units[unit], let n = Int(text.dropLast()), n > 0 { return n * factor }
        throw fail(.invalidValue, "expected a positive duration such as 90s, 30m, 12h or 7d, found '\(text)'")
    }

    func list() throws(ConfigError) -> [ConfigNode] {
        if isNull { return [] }
        guard let seq = node.sequence else { throw fail(.invalidValue, "expected a list, found \(kindName)") }
        return seq.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    func stringList() throws(ConfigError) -> [String] {
        var out: [String] = []
        for item in try list() { out.append(try item.string()) }
        return out
    }
}

extension [String: ConfigNode] {
    /// The required child `key` of `parent`.
    func require(_ key: String, in parent: ConfigNode) throws(ConfigError) -> ConfigNode {
        guard let node = self[key], !node.isNull else {
            let path = parent.path.isEmpty ? key : "\(parent.path).\(key)"
            throw ConfigError(.missingKey, keyPath: path, "\(parent.location): missing required key '\(key)' (\(path))")
        }
        return node
    }
}
