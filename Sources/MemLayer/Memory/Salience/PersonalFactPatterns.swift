import Foundation

/// Patterns of clear personal facts: who the user is, where they work and live, family, likes
/// and dislikes, health, dates and plans, possessions, and explicit requests to remember.
///
/// Statement patterns apply only to clauses that state something (not questions, not requests
/// to the assistant): "my sister lives in Toronto" is a fact, "where does my sister live?" is
/// not. Request patterns ("remind me to…", "always answer in Spanish") apply to any clause.
/// Matching ignores case; names are found separately, case-aware (``SalienceRules``).
enum PersonalFactPatterns {
    /// A family of patterns with the category it reports.
    struct Pattern: Sendable {
        let category: String
        let expression: NSRegularExpression
        /// Also applies to questions and requests.
        let inAnyClause: Bool
        /// Applies only when the clause names the user (I, my, we, our, me…).
        let needsFirstPerson: Bool

        init(_ category: String, _ pattern: String, inAnyClause: Bool = false, needsFirstPerson: Bool = false) {
            self.category = category
            // The patterns are constants written here; a bad one is a programming error.
            self.expression = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.inAnyClause = inAnyClause
            self.needsFirstPerson = needsFirstPerson
        }

        func matches(_ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    /// The first category whose pattern matches `clause`.
    static func category(of clause: SalienceText.Clause) -> String? {
        let isStatement = !clause.isQuestion && !SalienceRules.isRequest(clause)
        let firstPerson = mentionsUser(clause)
        for pattern in all where pattern.inAnyClause || isStatement {
            if pattern.needsFirstPerson && !firstPerson { continue }
            if pattern.matches(clause.text) { return pattern.category }
        }
        return nil
    }

    /// The clause is about the speaker: I, me, my, we, our… (in a few languages).
    static func mentionsUser(_ clause: SalienceText.Clause) -> Bool {
        clause.words.contains { firstPersonWords.contains($0.lower) || $0.lower.hasPrefix("j'") }
    }

    static let firstPersonWords: Set<String> = [
        "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've",
        "we'll", "our", "ours", "us", "je", "moi", "mon", "ma", "mes", "ich", "mein", "meine", "mir", "mich", "yo",
        "mi", "mis", "soy", "eu", "meu", "minha", "sou",
    ]

    static let family =
        "wife|husband|hubby|partner|spouse|fianc[eé]e?|girlfriend|boyfriend|gf|bf|son|sons|daughter|daughters|kids?"
        + "|children|child|baby|toddler|teenager|mom|mum|mommy|mother|dad|daddy|father|parents?|sister|sis|brother"
        + "|siblings?|twins?|grandma|granny|grandmother|grandpa|grandfather|grandparents?|grandkids?|grandson"
        + "|granddaughter|grandchildren|aunt|uncle|cousins?|niece|nephew|in-laws?|mother-in-law|father-in-law"
        + "|stepmom|stepdad|stepson|stepdaughter|family|best friend|bff|dog|dogs|cat|cats|puppy|kitten|pets?"
        + "|hamster|parrot|horse|fiancée|ex"

    static let months =
        "january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul"
        + "|aug|sept?|oct|nov|dec"

    static let days = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

    /// Times and dates, past and future, as people type them.
    static let timeExpression =
        #"\b(?:tomorrow|tonight|yesterday|today at|this (?:morning|afternoon|evening|weekend|week|month|year|"#
        + days + #"|summer|winter|spring|fall|autumn)|(?:next|last|this past) (?:week|month|year|weekend|"# + days
        + #"|summer|winter|spring|fall|autumn|semester|term)|on (?:"# + days + #")s?|(?:"# + days
        + #")s|every (?:day|morning|evening|night|week|weekday|weekend|month|year|"# + days
        + #")|on the \d{1,2}(?:st|nd|rd|th)?\b|the \d{1,2}(?:st|nd|rd|th)\b|\d{1,2}(?:st|nd|rd|th)? of (?:"# + months
        + #")|(?:in|on|by|until|since|from|before|after) (?:"# + months + #"|may)\b|(?:"# + months
        + #"|may) \d{1,2}(?:st|nd|rd|th)?\b|at \d{1,2}(?::\d\d)? ?(?:am|pm)?\b|\d{1,2}:\d\d|\d{1,2} ?(?:am|pm)\b"#
        + #"|in \d+ (?:days|weeks|months|years)|\d+ (?:days|weeks|months|years) ago|(?:in|since) (?:19|20)\d\d\b)"#

    static let all: [Pattern] = [
        // Asked to remember, remind or schedule: any clause ("can you remind me to…?").
        // "remind me what…" asks for something already said; any other "remind me…" sets a task.
        Pattern(
            "reminder",
            #"\bremind (?:me|us) (?!(?:what|who|whom|where|how|which|why|whether|of|again)\b)\S"#,
            inAnyClause: true),
        Pattern(
            "reminder", #"\b(?:set|add|create|make|schedule) (?:a |an |me a )?(?:reminder|alarm|event|task|to-?do)\b"#,
            inAnyClause: true),
        Pattern("reminder", #"\bdon'?t let me forget\b"#, inAnyClause: true),
        Pattern(
            "standing instruction",
            #"\b(?:always|never|from now on|in future|in the future)[, ]+(?:please )?(?:use|call me|answer|reply|"#
                + #"respond|talk|speak|write|give me|show|include|suggest|recommend|address me|remind)\b"#,
            inAnyClause: true),
        Pattern(
            "explicit",
            #"^(?:please |pls |and |also |btw |oh and |so )?(?:remember|don'?t forget|do not forget|note|make a note|"#
                + #"keep in mind|save this|memori[sz]e)\b"#),
        Pattern(
            "explicit", #"\b(?:for future reference|for the record|just so you know|fyi|for your info(?:rmation)?)\b"#),

        // Who the user is.
        Pattern("name", #"\bmy (?:first |last |full |middle |nick|real )?name(?:'s| is)\b"#),
        Pattern("name", #"\b(?:i go by|people call me|everyone calls me|my friends call me)\b"#),
        Pattern(
            "name",
            #"\b(?:ich hei(?:ß|ss)e|je m'appelle|me llamo|mi nombre es|mi chiamo|meu nome é|mein name ist)\b"#),
        Pattern(
            "age",
            #"\bi(?:'m| am|m) \d{1,3}(?: years? old| y/?o)?(?:\s*$|\s+(?:and|but|now|today|this year)\b)"#),
        Pattern("age", #"\bi (?:just )?turn(?:ed|s)? \d{1,3}\b|\bi(?:'m| am) turning \d{1,3}\b"#),

        // Work and study.
        Pattern(
            "work",
            #"\bi (?:currently |now |still |also )?(?:work|worked|'ve worked|have worked) (?:at|for|as|in|on|with|"#
                + #"from|part[- ]time|full[- ]time|remotely|nights?|night shifts?|shifts?)\b"#),
        Pattern("work", #"\bi(?:'m| am|m) (?:currently |now )?(?:working|employed|interning) (?:at|for|as)\b"#),
        Pattern(
            "work",
            #"\bi (?:just )?(?:got|started|quit|left|lost|landed|accepted|changed|start) (?:a |my |the |this |that )?"#
                + #"(?:new )?(?:job|position|role|internship|career)\b"#),
        Pattern("work", #"\bi (?:got|was|am getting|'m getting|just got) (?:promoted|hired|fired|laid off)\b"#),
        Pattern(
            "work",
            #"\bi(?:'m| am|m) (?:retired|unemployed|self-employed|freelancing|between jobs|"#
                + #"on (?:parental|maternity|paternity|sick) leave)\b"#),
        Pattern(
            "work",
            #"\b(?:my|our) (?:job|boss|manager|employer|company|coworkers?|co-workers?|colleagues?|team lead|office|"#
                + #"salary|startup|business|clients?|shift|shifts|standup|stand-up|thesis|dissertation|major|degree|"#
                + #"school|university|college|teacher|professor|classes|semester)\b"#),
        Pattern(
            "occupation",
            #"\bi(?:'m| am|m) (?:an?|the) (?:\S+ ){0,2}(?:engineer|developer|dev|programmer|teacher|nurse|doctor|"#
                + #"physician|student|designer|lawyer|attorney|accountant|consultant|manager|scientist|researcher|"#
                + #"writer|journalist|artist|musician|chef|cook|driver|pilot|farmer|mechanic|electrician|plumber|"#
                + #"carpenter|pharmacist|dentist|therapist|analyst|architect|photographer|freelancer|contractor|"#
                + #"intern|professor|librarian|paramedic|firefighter|officer|soldier|veteran|cashier|barista|waiter|"#
                + #"waitress|bartender|founder|ceo|cto|owner|translator|editor|vet|veterinarian|surgeon|tutor|coach|"#
                + #"parent|mom|mum|dad|father|mother|widow|widower|vegetarian|vegan|pescatarian|smoker|runner|"#
                + #"cyclist|climber|night owl|early bird|morning person|introvert|extrovert|fan)s?\b"#),

        // Home and origins.
        Pattern(
            "home",
            #"\bi (?:currently |now |still |also )?(?:live|lived|grew up|was born|moved|relocated|am moving|"#
                + #"'m moving|'m relocating)\b"#),
        Pattern("home", #"\bi(?:'m| am|m) (?:originally )?from\b"#),
        Pattern(
            "home",
            #"\b(?:my|our) (?:address|apartment|apt|flat|house|home|hometown|home town|neighbou?rhood|landlord|"#
                + #"landlady|rent|mortgage|roommates?|flatmates?|commute|car|truck|motorcycle|scooter|garden)\b"#),
        Pattern(
            "home",
            #"\b(?:ich wohne|ich lebe|ich komme aus|je vis|j'habite|je viens de|vivo en|vivo em|soy de|sou de|"#
                + #"vengo de)\b"#),

        // Family, partners and pets.
        Pattern("family", #"\b(?:my|our) (?:"# + family + #")(?:'s)?\b"#),
        Pattern(
            "family",
            #"\b(?:i|we) (?:have|'ve got|have got|got) (?:a|an|one|two|three|four|five|six|\d+) (?:\S+ )?"#
                + #"(?:kids?|children|sons?|daughters?|sisters?|brothers?|siblings?|twins|dogs?|cats?|pets?|"#
                + #"grandkids?|grandchildren|puppy|kitten|roommates?)\b"#),
        Pattern(
            "family",
            #"\b(?:i|we)(?:'m|'re| am| are| got| just got| recently got| are getting| 're getting) (?:married|"#
                + #"engaged|divorced|separated|widowed|pregnant|expecting)\b"#),
        Pattern("family", #"\bwe (?:adopted|had a baby|are having a baby|'re having a baby)\b"#),
        Pattern(
            "family",
            #"\b(?:mi|mis|mon|ma|mes|mein|meine|meu|minha) (?:esposa|esposo|marido|mujer|hij[oa]s?|madre|padre|"#
                + #"mamá|papá|herman[oa]s?|novi[oa]|femme|mari|fils|fille|enfants|mère|père|frère|s(?:œ|oe)ur|"#
                + #"copain|copine|frau|mann|sohn|tochter|kinder|mutter|vater|bruder|schwester|freund|freundin|"#
                + #"mãe|pai|irmão|irmã|filho|filha)\b"#),

        // Likes, dislikes and diet. Objects that point at the conversation ("I love that",
        // "I prefer the second one") are reactions, not preferences.
        Pattern(
            "preference",
            #"\bi (?:really |absolutely |totally |truly |kind of |kinda |sort of |honestly |just |do |genuinely |"#
                + #"also |still |much )?(?:love|hate|prefer|like|dislike|adore|enjoy|detest|loathe|can'?t stand|"#
                + #"cannot stand|don'?t like|do not like|don'?t enjoy|can'?t eat|cannot eat|don'?t eat|do not eat|"#
                + #"never eat|don'?t drink|do not drink|never drink|avoid|am into|'m into|'m obsessed with|"#
                + #"am obsessed with)\s+(?!(?:it|this|that|these|those|them|you|your|yours|how|what|when|the way|"#
                + #"the (?:first|second|third|last|other|previous|latter|former|above|new|original|next|idea|answer|"#
                + #"version|suggestion)|both|either|neither|one|ones)\b)"#),
        Pattern("preference", #"\b(?:my|our) (?:fav|fave|favou?rite)\b"#),
        Pattern("preference", #"\bi(?:'m| am|m) (?:a )?(?:big |huge )?fan of\b"#),

        // Health, body and diet needs (only when the clause is about the user).
        Pattern(
            "health",
            #"\b(?:allerg\w*|alérgic\w*|allergique|allergisch|intoleran\w*|celiac|coeliac|diabet\w*|asthma\w*|"#
                + #"epilep\w*|migraines?|adhd|autis\w*|dyslexi\w*|depress(?:ion|ed)|anxiety|bipolar|ptsd|ocd|"#
                + #"pregnan\w*|chronic|cancer|chemo\w*|surgery|diagnos\w*|prescri\w*|medications?|meds|insulin|"#
                + #"inhaler|blood (?:type|pressure|sugar)|cholesterol|therapist|physio\w*|wheelchair|deaf|"#
                + #"blind|colou?r-?blind|hard of hearing|disabilit\w*|disabled|sober|sobriety|injur\w*|"#
                + #"sprained|fractured|broke my|vegetarian\w*|végétarien\w*|vegan\w*|kosher|halal|gluten|"#
                + #"lactose|dairy|peanuts?|shellfish|penicillin|hay fever|left-handed|right-handed|glasses|"#
                + #"hearing aid)\b"#,
            needsFirstPerson: true),

        // Dates, deadlines, appointments and plans.
        Pattern(
            "date",
            #"\b(?:my|our)(?: \S+)? (?:birthday|bday|b-day|anniversary|wedding|graduation|funeral|interview|exams?|"#
                + #"finals|appointment|flight|train|trip|vacation|holidays?|deadline|surgery|due date|meeting|party|"#
                + #"visa|passport|lease|contract|insurance|subscription|membership|driving test|check-?up|lessons?|"#
                + #"therapy|sessions?|course|training|move|renovation)\b"#),
        Pattern(
            "date",
            #"\b(?:birthday|deadline|due (?:on|by|at|date|in|next|this|tomorrow)|appointment|reservation|booked|"#
                + #"scheduled|rescheduled|postponed|expires?|renews?|anniversary)\b"#,
            needsFirstPerson: true),
        Pattern("date", timeExpression, needsFirstPerson: true),
        // A booked event with its time is someone's schedule even without "my".
        Pattern(
            "date",
            #"\b(?:appointment|meeting|flight|interview|deadline|reservation|exam|surgery|check-?up|session|"#
                + #"class|lesson|standup|stand-up)s?\b.*"# + timeExpression),
        Pattern(
            "plan",
            #"\b(?:i|we)(?:'m|'re| am| are|'ll be| will be|m) (?:going|flying|driving|traveling|travelling|heading|"#
                + #"moving) to (?!(?:try|do|ask|use|say|check|need|go with|have|be|make|give|write|read|look|see|"#
                + #"think|start|keep|paste|send|run|test|fix|share|show|explain|get)\b)"#),
        Pattern(
            "plan",
            #"\b(?:i|we)(?:'m|'re| am| are|'ve| have)? ?(?:planning|plan) (?:to|on|a|an)\b|\b(?:i|we)(?:'ve| have)? "#
                + #"?(?:decided|signed up|enrolled|registered|applied) (?:to|for|in|at)\b"#),
        Pattern(
            "plan",
            #"\bi(?:'m| am|m) (?:training for|saving (?:up )?for|studying for|preparing for|learning|studying|"#
                + #"majoring in|doing a (?:phd|masters|master's|degree|bootcamp))\b"#),
        Pattern(
            "plan",
            #"\bwe(?:'re| are) (?:going|flying|driving|moving|renovating|planning|getting|having|hosting|"#
                + #"throwing)\b"#),

        // Habits, skills and things owned.
        Pattern(
            "habit",
            #"\bi (?:usually|always|normally|typically|often|regularly|never|rarely|tend to) (?!(?:forget|struggle|"#
                + #"get|wonder|thought|think|understood|understand|knew|know|mix|mess|assumed|assume|wanted|want|"#
                + #"like|love|hate|have)\b)\S+"#),
        Pattern(
            "habit",
            #"\bi(?:'ve| have) been (?:learning|studying|playing|practi[cs]ing|training|running|doing|teaching|"#
                + #"volunteering|living|married|sober|vegan|vegetarian|working (?:at|as|for))\b"#),
        Pattern(
            "habit",
            #"\bi (?:play|study|teach|coach|volunteer|speak|practi[cs]e|collect|knit|paint|hike|climb|surf|"#
                + #"meditate|commute|cycle) (?!(?:with|around|it|this|that|along)\b)"#),
        Pattern(
            "possession",
            #"\b(?:i|we) (?:own|bought|just bought|recently bought|drive|ride) (?:a|an|my|our|two|three|\d+)\b"#),
        Pattern(
            "contact",
            #"\b(?:my|our) (?:e-?mail|email address|phone number|number|cell|mobile|whatsapp|handle|username|"#
                + #"github|website|blog|zip code|postcode|postal code|license plate|gate code|wifi password)\b"#),
    ]
}
