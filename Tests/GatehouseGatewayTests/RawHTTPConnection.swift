import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a loopback port, for what HTTP clients hide: pipelined requests, `Connection: close`,
/// exact bytes. Blocking socket calls run on a Dispatch queue, never on the test's cooperative threads, and every
/// read gives up after `timeout`.
final class RawHTTPConnection: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private let queue = DispatchQueue(label: "raw-http")

    init(port: Int, timeout: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed")
        }
    }

    deinit { close(fd) }

    /// Sends `text` in one write (several requests in one segment: pipelining).
    func send(_ text: String) async throws {
        try await offload {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure(description: "send failed") }
                sent += n
            }
        }
    }

    /// Reads exactly `count` responses (Content-Length or chunked bodies).
    func responses(_ count: Int) async throws -> [Response] {
        try await offload {
            var out: [Response] = []
            while out.count < count {
                if let response = try self.parseOne() { out.append(response); continue }
                guard try self.fill() else { throw Failure(description: "connection closed after \(out.count) of \(count) responses") }
            }
            return out
        }
    }

    /// True when the server closes the connection (EOF) within the timeout, with nothing more sent.
    func closedByPeer() async throws -> Bool {
        try await offload { try self.buffer.isEmpty && !self.fill() }
    }

    private func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Reads more bytes; false on EOF.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw Failure(description: "recv failed or timed out (errno \(errno))") }
        if n == 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func parseOne() throws -> Response? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = buffer.firstRange(of: separator) else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "bad status line \(head.first ?? "")")
        }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, headers: headers, body: "")
        let bodyStart = end.upperBound
        if let length = response.header("content-length").flatMap(Int.init) {
            guard buffer.count - bodyStart >= length else { return nil }
            response.body = String(decoding: buffer[bodyStart..<(bodyStart + length)], as: UTF8.self)
            buffer.removeFirst(bodyStart + length)
            return response
        }
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            var cursor = bodyStart
            var body: [UInt8] = []
            while true {
                guard let lineEnd = buffer[cursor...].firstRange(of: Array("\r\n".utf8)) else { return nil }
                let size = Int(String(decoding: buffer[cursor..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
                let dataStart = lineEnd.upperBound
                guard buffer.count >= dataStart + size + 2 else { return nil }
                body += buffer[dataStart..<(dataStart + size)]
                cursor = dataStart + size + 2
                if size == 0 { break }
            }
            response.body = String(decoding: body, as: UTF8.self)
            buffer.removeFirst(cursor)
            return response
        }
        buffer.removeFirst(bodyStart)
        return response
    }
}
