//! Attachments as the browser sees them: enough to show a thumbnail, a player or a link.

use crate::domain::media::MediaKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    pub kind: MediaKind,
    /// The file's name as the citizen had it (files; photos and videos may have none).
    pub name: Option<String>,
    pub size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_thumb: bool,
}

impl Attachment {
    pub fn url(&self) -> String {
        format!("/media/{}", self.id)
    }

    /// The thumbnail (photos), else the file itself.
    pub fn thumb_url(&self) -> String {
        if self.has_thumb {
            format!("/media/{}/thumb", self.id)
        } else {
            self.url()
        }
    }

    /// "1,2 MB", "850 KB": the size as a person reads it.
    pub fn size_text(&self) -> String {
        size_text(self.size)
    }
}

pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    }
}

/// Ids as the form's hidden field holds them.
pub fn ids_field(items: &[Attachment]) -> String {
    items
        .iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(0), "1 KB");
        assert_eq!(size_text(1500), "2 KB");
        assert_eq!(size_text(1024 * 1024), "1,0 MB");
        assert_eq!(size_text(1024 * 1024 * 5 / 2), "2,5 MB");
        assert_eq!(size_text(100 * 1024 * 1024), "100,0 MB");
    }
}
