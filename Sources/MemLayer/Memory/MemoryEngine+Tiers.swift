import Foundation

extension MemoryEngine {
    /// Searches `userID`'s memory at `tier` (fast: 2 by vector; balanced: 5 by vector and
    /// keyword; deep: 10 plus the graph around the entities the query and the hits name).
    public func search(_ query: String, userID: String, tier: SearchTier) async throws -> MemorySearchResult {
        try await search(query, userID: userID, tier: tier, limit: nil)
    }

    /// Searches `userID`'s memory at `tier`, returning `limit` memories instead of the tier's
    /// count when given.
    ///
    /// 1. Vector search (skipped without vectors) and, except in the fast tier, full-text search
    ///    each propose candidates: only active, unexpired memories of `userID`.
    /// 2. The lists are fused and blended with importance and recency (see ``SearchScore``):
    ///    `0.97 × relevance + 0.02 × importance + 0.01 × recency`.
    /// 3. The winners' access counts go up in one small write.
    /// 4. Deep tier: the edges within two hops of every entity the query or a winner names.
    ///
    /// A time expression in the query ("last week", "in May 2023", "3 days ago", "before the
    /// trip") is resolved against `now` in `timeZone` (the local zone when nil) into a window (see ``TimeWindow``):
    /// memories said, learned or (facts) happened inside it rank higher — boosted, never
    /// filtered — and its words are left out of the keyword search. "before/after" an event
    /// ("the trip") dates the event by searching for it: the 30 days before or after the best
    /// match's date.
    ///
    /// Without vectors — a lightweight engine, or a user none of whose memories has an
    /// embedding — every tier uses full-text search instead, so every tier still finds things.
    ///
    /// Every hit gets its similarity — the cosine between query and memory, computed for a
    /// memory only the keyword search found too — and the retrievers that proposed it (see
    /// ``SearchScore``). With `minimumSimilarity`, a memory whose similarity is below it is left
    /// out and the next one takes its place; a memory with no similarity (no vectors: lightweight
    /// mode, or stored without an embedding) stays, since the keyword search proposed it only
    /// for sharing an uncommon word with the query. The result counts what was left out
    /// (``MemorySearchResult/belowFloor``) and its text says "Nothing relevant in memory" when
    /// that was everything.
    public func search(
        _ query: String, userID: String, tier: SearchTier, limit: Int?, now: Date = Date(),
        timeZone: TimeZone? = nil, minimumSimilarity: Double? = nil
    ) async throws -> MemorySearchResult {
        var recorder = TraceRecorder()
        let count = max(0, limit ?? tier.resultCount)
        let reading = timeAwareRanking ? Self.timeReading(query, now: now, timeZone: timeZone) : nil
        // With a window, more candidates: the one said then may match the rest of the words less well.
        let namesTime = reading?.window != nil || reading?.anchor != nil
        let pool = max(SearchTier.candidatePool(for: count), namesTime ? 100 : 0)
        let usesVectors = isLightweight ? false : try await store.hasVectors(userID: userID)
        let usesKeywords = tier.usesKeywords || !usesVectors

        // The keyword search (SQLite, on the store's actor) runs while the query is embedded (on
        // the encoder's thread): they need nothing from each other, and on the balanced tier the
        // bm25 scoring is the longest phase.
        let keywords = Self.keywordQuery(query, without: reading?.window == nil ? nil : reading?.range)
        let keywordBegan = ContinuousClock.now
        async let keywordFetch = keywordCandidates(
            usesKeywords ? keywords : nil, userID: userID, limit: pool, now: now)

        var vectorList: [SearchCandidate] = []
        var queryVector: [Float]?
        if usesVectors {
            let vector = try await recorder.measure("embed", embedder.id) { try await embed([query])[0] }
            queryVector = vector
            vectorList = try await recorder.measure("vector", "top \(pool)") {
                try await store.vectorCandidates(vector, userID: userID, limit: pool, now: now)
            }
        } else {
            let reason = isLightweight ? "skipped: lightweight mode" : "skipped: no embeddings for this user"
            recorder.skip("embed", reason)
            recorder.skip("vector", reason)
        }

        let keywordList = try await keywordFetch
        if usesKeywords {
            recorder.record("keyword", "\(keywords.terms.count) terms, top \(pool)", from: keywordBegan)
        } else {
            recorder.skip("keyword", "skipped: \(tier.rawValue) tier")
        }

        var window = reading?.window
        if window == nil, let anchor = reading?.anchor {
            window = try await eventWindow(anchor, userID: userID, usesVectors: usesVectors, now: now)
        }
        let lists = (usesVectors ? 1 : 0) + (usesKeywords ? 1 : 0)
        let timeNote = window.map { "; time \($0.description)" } ?? ""
        let rankBegan = ContinuousClock.now
        let fused = SearchRanking.rank(
            vector: vectorList, keyword: keywordList, lists: lists, now: now, window: window)
        let (ranked, belowFloor) = try await winners(
            fused, count: count, minimumSimilarity: minimumSimilarity, queryVector: queryVector, userID: userID)
        let floorNote = minimumSimilarity.map { String(format: "; similarity ≥ %.2f, %d below", $0, belowFloor) } ?? ""
        recorder.record(
            "rank", "\(vectorList.count) vector + \(keywordList.count) keyword\(timeNote)\(floorNote)", from: rankBegan)
        let accessBegan = ContinuousClock.now
        let accessed = try await store.accessMemories(rowIDs: ranked.map(\.rowID), userID: userID, now: now)
        recorder.record(
            "access",
            accessed.recorded ? "\(ranked.count) memories" : "not counted: another process holds the write lock",
            from: accessBegan)
        var hits: [SearchHit] = []
        var scores: [String: SearchScore] = [:]
        for entry in ranked {
            guard let memory = accessed.memories[entry.rowID] else { continue }  // deleted meanwhile
            hits.append(
                SearchHit(
                    memory: memory, score: Float(entry.score), similarity: entry.details.similarity.map(Float.init)))
            scores[memory.id] = entry.details
        }

        var facts: [GraphFact] = []
        if tier.usesGraph {
            let graphBegan = ContinuousClock.now
            let named = try await store.entitiesMentioned(in: [query] + hits.map(\.memory.text), userID: userID)
            facts = try await store.graphNeighborhood(of: named, userID: userID, hops: 2)
            recorder.record("graph", "\(named.count) entities named, 2 hops", from: graphBegan)
        } else {
            recorder.skip("graph", "skipped: \(tier.rawValue) tier")
        }

        // A turn is said in context: the balanced and deep tiers bring the turns around it.
        let formatBegan = ContinuousClock.now
        let neighbours =
            tier == .fast ? [:] : try await store.turnNeighbours(of: hits.map(\.memory), userID: userID, now: now)
        let sources =
            hits.contains { $0.memory.kind == .fact }
            ? try await store.sources(of: hits.map(\.memory), userID: userID) : [:]
        let time = MemorySearchResult.TimeContext(
            window: window, asksWhen: reading?.asksWhen ?? false, timeZone: timeZone)
        let floor = MemorySearchResult.FloorContext(minimumSimilarity: minimumSimilarity, belowFloor: belowFloor)
        let text = MemorySearchResult.text(
            hits: hits, facts: facts, query: query, neighbours: neighbours, sources: sources, time: time, floor: floor)
        recorder.record(
            "format", "\(hits.count) memories, \(facts.count) facts, \(neighbours.count) turns with neighbours",
            from: formatBegan)
        return MemorySearchResult(
            hits: hits, graphFacts: facts, trace: recorder.finish(), scores: scores, tier: tier,
            usedVectors: usesVectors, text: text, neighbours: neighbours, timeWindow: window, sources: sources,
            minimumSimilarity: minimumSimilarity, belowFloor: belowFloor)
    }
}

extension MemoryEngine {
    /// The full-text query for `query` without the words of its time expression at `range`
    /// ("May", "2023" and "last" match what was said, not when); the whole query when nothing
    /// else is left.
    static func keywordQuery(_ query: String, without range: Range<String.Index>?) -> FullTextQuery {
        guard let range else { return FullTextQuery(query) }
        let rest = FullTextQuery(String(query[..<range.lowerBound]) + " " + String(query[range.upperBound...]))
        return rest.terms.isEmpty ? FullTextQuery(query) : rest
    }

    /// The 30 days before (or after) the event `anchor` names, dated by its best match: the
    /// fused first of a small keyword and vector search for its words, at the date it happened
    /// (a fact's event time) or else was said. Nil when nothing matches.
    fileprivate func eventWindow(_ anchor: EventAnchor, userID: String, usesVectors: Bool, now: Date) async throws
        -> TimeWindow?
    {
        let keyword = try await store.keywordCandidates(
            FullTextQuery(anchor.phrase), userID: userID, limit: 5, now: now)
        var vector: [SearchCandidate] = []
        if usesVectors {
            let embedded = try await embed([anchor.phrase])[0]
            vector = try await store.vectorCandidates(embedded, userID: userID, limit: 5, now: now)
        }
        let lists = (usesVectors ? 1 : 0) + 1
        guard let best = SearchRanking.rank(vector: vector, keyword: keyword, lists: lists, now: now).first,
            let candidate = (vector + keyword).first(where: { $0.rowID == best.rowID })
        else { return nil }
        let date = candidate.eventAt ?? candidate.createdAt
        let month: TimeInterval = 30 * 86_400
        let phrase = "\(anchor.side == .before ? "before" : "after") \(anchor.phrase)"
        return anchor.side == .before
            ? TimeWindow(start: date.addingTimeInterval(-month), end: date, phrase: phrase)
            : TimeWindow(start: date, end: date.addingTimeInterval(month), phrase: phrase)
    }

    /// What `query` says about time, resolved in `timeZone` (the local zone when nil); nil when
    /// the time word lists cannot be read. A query without a time word or number is not resolved,
    /// so the local zone (whose first use loads ICU's zone data) is never looked up for it.
    static func timeReading(_ query: String, now: Date, timeZone: TimeZone?) -> TimeReading? {
        guard let lexicon = TimeLexicon.shipped else { return nil }
        guard lexicon.mayNameTime(TimeToken.tokens(query)) else { return TimeReading() }
        return TimeExpressionResolver(lexicon: lexicon, timeZone: timeZone ?? .current).read(query, now: now)
    }

    /// The keyword candidates for `query`, or none when it is nil (a tier without keywords).
    fileprivate func keywordCandidates(_ query: FullTextQuery?, userID: String, limit: Int, now: Date) async throws
        -> [SearchCandidate]
    {
        guard let query else { return [] }
        return try await store.keywordCandidates(query, userID: userID, limit: limit, now: now)
    }
}

extension TraceRecorder {
    /// Records a phase that did not run, so every search's trace names every phase.
    fileprivate mutating func skip(_ name: String, _ reason: String) {
        record(name, reason, from: .now)
    }
}
