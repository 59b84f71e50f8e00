#if canImport(Glibc)
    import Glibc
#endif

// What the report's header says about the machine, read from /proc.

/// The first "model name" line of /proc/cpuinfo.
func cpuModel() -> String {
    guard let text = try? readText("/proc/cpuinfo") else { return "unknown CPU" }
    let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
    return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmed() } ?? "unknown CPU"
}

func loadAverage() -> String {
    ((try? readText("/proc/loadavg")) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
}

func readText(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw BenchError("cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let got = fread(&chunk, 1, chunk.count, file)
        if got == 0 { break }
        bytes += chunk.prefix(got)
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension Substring {
    func trimmed() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
