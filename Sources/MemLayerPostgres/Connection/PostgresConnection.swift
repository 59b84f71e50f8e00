import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq, owned by an actor that runs on its own
/// thread (libpq blocks while the server works; see ``ConnectionThread``).
///
/// The session reads times in UTC with ISO style and exact float text, whatever the server's
/// defaults. libpq handles the login: a password from the URL, `PGPASSWORD` or `~/.pgpass`, and
/// TLS when the server offers it (`sslmode=prefer`, libpq's default; `?sslmode=require` or
/// `verify-full` in the URL to insist). No message this type makes contains the password.
package actor PostgresConnection {
    private let thread: ConnectionThread
    // Only touched on this actor, and by deinit, which nothing else can be running beside.
    nonisolated(unsafe) private var handle: OpaquePointer?
    /// The server this connection talks to (describes itself redacted).
    package nonisolated let url: PostgresURL
    /// Cancels statements for tasks cancelled inside ``cancellable(_:)``.
    nonisolated let canceller = QueryCanceller()
    /// Whether a ``cancellable(_:)`` body is running: only then does a cancelled task stop
    /// sending statements (elsewhere a cancelled task may still need to release what it holds).
    var insideCancellable = false

    package nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    private init(url: PostgresURL) {
        self.url = url
        thread = ConnectionThread(name: "memlayer-postgres")
    }

    /// Connects to `url` and prepares the session.
    /// - Throws: `PostgresError` `.connection` naming the server by its redacted URL.
    package static func connect(to url: PostgresURL) async throws -> PostgresConnection {
        let connection = PostgresConnection(url: url)
        try await connection.open()
        return connection
    }

    private func open() throws {
        // expand_dbname = 1: the URL in `dbname` is read as a whole connection string, and what it
        // sets overrides the keywords before it. libpq waits for an unreachable host forever by
        // default; 10 s applies unless the URL says `?connect_timeout=`.
        let keywords = ["connect_timeout", "dbname", "fallback_application_name"]
        let values = ["10", url.connectionString, "memlayer"]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let reason = connection.map { url.scrub(Self.oneLine(String(cString: PQerrorMessage($0)))) }
            PQfinish(connection)  // a failed connection still holds memory
            let advice = reason.flatMap(Self.tlsAdvice).map { "; \($0)" } ?? ""
            throw PostgresError(
                .connection, "cannot connect to \(url.redacted): \(reason ?? "out of memory")\(advice)")
        }
        clibpq_silence_notices(connection)
        handle = connection
        canceller.attach(connection)
        guard PQsetClientEncoding(connection, "UTF8") == 0 else {
            close()
            throw PostgresError(.connection, "\(url.redacted) cannot send text as UTF-8")
        }
        try execute("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'; SET extra_float_digits TO 1")
    }

    /// Closes the connection; later calls fail with `.connectionLost`. Idempotent.
    package func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    deinit {
        if let handle { PQfinish(handle) }
        thread.shutdown()
    }

    /// Runs `sql`, which may hold several statements and takes no parameters (migrations, `SET`).
    package func execute(_ sql: String) throws {
        let connection = try liveHandle()
        // A cancelled task sends nothing more, but may still roll back what it began.
        if insideCancellable, sql != "ROLLBACK" { try Task.checkCancellation() }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs one statement with `values` bound to `$1…$n` and returns its rows.
    @discardableResult
    package func query(_ sql: String, _ values: [PostgresValue] = []) throws -> [PostgresRow] {
        let result = try run(sql, values)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// Runs one statement with `values` bound to `$1…$n` and returns how many rows it changed.
    @discardableResult
    package func update(_ sql: String, _ values: [PostgresValue] = []) throws -> Int {
        let result = try run(sql, values)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Whether a transaction is open on this connection.
    package var inTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// The handle, or `.connectionLost` when closed or broken.
    func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(.connectionLost, "the connection to \(url.redacted) is closed; open a new one")
        }
        return handle
    }

    /// Executes `sql` with `values`; the caller clears the result.
    private func run(_ sql: String, _ values: [PostgresValue]) throws -> OpaquePointer? {
        let connection = try liveHandle()
        if insideCancellable { try Task.checkCancellation() }  // a cancelled task sends nothing more
        var types: [Oid] = []
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { for buffer in buffers { buffer?.deallocate() } }
        for (offset, value) in values.enumerated() {
            try Self.validate(value, position: offset + 1, sql: sql)
            let (type, bytes, binary) = value.encoded
            types.append(type)
            lengths.append(Int32(bytes?.count ?? 0))
            formats.append(binary ? 1 : 0)
            // Text parameters are read up to a terminating NUL; binary ones by length.
            buffers.append(
                bytes.map { bytes in
                    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                    bytes.withUnsafeBytes { raw in
                        // An empty array may have no address: copy nothing (the value is still not NULL).
                        if let base = raw.baseAddress {
                            UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count)
                        }
                    }
                    buffer[bytes.count] = 0
                    return buffer
                })
        }
        let result = buffers.withUnsafeBufferPointer { bufferPointers in
            bufferPointers.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: values.count) {
                PQexecParams(connection, sql, Int32(values.count), types, $0, lengths, formats, 0)
            }
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    /// Refuses what the server would misread: a NUL inside text (libpq would cut the text there,
    /// so "alice\0x" would be read as "alice"), a vector beyond pgvector's 16,000 dimensions.
    private static func validate(_ value: PostgresValue, position: Int, sql: String) throws {
        switch value {
        case .text(let text) where text.utf8.contains(0):
            throw PostgresError(
                .invalidInput, "parameter $\(position) holds a NUL character, which PostgreSQL text cannot store",
                sql: sql)
        case .vector(let components) where components.count > 16_000:
            throw PostgresError(
                .invalidInput,
                "parameter $\(position) is a vector of \(components.count) dimensions; "
                    + "pgvector stores at most 16,000", sql: sql)
        default: return
        }
    }

    /// Throws the server's error for a failed `result`; returns for rows or a completed command.
    func check(_ result: OpaquePointer?, sql: String) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY { return }
        if let handle, PQstatus(handle) == CONNECTION_BAD {
            let reason = url.scrub(Self.oneLine(String(cString: PQerrorMessage(handle))))
            close()
            throw PostgresError(
                .connectionLost, "the connection to \(url.redacted) was lost (\(reason)); open a new one", sql: sql)
        }
        let sqlState = result.flatMap { PQresultErrorField($0, Self.field("C")) }.map { String(cString: $0) }
        let primary =
            result.flatMap { PQresultErrorField($0, Self.field("M")) }.map { String(cString: $0) }
            ?? handle.map { String(cString: PQerrorMessage($0)) } ?? "unknown error"
        throw PostgresError(
            .server, Self.withoutValues(url.scrub(Self.oneLine(primary)), sqlState: sqlState), sqlState: sqlState,
            sql: sql)
    }

    /// A data exception's message (SQLSTATE class 22) quotes the value it could not take
    /// (`invalid input syntax for type bigint: "…"`), which may be private text: quoted parts
    /// are replaced. Other classes quote names of tables, columns and constraints, kept.
    static func withoutValues(_ message: String, sqlState: String?) -> String {
        guard sqlState?.hasPrefix("22") == true else { return message }
        return message.replacingOccurrences(of: #""[^"]*""#, with: "(value hidden)", options: .regularExpression)
    }

    /// The error field code for `letter` (libpq's `PG_DIAG_…` character constants).
    private static func field(_ letter: Character) -> Int32 { Int32(letter.asciiValue!) }

    /// libpq's messages end in a newline and continue on tab-indented lines.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func rows(of result: OpaquePointer?) -> [PostgresRow] {
        guard let result else { return [] }
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var cells: [String?] = []
            cells.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) != 0 {
                    cells.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
                    cells.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, cells: cells))
        }
        return rows
    }
}

/// Calls `body` with a NULL-terminated array of C strings made from `strings`.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
