import CMemVec

#if canImport(Glibc)
    import Glibc
#endif

/// Evicts the caches between timed calls by reading a buffer larger than the last-level cache,
/// so every path starts from memory. Without it, whichever path runs after another that read
/// the same bytes finds them in L3 (260 MB on the benchmark VM holds all of a 38 MB int8 copy,
/// and part of a 154 MB float32 matrix) and looks up to 1.7× faster than it is.
final class CacheFlush {
    let floats: Int
    private let buffer: UnsafeMutablePointer<Float>

    init() throws {
        let l3 = max(sysconf(Int32(_SC_LEVEL3_CACHE_SIZE)), 0)
        let bytes = max(64 << 20, l3 + l3 / 2)
        floats = bytes / MemoryLayout<Float>.size
        buffer = try require(mv_alloc_floats(floats), "cannot allocate \(bytes >> 20) MB to flush caches")
        // Touch the pages once so later flushes do not count first-touch faults.
        for i in stride(from: 0, to: floats, by: 1024) { buffer[i] = 1 }
    }

    deinit { mv_free_floats(buffer) }

    var megabytes: Int { (floats * MemoryLayout<Float>.size) >> 20 }

    func run() { precondition(mv_stream_read(buffer, floats).isFinite) }
}
