import Foundation
import MemLayer
import Testing

@Suite("Near-duplicate facts")
struct DuplicatePolicyTests {
    private let policy = DuplicatePolicy(threshold: 0.92)

    @Test("the same normalised text is a duplicate whatever the cosine")
    func sameText() {
        #expect(policy.isDuplicate("User  likes TEA.", of: "user likes tea.", cosine: 0))
    }

    @Test(
        "above the threshold, restatements merge",
        arguments: [
            ("The user works at Acme Corp.", "User works at Acme Corp."),
            ("User is employed by Acme Corp.", "User works at Acme Corp."),
            ("User lives in Lisbon, Portugal.", "User lives in Lisbon."),
            ("User's daughter Emma is seven.", "User's daughter Emma is 7 years old."),
            ("User plays tennis every Sunday.", "User plays tennis on Sundays."),
        ])
    func restatements(candidate: String, existing: String) {
        #expect(policy.isDuplicate(candidate, of: existing, cosine: 0.95))
        #expect(!policy.isDuplicate(candidate, of: existing, cosine: 0.9))
    }

    @Test(
        "a differing number, weekday, name or negation keeps facts apart even at cosine 0.98",
        arguments: [
            ("User is meeting Dana on Saturday.", "User is meeting Dana on Friday."),
            ("User's birthday is on 4 March.", "User's birthday is on 3 March."),
            ("User has three kids.", "User has two kids."),
            ("User's sister Dana lives in Porto.", "User's sister Maria lives in Porto."),
            ("User does not like coffee.", "User likes coffee."),
            ("User doesn't eat meat.", "User eats meat."),
            ("User moved from Berlin.", "User moved to Berlin."),
            ("User flew from Paris.", "User flew to Paris."),
            ("User's ex-wife is Anna.", "User's wife is Anna."),
            ("User's former manager is Dana.", "User's manager is Dana."),
            ("User previously worked at Acme.", "User works at Acme."),
        ])
    func anchors(candidate: String, existing: String) {
        #expect(!policy.isDuplicate(candidate, of: existing, cosine: 0.98))
    }

    @Test("the standard threshold follows the embedder")
    func standard() {
        #expect(DuplicatePolicy.standard(forEmbedder: "minilm-l6-v2/384").threshold == 0.92)
        #expect(DuplicatePolicy.standard(forEmbedder: "minilm-l6-v2/384").sameWordsThreshold == 0.85)
        #expect(DuplicatePolicy.standard(forEmbedder: HashingEmbedder().id).threshold == 0.88)
        #expect(DuplicatePolicy.standard(forEmbedder: HashingEmbedder().id).lowestThreshold == 0.88)
        #expect(DuplicatePolicy.standard(forEmbedder: nil).threshold == 0.92)
        #expect(DuplicatePolicy(threshold: 0.9, sameWordsThreshold: 0.95).sameWordsThreshold == 0.9)
    }

    @Test(
        "below the threshold, the same content words in another form merge",
        arguments: [
            ("User has a peanut allergy.", "User is allergic to peanuts."),
            ("User is a math teacher.", "User teaches math."),
            ("User plays the guitar.", "User is a guitar player."),
            ("User lives in Lisbon.", "User is living in Lisbon."),
        ])
    func sameWords(candidate: String, existing: String) {
        let policy = DuplicatePolicy(threshold: 0.92, sameWordsThreshold: 0.85)
        #expect(policy.isDuplicate(candidate, of: existing, cosine: 0.86))
        #expect(!policy.isDuplicate(candidate, of: existing, cosine: 0.84))
        #expect(!DuplicatePolicy(threshold: 0.92).isDuplicate(candidate, of: existing, cosine: 0.9))
    }

    @Test(
        "below the threshold, different words, possessives, anchors and negation keep facts apart",
        arguments: [
            ("User is vegetarian.", "User is vegan."),
            ("User likes coffee.", "User dislikes coffee."),
            ("User prefers dark mode.", "User prefers light mode."),
            ("User owns a cat.", "User's cat owns the house."),
            ("User drinks coffee.", "User's coffee drink."),
            ("User swims.", "User swims poorly."),
            ("User is allergic to cats.", "User's cat is allergic to chicken."),
            ("User has a peanut allergy.", "User has no peanut allergy."),
            ("User visits Porto.", "User visits Lisbon."),
        ])
    func differentWords(candidate: String, existing: String) {
        let policy = DuplicatePolicy(threshold: 0.92, sameWordsThreshold: 0.85)
        #expect(!policy.isDuplicate(candidate, of: existing, cosine: 0.91))
    }

    @Test("with the built-in MiniLM's real scores, the standard policy merges restatements only")
    func realScores() async throws {
        let embedder = try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory)
        let policy = DuplicatePolicy.standard(forEmbedder: embedder.id)
        func merges(_ a: String, _ b: String) async throws -> Bool {
            let vectors = try await embedder.embed([a, b])
            let cosine = zip(vectors[0], vectors[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            return policy.isDuplicate(a, of: b, cosine: cosine)
        }
        #expect(try await merges("User has a peanut allergy.", "User is allergic to peanuts."))
        #expect(try await merges("User is a math teacher.", "User teaches math."))
        #expect(try await merges("User works at Acme Corp.", "User is employed by Acme Corp."))
        #expect(try await !merges("User is vegetarian.", "User is vegan."))
        #expect(try await !merges("User likes coffee.", "User dislikes coffee."))
        #expect(try await !merges("User prefers dark mode.", "User prefers light mode."))
        #expect(try await !merges("User owns a cat.", "User's cat owns the house."))
        #expect(try await !merges("User is learning Spanish.", "User learned Spanish."))
        #expect(try await !merges("User swims.", "User swims poorly."))
        #expect(try await !merges("User moved to Berlin.", "User moved from Berlin."))
        #expect(try await !merges("User's manager is Dana.", "User's former manager is Dana."))
    }

    @Test("the hashing embedder's scores sit where its threshold expects")
    func hashingScores() async throws {
        let embedder = HashingEmbedder()
        func cosine(_ a: String, _ b: String) -> Float {
            zip(embedder.vector(for: a), embedder.vector(for: b)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let threshold = DuplicatePolicy.standard(forEmbedder: embedder.id).threshold
        #expect(cosine("The user lives in Lisbon.", "User lives in Lisbon.") >= threshold)
        #expect(cosine("The user works at Acme Corp.", "User works at Acme Corp.") >= threshold)
        #expect(cosine("User lives in Porto.", "User lives in Lisbon.") < threshold)
        #expect(cosine("User's cat is called Biscuit.", "User's dog is called Biscuit.") < threshold)
    }
}
