#!/usr/bin/env bash
# Checks, against the modules of the last debug build, what the public API promises:
# 1. Tests/MemLayerPostgresTests/PublicLibrary*.swift (a MemoryClient on PostgreSQL and SQLite) use
#    public API only: they typecheck as part of another package, where `package` symbols are hidden.
# 2. Only MemLayer's stores adopt MemoryStoreBackend: a type of another package cannot.
# Run after `swift build --build-tests` (scripts/test-postgres.sh runs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
modules="$(swift build --show-bin-path)/Modules"
typecheck() {
    swiftc -typecheck -swift-version 6 -enable-upcoming-feature ExistentialAny \
        -module-name OutsideThePackage -package-name SomeoneElsesPackage \
        -I "$modules" -I CSources/CSQLite -I CSources/CLazyBLAS/include -I CSources/CCurl \
        -I CSources/CMemVec/include -I CSources/CMiniLM/include -I CSources/CLibPQ \
        $(pkg-config --cflags-only-I libpq | sed 's/-I/-Xcc -I/g') "$@"
}

# The test target's PostgresTestServer makes databases with package API; this stand-in has its shape.
cat >"$scratch/Fixture.swift" <<'SWIFT'
import Testing
enum PostgresTestServer {
    static let url: String? = nil
    static let skipNote: Comment = "stand-in"
    static func withEmptyDatabase<T: Sendable>(_ body: (String) async throws -> T) async throws -> T { try await body("") }
}
SWIFT
typecheck Tests/MemLayerPostgresTests/PublicLibraryScenario.swift Tests/MemLayerPostgresTests/PublicLibraryTests.swift \
    "$scratch/Fixture.swift"
echo "check-public-api: the PublicLibrary tests use public API only"

cat >"$scratch/Outsider.swift" <<'SWIFT'
import MemLayer
struct OutsiderStore: MemoryStoreBackend {
    var storeAccess: MemoryStoreAccess { MemoryStoreAccess(SQLiteMemoryStore.self as! any MemoryStoring) }
    func close() async {}
}
SWIFT
if typecheck "$scratch/Outsider.swift" 2>"$scratch/outsider.log"; then
    echo "check-public-api: a type outside the package adopted MemoryStoreBackend" >&2
    exit 1
fi
grep -q "inaccessible due to 'package' protection level" "$scratch/outsider.log" || {
    cat "$scratch/outsider.log" >&2
    exit 1
}
echo "check-public-api: only MemLayer's stores adopt MemoryStoreBackend"
