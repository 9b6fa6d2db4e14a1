#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Tells, without a lock or a system call, whether any connection (in this process or another) has committed to a
/// WAL-mode SQLite database since an earlier look.
///
/// Every connection to a WAL database shares the wal-index through the database's `-shm` file
/// (https://www.sqlite.org/walformat.html, §2 "The WAL-Index File Format"; its layout is stable across SQLite
/// versions because processes of different versions share it). Its 48-byte header is rewritten on every commit
/// (`iChange` counts transactions; `mxFrame` and the salts move too) and on every WAL reset, as two copies: the
/// second first, a memory barrier, then the first. Reading the first, a barrier, then the second, and getting two
/// equal copies means a complete header; unequal copies mean a writer is mid-update, which reads as "changed".
///
/// The mapping is read-only and only of the header page. SQLite truncates `-shm` only when no connection has it
/// open; the owner (``SQLiteSessionReaders``) keeps its read connections open for as long as this is mapped, and
/// unmaps before closing them.
final class SQLiteChangeCounter {
    /// One complete wal-index header: equal versions mean no commit in between.
    struct Version: Equatable, Sendable {
        var a: UInt64, b: UInt64, c: UInt64, d: UInt64, e: UInt64, f: UInt64
    }

    private var base: UnsafeMutableRawPointer?
    private static let mapped = 4096
    private static let headerSize = 48

    /// Maps `<database>-shm`; nil when there is none (not a WAL database) or it is too short to hold the header.
    init?(databasePath: String) {
        let fd = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= Self.mapped else { return nil }
        guard let pointer = mmap(nil, Self.mapped, PROT_READ, MAP_SHARED, fd, 0), pointer != MAP_FAILED else { return nil }
        base = pointer
    }

    deinit { unmap() }

    /// The current header, or nil while a writer is updating it or before it was initialised (the caller then
    /// reads the database).
    func current() -> Version? {
        guard let header = base else { return nil }
        var first = Version(a: 0, b: 0, c: 0, d: 0, e: 0, f: 0)
        var second = first
        withUnsafeMutableBytes(of: &first) { $0.copyMemory(from: UnsafeRawBufferPointer(start: header, count: Self.headerSize)) }
        atomicMemoryFence(ordering: .acquiring)
        withUnsafeMutableBytes(of: &second) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: header + Self.headerSize, count: Self.headerSize))
        }
        guard first == second, withUnsafeBytes(of: first, { $0[12] }) != 0 else { return nil }  // isInit
        return first
    }

    func unmap() {
        if let base { munmap(base, Self.mapped) }
        base = nil
    }
}
