import CLibPQ
import Foundation

extension PostgresConnection {
    /// Writes `rows` into `table` with `COPY … FROM STDIN (FORMAT binary)`: one statement for
    /// any number of rows, for imports. All rows are written or, on any error, none.
    ///
    /// Values travel in binary, so each must match its column's type exactly: `.int64` for
    /// `bigint`, `.double` for `double precision`, `.text` for `text`, `.timestamp` for
    /// `timestamptz`, `.vector` for `vector`, `.bytea`, `.bool`, or `.null`. Explicit values for
    /// an identity column do not move its sequence: after copying ids, set it past them
    /// (`setval(pg_get_serial_sequence(…), max(id))`) or the next insert collides.
    /// - Returns: the number of rows written.
    /// - Throws: `.invalidInput` for a row with the wrong number of values (nothing written);
    ///   the server's error for a value its column refuses.
    @discardableResult
    package func copy(into table: String, columns: [String], rows: [[PostgresValue]]) throws -> Int {
        let connection = try liveHandle()
        let names = columns.map(Self.quoted).joined(separator: ", ")
        let sql = "COPY \(Self.quoted(table)) (\(names)) FROM STDIN (FORMAT binary)"
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            throw PostgresError(
                .invalidInput, "row \(bad) has \(rows[bad].count) values for \(columns.count) columns", sql: sql)
        }
        let start = PQexec(connection, sql)
        let status = start.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status != PGRES_COPY_IN {
            defer { PQclear(start) }
            try check(start, sql: sql)
            throw PostgresError(.server, "the server did not accept COPY data", sql: sql)
        }
        PQclear(start)

        // The binary COPY header: signature, flags, header extension length.
        var buffer: [UInt8] = Array("PGCOPY\n".utf8) + [0xff, 0x0d, 0x0a, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
        var failure: (any Error)?
        rowLoop: for row in rows {
            Self.append(UInt16(columns.count), to: &buffer)
            for (offset, value) in row.enumerated() {
                if case .vector(let components) = value, components.count > 16_000 {
                    failure = PostgresError(
                        .invalidInput,
                        "a vector of \(components.count) dimensions for column \(columns[offset]); "
                            + "pgvector stores at most 16,000", sql: sql)
                    break rowLoop
                }
                let (_, bytes, _) = value.encoded  // text's binary form is its UTF-8 bytes
                if let bytes {
                    Self.append(UInt32(bytes.count), to: &buffer)
                    buffer += bytes
                } else {
                    Self.append(UInt32(bitPattern: -1), to: &buffer)
                }
            }
            if buffer.count >= 1 << 20 {
                guard send(buffer, on: connection) else { break }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if failure == nil {
            Self.append(UInt16(bitPattern: -1), to: &buffer)  // the trailer
            _ = send(buffer, on: connection)
        }
        // Ending with an error message makes the server abort the COPY: nothing is written.
        PQputCopyEnd(connection, failure == nil ? nil : "cancelled by memlayer")
        var written = 0
        var serverError: (any Error)?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            do {
                try check(result, sql: sql)
                written = Int(String(cString: PQcmdTuples(result))) ?? 0
            } catch {
                serverError = serverError ?? error
            }
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return written
    }

    /// Sends `bytes` as COPY data; false if the connection failed (the result then says why).
    private func send(_ bytes: [UInt8], on connection: OpaquePointer) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            return PQputCopyData(connection, base.assumingMemoryBound(to: CChar.self), Int32(raw.count)) == 1
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer += $0 }
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
