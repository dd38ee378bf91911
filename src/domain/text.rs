//! Vietnamese text as people type it on a phone: often without diacritics ("dong ha" for
//! "Đông Hà"). One folding, used wherever typed words are compared with stored names.

/// Lower case, without tone marks or letter diacritics (ă â ê ô ơ ư → a a e o o u, đ → d),
/// runs of whitespace made one space, trimmed. Composed and decomposed input fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        // Combining marks (decomposed input, or a keyboard that types them apart).
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(strip_mark(c));
    }
    out
}

/// A lower-case Vietnamese letter without its marks (`ầ` → `a`, `đ` → `d`); any other
/// character as it is.
pub fn strip_mark(c: char) -> char {
    const GROUPS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(_, variants)| variants.contains(c))
        .map_or(c, |(b, _)| *b)
}

/// Does `name` hold every word of the folded query `words` (each a prefix of one of its
/// words)? "dong ha" finds "Thành phố Đông Hà"; "p5" does not find "Phường 5".
pub fn matches(folded_name: &str, words: &[&str]) -> bool {
    !words.is_empty()
        && words
            .iter()
            .all(|w| folded_name.split(' ').any(|n| n.starts_with(w)))
}

/// The most words of a search that are looked for (the rest are ignored).
pub const SEARCH_WORDS_MAX: usize = 8;
/// A searched word is cut to this many characters (no Vietnamese word is longer).
pub const SEARCH_WORD_CHARS: usize = 40;

/// The words of a search as the index holds them: folded, split at every character that is
/// not a letter or a digit, at most [`SEARCH_WORDS_MAX`]. Each is looked for as the start of
/// a word ("duong ho" finds "Đường Hồ Chí Minh"). Only letters and digits remain, so a
/// word can be put into a full-text query as it is.
pub fn search_words(query: &str) -> Vec<String> {
    let folded = fold(query);
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let w: String = w.chars().take(SEARCH_WORD_CHARS).collect();
        if !words.contains(&w) {
            words.push(w);
        }
        if words.len() == SEARCH_WORDS_MAX {
            break;
        }
    }
    words
}

/// The text a report is found by: its parts folded, every run of characters that are not
/// letters or digits one space, with a leading space so that "the start of a word" is
/// `" " + word` for a plain `LIKE` as well as for the full-text index.
pub fn search_document(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for w in fold(part).split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                out.push(' ');
                out.push_str(w);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_folds_to_its_base() {
        assert_eq!(fold("Đông Hà"), "dong ha");
        assert_eq!(fold("Đường Hồ Chí Minh"), "duong ho chi minh");
        assert_eq!(fold("THỊ XÃ QUẢNG TRỊ"), "thi xa quang tri");
        assert_eq!(fold("Hướng Hóa"), "huong hoa");
        assert_eq!(fold("Đakrông"), "dakrong");
        assert_eq!(fold("Cồn Cỏ"), "con co");
        assert_eq!(fold("Ái Tử"), "ai tu");
        assert_eq!(fold("  Vĩnh   Linh \t"), "vinh linh");
        assert_eq!(fold("rác thải"), fold("rac thai"));
        // Every toned vowel, upper and lower case.
        let all = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let folded = fold(all);
        assert!(folded.chars().all(|c| "aeiouyd".contains(c)), "{folded}");
        assert_eq!(fold(&all.to_uppercase()), folded);
        assert_eq!(folded.chars().count(), all.chars().count());
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        // "Hà" typed as H, a, combining grave; "Đông" with a combining circumflex.
        assert_eq!(fold("Ha\u{300}"), "ha");
        assert_eq!(fold("Đo\u{302}ng"), "dong");
    }

    #[test]
    fn words_match_as_prefixes_of_the_names_words() {
        let name = fold("Thành phố Đông Hà");
        assert!(matches(&name, &["dong", "ha"]));
        assert!(matches(&name, &["dong"]));
        assert!(matches(&name, &["thanh", "pho", "dong"]));
        assert!(matches(&name, &["do"]));
        assert!(!matches(&name, &["quang"]));
        assert!(!matches(&name, &["ong"]));
        assert!(!matches(&name, &[]));
    }
    #[test]
    fn searched_words_are_folded_letters_and_digits() {
        assert_eq!(search_words("rác thải"), ["rac", "thai"]);
        assert_eq!(search_words("RAC THAI"), ["rac", "thai"]);
        assert_eq!(
            search_words("Đường  Hồ-Chí_Minh!"),
            ["duong", "ho", "chi", "minh"]
        );
        // Quotes, stars, colons, ampersands: nothing a full-text query would read as syntax.
        assert_eq!(search_words("\"ổ gà\"* & :| !x"), ["o", "ga", "x"]);
        assert_eq!(search_words("số 12"), ["so", "12"]);
        assert_eq!(search_words("gà gà GÀ"), ["ga"]);
        assert!(search_words("  !!! ").is_empty());
        assert_eq!(search_words("a b c d e f g h i j").len(), SEARCH_WORDS_MAX);
        assert_eq!(search_words(&"x".repeat(100))[0].len(), SEARCH_WORD_CHARS);
    }

    #[test]
    fn a_document_holds_every_word_folded_after_a_space() {
        let doc = search_document(&[
            "PA-2026-000012",
            "Rác thải ùn ứ",
            "tại bãi biển Cửa Tùng.",
            "Nguyễn Văn Đức",
        ]);
        assert_eq!(
            doc,
            " pa 2026 000012 rac thai un u tai bai bien cua tung nguyen van duc"
        );
        for w in search_words("cua tung") {
            assert!(doc.contains(&format!(" {w}")));
        }
        assert_eq!(search_document(&[]), "");
        assert_eq!(search_document(&["", "  "]), "");
    }

    /// Real Vietnamese words and how people type them without marks.
    #[test]
    fn vietnamese_words_fold_as_typed_without_marks() {
        let pairs = [
            ("Ổ gà", "o ga"),
            ("Đèn chiếu sáng", "den chieu sang"),
            ("Ngập úng", "ngap ung"),
            ("Lấn chiếm vỉa hè", "lan chiem via he"),
            ("Nước thải", "nuoc thai"),
            ("Ô nhiễm tiếng ồn", "o nhiem tieng on"),
            ("Cây xanh gãy đổ", "cay xanh gay do"),
            ("Hướng Hóa", "huong hoa"),
            ("Triệu Phong", "trieu phong"),
            ("Gio Linh", "gio linh"),
            ("Thị trấn Khe Sanh", "thi tran khe sanh"),
            ("Xã Vĩnh Thủy", "xa vinh thuy"),
            ("Quốc lộ 1A", "quoc lo 1a"),
            ("Hồ Chí Minh", "ho chi minh"),
            ("Lê Duẩn", "le duan"),
            ("Nguyễn Huệ", "nguyen hue"),
            ("Ủy ban nhân dân", "uy ban nhan dan"),
            ("Phường Đông Lương", "phuong dong luong"),
        ];
        for (word, typed) in pairs {
            assert_eq!(fold(word), typed, "{word}");
            assert_eq!(search_document(&[word]), format!(" {typed}"), "{word}");
            assert_eq!(search_words(word), search_words(typed), "{word}");
        }
    }
}
