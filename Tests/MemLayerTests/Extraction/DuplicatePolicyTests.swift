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
        ])
    func anchors(candidate: String, existing: String) {
        #expect(!policy.isDuplicate(candidate, of: existing, cosine: 0.98))
    }

    @Test("the standard threshold follows the embedder")
    func standard() {
        #expect(DuplicatePolicy.standard(forEmbedder: "minilm-l6-v2/384").threshold == 0.92)
        #expect(DuplicatePolicy.standard(forEmbedder: HashingEmbedder().id).threshold == 0.88)
        #expect(DuplicatePolicy.standard(forEmbedder: nil).threshold == 0.92)
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
