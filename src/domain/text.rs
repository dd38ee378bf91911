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
}
