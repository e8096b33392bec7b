//! Action words for object-action event names ("Order Completed"): which words are a past
//! tense or past participle, which are a verb's base form, and how to put a verb in the past.
//!
//! A word list rather than a dictionary: the verbs analytics events use, their irregular
//! forms, and the words ending in "ed" that are not verbs. Unknown words ending in "ed" count
//! as past tense, so a rare verb ("Geofenced") does not raise a false alarm.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Verbs whose past tense is regular: add "ed", or "d" after "e", or "ied" after a consonant
/// and "y".
const REGULAR: &[&str] = &[
    "abandon",
    "accept",
    "access",
    "accrue",
    "achieve",
    "activate",
    "add",
    "allow",
    "answer",
    "apply",
    "approve",
    "archive",
    "arrive",
    "ask",
    "assign",
    "attach",
    "attempt",
    "authenticate",
    "authorize",
    "back",
    "block",
    "book",
    "bookmark",
    "bounce",
    "browse",
    "cache",
    "call",
    "capture",
    "change",
    "charge",
    "check",
    "claim",
    "clear",
    "click",
    "clone",
    "close",
    "collapse",
    "collect",
    "comment",
    "compare",
    "complete",
    "compose",
    "configure",
    "confirm",
    "connect",
    "consent",
    "contact",
    "continue",
    "convert",
    "copy",
    "crash",
    "create",
    "customise",
    "customize",
    "decline",
    "delete",
    "deliver",
    "deny",
    "deploy",
    "deselect",
    "detach",
    "detect",
    "disable",
    "discard",
    "disconnect",
    "dismiss",
    "dispatch",
    "display",
    "downgrade",
    "download",
    "duplicate",
    "earn",
    "edit",
    "email",
    "empty",
    "enable",
    "encounter",
    "end",
    "engage",
    "enrol",
    "enroll",
    "enter",
    "estimate",
    "evaluate",
    "exchange",
    "exit",
    "expand",
    "expire",
    "export",
    "expose",
    "fail",
    "favorite",
    "favourite",
    "fetch",
    "fill",
    "filter",
    "finalise",
    "finalize",
    "finish",
    "flip",
    "follow",
    "fork",
    "generate",
    "greet",
    "highlight",
    "hover",
    "identify",
    "ignore",
    "import",
    "impress",
    "initialise",
    "initialize",
    "install",
    "introduce",
    "invite",
    "invoice",
    "join",
    "jump",
    "launch",
    "level",
    "like",
    "link",
    "list",
    "load",
    "lock",
    "mark",
    "maximize",
    "measure",
    "mention",
    "merge",
    "message",
    "migrate",
    "minimize",
    "mirror",
    "miss",
    "modify",
    "move",
    "mute",
    "navigate",
    "notice",
    "notify",
    "observe",
    "offer",
    "onboard",
    "open",
    "opt",
    "optimize",
    "order",
    "pause",
    "perform",
    "personalise",
    "personalize",
    "pick",
    "place",
    "play",
    "post",
    "present",
    "press",
    "preview",
    "print",
    "process",
    "prompt",
    "provide",
    "publish",
    "purchase",
    "purge",
    "qualify",
    "queue",
    "raise",
    "rate",
    "reach",
    "react",
    "receive",
    "recommend",
    "record",
    "recover",
    "redeem",
    "redirect",
    "refresh",
    "refund",
    "register",
    "reinstall",
    "reject",
    "rejoin",
    "release",
    "reload",
    "remind",
    "remove",
    "rename",
    "render",
    "renew",
    "reopen",
    "reorder",
    "repair",
    "repeat",
    "replace",
    "reply",
    "report",
    "request",
    "reschedule",
    "reserve",
    "resize",
    "resolve",
    "respond",
    "restart",
    "restore",
    "resume",
    "retire",
    "retrieve",
    "retry",
    "return",
    "reveal",
    "review",
    "revoke",
    "rotate",
    "save",
    "schedule",
    "scroll",
    "search",
    "seat",
    "select",
    "settle",
    "share",
    "sign",
    "snooze",
    "solve",
    "sort",
    "spawn",
    "start",
    "stream",
    "subscribe",
    "succeed",
    "suggest",
    "support",
    "suspend",
    "swipe",
    "switch",
    "sync",
    "test",
    "time",
    "toggle",
    "touch",
    "track",
    "translate",
    "trigger",
    "unarchive",
    "unblock",
    "unfollow",
    "uninstall",
    "unlink",
    "unlock",
    "unmute",
    "unsubscribe",
    "update",
    "upgrade",
    "upload",
    "use",
    "validate",
    "verify",
    "view",
    "visit",
    "vote",
    "wait",
    "want",
    "warn",
    "watch",
    "wishlist",
    "work",
    "zoom",
];

/// Verbs that double their last consonant: "stop" → "stopped".
const DOUBLED: &[&str] = &[
    "ban", "chat", "clip", "commit", "control", "crop", "drag", "drop", "flag", "grab", "log", "nod", "omit", "pin",
    "plan", "plug", "prefer", "rob", "scan", "ship", "shop", "skip", "slip", "snap", "stop", "strip", "submit", "swap",
    "tag", "tap", "transfer", "trim", "unpin", "unplug", "untag", "wrap", "zip", "refer", "occur", "permit", "admit",
    "emit", "upvote",
];

/// Verbs whose past forms are irregular, with every past tense and participle.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("be", &["was", "were", "been"]),
    ("become", &["became", "become"]),
    ("begin", &["began", "begun"]),
    ("bid", &["bid"]),
    ("break", &["broke", "broken"]),
    ("bring", &["brought"]),
    ("broadcast", &["broadcast"]),
    ("build", &["built"]),
    ("buy", &["bought"]),
    ("cancel", &["canceled", "cancelled"]),
    ("cast", &["cast"]),
    ("catch", &["caught"]),
    ("choose", &["chose", "chosen"]),
    ("come", &["came", "come"]),
    ("cost", &["cost"]),
    ("cut", &["cut"]),
    ("deal", &["dealt"]),
    ("do", &["did", "done"]),
    ("draw", &["drew", "drawn"]),
    ("drive", &["drove", "driven"]),
    ("eat", &["ate", "eaten"]),
    ("fall", &["fell", "fallen"]),
    ("feel", &["felt"]),
    ("find", &["found"]),
    ("fly", &["flew", "flown"]),
    ("forget", &["forgot", "forgotten"]),
    ("freeze", &["froze", "frozen"]),
    ("get", &["got", "gotten"]),
    ("give", &["gave", "given"]),
    ("go", &["went", "gone"]),
    ("hear", &["heard"]),
    ("hide", &["hid", "hidden"]),
    ("hit", &["hit"]),
    ("hold", &["held"]),
    ("keep", &["kept"]),
    ("know", &["knew", "known"]),
    ("label", &["labeled", "labelled"]),
    ("lay", &["laid"]),
    ("lead", &["led"]),
    ("leave", &["left"]),
    ("lend", &["lent"]),
    ("let", &["let"]),
    ("lose", &["lost"]),
    ("make", &["made"]),
    ("meet", &["met"]),
    ("model", &["modeled", "modelled"]),
    ("overwrite", &["overwrote", "overwritten"]),
    ("pay", &["paid"]),
    ("prepay", &["prepaid"]),
    ("put", &["put"]),
    ("quit", &["quit", "quitted"]),
    ("read", &["read"]),
    ("rebuild", &["rebuilt"]),
    ("redo", &["redid", "redone"]),
    ("repay", &["repaid"]),
    ("reread", &["reread"]),
    ("rerun", &["reran", "rerun"]),
    ("reset", &["reset"]),
    ("resend", &["resent"]),
    ("ride", &["rode", "ridden"]),
    ("ring", &["rang", "rung"]),
    ("rewrite", &["rewrote", "rewritten"]),
    ("run", &["ran", "run"]),
    ("see", &["saw", "seen"]),
    ("seek", &["sought"]),
    ("sell", &["sold"]),
    ("send", &["sent"]),
    ("set", &["set"]),
    ("shake", &["shook", "shaken"]),
    ("show", &["showed", "shown"]),
    ("shut", &["shut"]),
    ("sing", &["sang", "sung"]),
    ("sit", &["sat"]),
    ("sleep", &["slept"]),
    ("speak", &["spoke", "spoken"]),
    ("spend", &["spent"]),
    ("split", &["split"]),
    ("spread", &["spread"]),
    ("stand", &["stood"]),
    ("steal", &["stole", "stolen"]),
    ("swim", &["swam", "swum"]),
    ("take", &["took", "taken"]),
    ("teach", &["taught"]),
    ("tell", &["told"]),
    ("think", &["thought"]),
    ("throw", &["threw", "thrown"]),
    ("travel", &["traveled", "travelled"]),
    ("undo", &["undid", "undone"]),
    ("unhide", &["unhid", "unhidden"]),
    ("upset", &["upset"]),
    ("wake", &["woke", "woken"]),
    ("wear", &["wore", "worn"]),
    ("win", &["won"]),
    ("withdraw", &["withdrew", "withdrawn"]),
    ("write", &["wrote", "written"]),
];

/// Words ending in "ed" that are not past tenses, so the "ed" fallback must not accept them.
const NOT_PAST: &[&str] = &[
    "bed", "breed", "creed", "embed", "feed", "greed", "hundred", "kindred", "naked", "need", "red", "sacred", "seed",
    "shed", "speed", "steed", "tweed", "weed", "wicked", "deed", "bred", "med", "ted", "ed", "proceed", "exceed",
    "succeed", "unembed",
];

/// Adverbs that may follow an action ("Payment Failed Again"), besides words ending in "ly".
const ADVERBS: &[&str] = &["again", "twice", "once", "late", "early", "offline", "online", "anyway", "too", "first"];

/// Particles of phrasal verbs ("Signed Up", "Logged In", "Checked Out").
const PARTICLES: &[&str] = &["up", "in", "out", "off", "down", "on", "over", "back", "away", "through"];

struct Lexicon {
    /// Past form → base form.
    past: HashMap<String, &'static str>,
    /// Base forms.
    base: HashSet<&'static str>,
    /// Base form → its preferred past form.
    past_of: HashMap<&'static str, String>,
}

fn regular_past(base: &str, doubled: bool) -> String {
    if doubled {
        let last = base.chars().last().unwrap_or_default();
        return format!("{base}{last}ed");
    }
    if base.ends_with('e') {
        return format!("{base}d");
    }
    let mut chars = base.chars().rev();
    if let (Some('y'), Some(before)) = (chars.next(), chars.next()) {
        if !matches!(before, 'a' | 'e' | 'i' | 'o' | 'u') {
            return format!("{}ied", &base[..base.len() - 1]);
        }
    }
    format!("{base}ed")
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon { past: HashMap::new(), base: HashSet::new(), past_of: HashMap::new() };
        for (base, forms) in IRREGULAR {
            lexicon.base.insert(base);
            lexicon.past_of.insert(base, forms[forms.len() - 1].to_owned());
            for form in *forms {
                lexicon.past.insert((*form).to_owned(), base);
            }
        }
        for base in DOUBLED {
            let past = regular_past(base, true);
            lexicon.base.insert(base);
            lexicon.past_of.entry(base).or_insert_with(|| past.clone());
            lexicon.past.insert(past, base);
        }
        for base in REGULAR {
            let past = regular_past(base, false);
            lexicon.base.insert(base);
            lexicon.past_of.entry(base).or_insert_with(|| past.clone());
            lexicon.past.entry(past).or_insert(base);
        }
        lexicon
    })
}

/// Whether `word` (any case) is a past tense or past participle.
pub fn is_past(word: &str) -> bool {
    let word = word.to_lowercase();
    let lexicon = lexicon();
    if lexicon.past.contains_key(&word) {
        return true;
    }
    word.ends_with("ed") && word.chars().count() >= 5 && !NOT_PAST.contains(&word.as_str()) && !is_base(&word)
}

/// Whether `word` (any case) is the base form of a known verb ("click", "view").
pub fn is_base(word: &str) -> bool {
    lexicon().base.contains(word.to_lowercase().as_str())
}

/// Whether `word` is a particle of a phrasal verb ("up" in "Signed Up").
pub fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

/// Whether `word` (lower case) is an adverb that may follow an action.
pub fn is_adverb(word: &str) -> bool {
    ADVERBS.contains(&word) || (word.ends_with("ly") && word.chars().count() > 4)
}

/// The base form of a present participle ("playing" → "play", "saving" → "save").
pub fn base_of_ing(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let stem = lower.strip_suffix("ing")?;
    let lexicon = lexicon();
    let candidates =
        [stem.to_owned(), format!("{stem}e"), stem.get(..stem.len().saturating_sub(1)).unwrap_or("").to_owned()];
    candidates.iter().find_map(|candidate| lexicon.base.get(candidate.as_str()).copied())
}

/// The past form of a verb given in base form, past form or present participle, lower case.
pub fn past_of(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let lexicon = lexicon();
    if lexicon.past.contains_key(&lower) {
        return Some(lower);
    }
    if let Some(past) = lexicon.past_of.get(lower.as_str()) {
        return Some(past.clone());
    }
    base_of_ing(&lower).and_then(|base| lexicon.past_of.get(base).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_past_forms() {
        for word in [
            "Completed",
            "viewed",
            "Added",
            "Searched",
            "Cancelled",
            "canceled",
            "Emptied",
            "Applied",
            "Denied",
            "Entered",
            "Refunded",
            "Renewed",
            "Opened",
            "Shared",
            "Sent",
            "Shown",
            "Paid",
            "Reset",
            "Stopped",
            "Dropped",
            "Logged",
            "Signed",
            "Geofenced",
            "Agreed",
        ] {
            assert!(is_past(word), "{word} should be past");
        }
        for word in ["Order", "Product", "click", "Speed", "Feed", "Embed", "Button", "Wishlist", "Playing", "Need"] {
            assert!(!is_past(word), "{word} should not be past");
        }
    }

    #[test]
    fn puts_verbs_in_the_past() {
        assert_eq!(past_of("click").as_deref(), Some("clicked"));
        assert_eq!(past_of("Complete").as_deref(), Some("completed"));
        assert_eq!(past_of("stop").as_deref(), Some("stopped"));
        assert_eq!(past_of("apply").as_deref(), Some("applied"));
        assert_eq!(past_of("play").as_deref(), Some("played"));
        assert_eq!(past_of("send").as_deref(), Some("sent"));
        assert_eq!(past_of("playing").as_deref(), Some("played"));
        assert_eq!(past_of("saving").as_deref(), Some("saved"));
        assert_eq!(past_of("shopping").as_deref(), Some("shopped"));
        assert_eq!(past_of("viewed").as_deref(), Some("viewed"));
        assert_eq!(past_of("button"), None);
    }
}
