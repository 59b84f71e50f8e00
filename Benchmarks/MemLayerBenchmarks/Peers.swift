import Foundation

/// What Benchmarks/peers/vector_peers.py prints: numpy and sqlite-vec on the same vectors.
struct PeerReport: Decodable {
    struct Engine: Decodable {
        let version: String
        let results: [Result]
    }

    struct Result: Decodable {
        let n: Int
        let p50Ms: Double?
        let p90Ms: Double?
        let cpuP50Ms: Double?
        let buildS: Double?
        let top: [Int64]?
        let skipped: String?
    }

    let numpy: Engine
    let sqliteVec: Engine
}

/// Runs the Python peer script on the dataset's files and decodes its JSON.
struct PeerRunner {
    let python: String
    let script: String

    func run(vectors: String, queries: String, dim: Int, sizes: [Int], k: Int, budgetSeconds: Double) throws
        -> PeerReport
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, "--vectors", vectors, "--queries", queries, "--dim", String(dim),
            "--sizes", sizes.map(String.init).joined(separator: ","), "--k", String(k),
            "--vec-budget-s", String(budgetSeconds),
        ]
        // One thread, like our kernels: numpy's bundled OpenBLAS would otherwise use both cores.
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "1" }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()  // before wait: never block on a full pipe
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(script) exited with \(process.terminationStatus)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PeerReport.self, from: data)
    }
}
