internal import XMLSecShim

/// An element of a ``ParsedXML`` document. Keeps its document alive.
package struct XMLElementRef: @unchecked Sendable {
    let document: ParsedXML
    let node: UnsafeRawPointer

    init(document: ParsedXML, node: UnsafeRawPointer?) {
        self.document = document
        self.node = node!
    }

    package var localName: String { String(cString: gh_node_name(node)) }
    package var namespace: String? { gh_node_ns(node).map { String(cString: $0) } }

    package func isElement(_ name: String, in namespace: String) -> Bool {
        guard let ns = gh_node_ns(node) else { return false }
        return strcmpEqual(gh_node_name(node), name) && strcmpEqual(ns, namespace)
    }

    /// An attribute without a namespace.
    package func attribute(_ name: String) -> String? {
        guard let value = gh_node_attr(node, name) else { return nil }
        defer { gh_free(value) }
        return String(cString: value)
    }

    package func attribute(_ name: String, namespace: String) -> String? {
        guard let value = gh_node_attr_ns(node, name, namespace) else { return nil }
        defer { gh_free(value) }
        return String(cString: value)
    }

    package var parent: XMLElementRef? {
        gh_node_parent_element(node).map { XMLElementRef(document: document, node: $0) }
    }

    /// Element children, in document order (a lazy sequence: nothing is allocated to walk it).
    package var children: ElementChildren { ElementChildren(parent: self) }

    package func children(_ name: String, in namespace: String) -> LazyFilterSequence<ElementChildren> {
        children.lazy.filter { $0.isElement(name, in: namespace) }
    }

    package func firstChild(_ name: String, in namespace: String) -> XMLElementRef? {
        var child = gh_node_first_element_child(node)
        while let current = child {
            let element = XMLElementRef(document: document, node: current)
            if element.isElement(name, in: namespace) { return element }
            child = gh_node_next_element_sibling(current)
        }
        return nil
    }

    package enum TextError: Error { case hasElements, hasEntity }

    /// The element's value: its text and CDATA children concatenated; comments are skipped (so a comment cannot
    /// truncate a value), element children are refused unless `deep`.
    package func text(deep: Bool = false) throws(TextError) -> String {
        var out: UnsafeMutablePointer<CChar>?
        let status = gh_node_text(node, deep ? 1 : 0, &out)
        defer { gh_free(out) }
        switch status {
        case Int32(GH_TEXT_OK.rawValue): return out.map { String(cString: $0) } ?? ""
        case Int32(GH_TEXT_HAS_ELEMENTS.rawValue): throw .hasElements
        default: throw .hasEntity
        }
    }

    /// A readable path for messages, e.g. `Response/Assertion/Subject`.
    package var path: String {
        var names: [String] = []
        var current: XMLElementRef? = self
        while let element = current { names.append(element.localName); current = element.parent }
        return names.reversed().joined(separator: "/")
    }
}

@inline(__always)
private func strcmpEqual(_ c: UnsafePointer<CChar>, _ s: String) -> Bool {
    var s = s
    return s.withUTF8 { utf8 in
        var i = 0
        while i < utf8.count {
            if UInt8(bitPattern: c[i]) != utf8[i] { return false }
            i += 1
        }
        return c[i] == 0
    }
}

/// The element children of one element.
package struct ElementChildren: Sequence {
    let parent: XMLElementRef

    package struct Iterator: IteratorProtocol {
        let document: ParsedXML
        var next_: UnsafeRawPointer?
        package mutating func next() -> XMLElementRef? {
            guard let current = next_ else { return nil }
            next_ = gh_node_next_element_sibling(current)
            return XMLElementRef(document: document, node: current)
        }
    }

    package func makeIterator() -> Iterator {
        Iterator(document: parent.document, next_: gh_node_first_element_child(parent.node))
    }
}

extension String {
    /// Without leading and trailing ASCII whitespace (space, tab, CR, LF): cheaper than Foundation's trimming.
    package var trimmedASCII: String {
        let utf8 = self.utf8
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
