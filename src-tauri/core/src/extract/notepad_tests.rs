//! A plan file saved by Windows Notepad (CRLF line ends, a UTF-8 byte order mark, or "Unicode"
//! = UTF-16 with a byte order mark), under a Vietnamese file name, drafts the same plan as the
//! plain UTF-8 file with `\n` line ends.

use super::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    bytes
}

#[test]
fn notepad_encodings_and_line_ends_draft_the_same_plan() {
    let original = std::fs::read_to_string(format!("{DIR}/kh-tiered.txt")).expect("fixture");
    let lf = original.replace("\r\n", "\n");
    assert!(!lf.contains('\r'));
    let crlf = lf.replace('\n', "\r\n");
    let expected = extract_text(&lf).expect("the LF text drafts");
    assert!(!expected.plan.tasks.is_empty(), "the fixture has tasks");
    let plan = serde_json::to_value(&expected.plan).expect("plan as JSON");

    let mut bom_crlf = vec![0xEF, 0xBB, 0xBF];
    bom_crlf.extend(crlf.as_bytes());
    let variants: [(&str, Vec<u8>); 5] = [
        ("CRLF", crlf.clone().into_bytes()),
        ("UTF-8 BOM, LF", [&[0xEF, 0xBB, 0xBF][..], lf.as_bytes()].concat()),
        ("UTF-8 BOM, CRLF", bom_crlf),
        ("UTF-16LE BOM, CRLF", utf16(&crlf, true)),
        ("UTF-16BE BOM, CRLF", utf16(&crlf, false)),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("Kế hoạch của Hội");
    std::fs::create_dir(&folder).expect("a folder with a Vietnamese name");
    for (i, (what, bytes)) in variants.iter().enumerate() {
        let path = folder.join(format!("Kế hoạch tổng kết {i}.txt"));
        std::fs::write(&path, bytes).expect("write");
        let text = read_file(&path).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(!text.starts_with('\u{FEFF}'), "{what}: the byte order mark is not text");
        assert!(!text.contains('\r'), "{what}: line ends are normalised");
        let got = extract_file(&path).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(got.source_text, expected.source_text, "{what}: same text");
        assert_eq!(serde_json::to_value(&got.plan).expect("plan as JSON"), plan, "{what}: same plan");
    }
}
