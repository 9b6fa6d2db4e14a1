/// A recursive-descent parser for SCIM filters and PATCH paths. `not` binds tighter than `and`, which binds tighter
/// than `or`; keywords and operators are case-insensitive. Length, depth and term count are bounded, so any input
/// is rejected or accepted in time linear in its (bounded) length.
struct SCIMFilterParser {
    private let tokens: [SCIMFilterToken]
    private var i = 0
    private var terms = 0
    private let limits: SCIMFilterLimits
    private let text: String

    /// Parses a `filter` query parameter (or the `filter` of a search request).
    static func parseFilter(_ text: String, limits: SCIMFilterLimits = .init()) throws(SCIMError) -> SCIMFilter {
        guard text.utf8.count <= limits.maxLength else {
            throw SCIMError(.invalidFilter, "the filter is \(text.utf8.count) bytes; the limit is \(limits.maxLength)")
        }
        var p = SCIMFilterParser(tokens: try SCIMFilterLexer.tokens(text, error: .invalidFilter), limits: limits, text: text)
        guard !p.tokens.isEmpty else { throw SCIMError(.invalidFilter, "the filter is empty") }
        let f = try p.orExpr(depth: 0, inValuePath: false)
        guard p.i == p.tokens.count else { throw p.fail("unexpected \(p.describe(p.tokens[p.i]))") }
        return f
    }

    /// A PATCH `path`: `attrPath`, `attrPath[valFilter]`, or `attrPath[valFilter].subAttr`.
    static func parsePath(_ text: String, limits: SCIMFilterLimits = .init()) throws(SCIMError) -> SCIMPatchPath {
        guard text.utf8.count <= limits.maxLength else {
            throw SCIMError(.invalidPath, "the path is \(text.utf8.count) bytes; the limit is \(limits.maxLength)")
        }
        let tokens: [SCIMFilterToken]
        do { tokens = try SCIMFilterLexer.tokens(text, error: .invalidPath) } catch { throw error }
        guard case .word(let w)? = tokens.first else { throw SCIMError(.invalidPath, "invalid path '\(text.prefix(200))'") }
        let attr = try SCIMFilterLexer.attributePath(w, error: .invalidPath)
        if tokens.count == 1 { return SCIMPatchPath(attribute: attr, filter: nil, subAttribute: nil) }
        guard attr.subAttribute == nil, tokens[1] == .lbracket else {
            throw SCIMError(.invalidPath, "invalid path '\(text.prefix(200))'")
        }
        var p = SCIMFilterParser(tokens: tokens, limits: limits, text: text)
        p.i = 2
        let filter: SCIMFilter
        do { filter = try p.orExpr(depth: 1, inValuePath: true) } catch {
            throw SCIMError(.invalidPath, "invalid value filter in path: \(error.reason)")
        }
        guard p.i < tokens.count, tokens[p.i] == .rbracket else { throw SCIMError(.invalidPath, "expected ']' in path '\(text.prefix(200))'") }
        p.i += 1
        var sub: String?
        if p.i < tokens.count {
            guard case .word(let s) = tokens[p.i], s.hasPrefix("."), p.i + 1 == tokens.count,
                SCIMFilterLexer.isName(s.dropFirst())
            else { throw SCIMError(.invalidPath, "unexpected text after ']' in path '\(text.prefix(200))'") }
            sub = String(s.dropFirst())
        }
        return SCIMPatchPath(attribute: attr, filter: filter, subAttribute: sub)
    }

    private init(tokens: [SCIMFilterToken], limits: SCIMFilterLimits, text: String) {
        self.tokens = tokens
        self.limits = limits
        self.text = text
    }

    private func fail(_ what: String) -> SCIMError {
        SCIMError(.invalidFilter, "\(what) in filter '\(text.prefix(200))'")
    }

    private func describe(_ t: SCIMFilterToken) -> String {
        switch t {
        case .lparen: "'('"
        case .rparen: "')'"
        case .lbracket: "'['"
        case .rbracket: "']'"
        case .word(let w): "'\(w.prefix(60))'"
        case .string: "a string"
        case .number: "a number"
        }
    }

    private func keyword(_ k: String) -> Bool {
        guard i < tokens.count, case .word(let w) = tokens[i] else { return false }
        return w.lowercased() == k
    }

    private mutating func orExpr(depth: Int, inValuePath: Bool) throws(SCIMError) -> SCIMFilter {
        guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth)") }
        var left = try andExpr(depth: depth, inValuePath: inValuePath)
        while keyword("or") {
            i += 1
            left = .or(left, try andExpr(depth: depth, inValuePath: inValuePath))
        }
        return left
    }

    private mutating func andExpr(depth: Int, inValuePath: Bool) throws(SCIMError) -> SCIMFilter {
        var left = try unary(depth: depth, inValuePath: inValuePath)
        while keyword("and") {
            i += 1
            left = .and(left, try unary(depth: depth, inValuePath: inValuePath))
        }
        return left
    }

    private mutating func unary(depth: Int, inValuePath: Bool) throws(SCIMError) -> SCIMFilter {
        guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth)") }
        guard i < tokens.count else { throw fail("unexpected end") }
        if keyword("not") {
            i += 1
            return .not(try unary(depth: depth + 1, inValuePath: inValuePath))
        }
        if tokens[i] == .lparen {
            i += 1
            let inner = try orExpr(depth: depth + 1, inValuePath: inValuePath)
            guard i < tokens.count, tokens[i] == .rparen else { throw fail("expected ')'") }
            i += 1
            return inner
        }
        guard case .word(let w) = tokens[i] else { throw fail("expected an attribute, found \(describe(tokens[i]))") }
        i += 1
        let path = try SCIMFilterLexer.attributePath(w, error: .invalidFilter)
        if i < tokens.count, tokens[i] == .lbracket {
            guard !inValuePath, path.subAttribute == nil else { throw fail("nested value filter") }
            i += 1
            let inner = try orExpr(depth: depth + 1, inValuePath: true)
            guard i < tokens.count, tokens[i] == .rbracket else { throw fail("expected ']'") }
            i += 1
            // `emails[type eq "work"].value eq "x"`: the sub-attribute comparison joins the value filter.
            if i < tokens.count, case .word(let s) = tokens[i], s.hasPrefix("."), SCIMFilterLexer.isName(s.dropFirst()) {
                i += 1
                let sub = SCIMAttributePath(urn: nil, attribute: String(s.dropFirst()), subAttribute: nil)
                return .valuePath(path, .and(inner, try comparison(sub)))
            }
            return .valuePath(path, inner)
        }
        return try comparison(path)
    }

    private mutating func comparison(_ path: SCIMAttributePath) throws(SCIMError) -> SCIMFilter {
        terms += 1
        guard terms <= limits.maxTerms else { throw fail("more than \(limits.maxTerms) comparisons") }
        guard i < tokens.count, case .word(let o) = tokens[i] else { throw fail("expected an operator after '\(path)'") }
        guard let op = SCIMCompareOp(rawValue: o.lowercased()) else { throw fail("unknown operator '\(o.prefix(40))'") }
        i += 1
        if op == .pr { return .compare(path, .pr, nil) }
        guard i < tokens.count else { throw fail("expected a value after '\(o)'") }
        let value: JSONValue
        switch tokens[i] {
        case .string(let s): value = .string(s)
        case .number(let n): value = .number(n)
        case .word(let w) where w.lowercased() == "true": value = .bool(true)
        case .word(let w) where w.lowercased() == "false": value = .bool(false)
        case .word(let w) where w.lowercased() == "null": value = .null
        default: throw fail("expected a value (a quoted string, number, true, false or null) after '\(o)'")
        }
        i += 1
        return .compare(path, op, value)
    }
}

/// A parsed PATCH path.
struct SCIMPatchPath: Sendable, Hashable {
    var attribute: SCIMAttributePath
    var filter: SCIMFilter?
    /// The sub-attribute after `]` (`emails[type eq "work"].value`).
    var subAttribute: String?
}
