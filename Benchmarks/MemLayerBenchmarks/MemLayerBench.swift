import CMemVec
import Foundation

/// memlayer-bench: exact top-k search and loading, against the memory-bandwidth floor and against
/// numpy and sqlite-vec on the same vectors, in one run. Markdown on stdout, progress on stderr.
@main
struct MemLayerBench {
    static func main() {
        do {
            let options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
            print(try run(options))
        } catch is ExitRequest {
            return
        } catch {
            FileHandle.standardError.write(Data("memlayer-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: Options) throws -> String {
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        var report = Report()
        let flush = try CacheFlush()
        let maxRows = max(options.sizes.max() ?? 0, options.loadSizes.max() ?? 0)
        for dim in options.dims {
            progress("generating \(size(maxRows, dim)) vectors")
            let dataset = Dataset(dim: dim, count: maxRows, seed: 0x5EED + UInt64(dim))
            if options.peers {
                report.peers[dim] = try runPeers(dataset, options)
            }
            let bench = SearchBench(
                dataset: dataset, k: options.k, budgetSeconds: options.budgetSeconds, flush: flush)
            for n in options.sizes {
                progress("search \(size(n, dim)): filling the index")
                let index = try Index(dataset, rows: n)
                progress("search \(size(n, dim)): measuring")
                report.search.append(try bench.run(index: index))
                if n == 100_000 && report.crossover == nil {
                    progress("search \(size(n, dim)): batch crossover")
                    let rows = bench.crossover(index: index, batchSizes: [1, 2, 4, 8, 12, 16, 32], rounds: 9)
                    report.crossover = (n, dim, rows)
                }
            }
            let loader = LoadBench(dataset: dataset, directory: options.dataDirectory)
            for n in options.loadSizes {
                guard Double(n * dim * 4) / 1e6 <= options.loadMaxMB else {
                    report.skippedLoads.append((n, dim))
                    continue
                }
                progress("load \(size(n, dim))")
                report.loads.append(try loader.run(rows: n, runs: n >= 1_000_000 ? 3 : 11))
            }
        }
        progress("done")
        report.flushMegabytes = flush.megabytes
        return report.render(options)
    }

    static func runPeers(_ dataset: Dataset, _ options: Options) throws -> PeerReport {
        let vectors = "\(options.dataDirectory)/vectors-\(dataset.dim).f32"
        let queries = "\(options.dataDirectory)/queries-\(dataset.dim).f32"
        try dataset.writeVectors(to: vectors)
        try dataset.writeQueries(to: queries)
        defer {
            try? FileManager.default.removeItem(atPath: vectors)
            try? FileManager.default.removeItem(atPath: queries)
        }
        progress("peers d = \(dataset.dim): numpy and sqlite-vec")
        let runner = PeerRunner(python: options.python, script: options.peersScript)
        return try runner.run(
            vectors: vectors, queries: queries, dim: dataset.dim, sizes: options.sizes, k: options.k,
            budgetSeconds: options.vecBudgetSeconds)
    }
}

private let started = ContinuousClock.now

func progress(_ message: String) {
    let elapsed = ContinuousClock.now - started
    let line = String(format: "[%6.1f s] %@\n", Double(elapsed.components.seconds), message)
    FileHandle.standardError.write(Data(line.utf8))
}
