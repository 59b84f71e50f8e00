/// Command-line options (`memlayer-bench --help`).
struct Options {
    var sizes = [10_000, 100_000, 1_000_000]
    var dims = [384, 768]
    var k = 10
    var loadSizes = [10_000, 100_000, 1_000_000]
    var loadMaxMB = 2_000.0
    var budgetSeconds = 20.0
    var vecBudgetSeconds = 150.0
    var python = ".venv-bench/bin/python"
    var peersScript = "Benchmarks/peers/vector_peers.py"
    var peers = true
    var dataDirectory = "Benchmarks/data"

    static let usage = """
        memlayer-bench: vector search and load timings, with the bandwidth floor and peers, as Markdown.
          --sizes 10000,100000,1000000   rows per search benchmark
          --dims 384,768                 dimensions
          --k 10                         results per query
          --load-sizes 10000,100000,1000000
          --load-max-mb 2000             skip loads whose matrix is larger than this
          --budget-s 20                  seconds per search size (sets the number of rounds, 7...41)
          --vec-budget-s 150             skip sqlite-vec sizes predicted to take longer
          --python PATH                  Python with numpy and sqlite-vec (.venv-bench/bin/python)
          --peers-script PATH            Benchmarks/peers/vector_peers.py
          --no-peers                     skip numpy and sqlite-vec
          --data-dir PATH                scratch files (Benchmarks/data)
        """

    init(arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(name) needs a value\n\(Self.usage)") }
            return next
        }
        func list(_ name: String) throws -> [Int] {
            let items = try value(name).split(separator: ",").map { Int($0) }
            guard !items.isEmpty, items.allSatisfy({ ($0 ?? 0) > 0 }) else { throw BenchError("bad \(name)") }
            return items.compactMap { $0 }
        }
        func number(_ name: String) throws -> Double {
            guard let number = Double(try value(name)), number > 0 else { throw BenchError("bad \(name)") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--sizes": sizes = try list(argument)
            case "--dims": dims = try list(argument)
            case "--k": k = try list(argument)[0]
            case "--load-sizes": loadSizes = try list(argument)
            case "--load-max-mb": loadMaxMB = try number(argument)
            case "--budget-s": budgetSeconds = try number(argument)
            case "--vec-budget-s": vecBudgetSeconds = try number(argument)
            case "--python": python = try value(argument)
            case "--peers-script": peersScript = try value(argument)
            case "--no-peers": peers = false
            case "--data-dir": dataDirectory = try value(argument)
            case "--help", "-h":
                print(Self.usage)
                throw ExitRequest()
            default: throw BenchError("unknown option \(argument)\n\(Self.usage)")
            }
        }
    }
}

struct ExitRequest: Error {}
