//! The typst compiler behind [`super::render_pdf`], sealed off from the machine it runs on.
//!
//! Typst asks its `World` for sources, files, fonts and the date. This world answers from memory
//! only: the template compiled into the binary, the checklist as `/data.json`, and the four
//! Liberation Serif files embedded with `include_bytes!`. It has no packages, no file system and
//! no system fonts, so a render never touches the network or the disk and prints the same on
//! every machine. Fonts and the standard library are parsed once per process.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::{Error, Result};

const TEMPLATE: &str = include_str!("../../../../assets/print/checklist.typ");

/// The fonts every checklist is set in (SIL Open Font License, see assets/fonts/).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
];

/// What does not change between renders.
struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    let main_id = FileId::new(None, VirtualPath::new("/checklist.typ"));
    Engine {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(main_id, TEMPLATE.to_owned()),
        data_id: FileId::new(None, VirtualPath::new("/data.json")),
    }
});

/// One render: the shared engine plus this checklist's data.
struct ChecklistWorld {
    engine: &'static Engine,
    data: Bytes,
}

impl World for ChecklistWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.main.id() {
            Ok(self.engine.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        // The template prints the checklist's own date, never "today".
        None
    }
}

/// Compiles the template over `data` (the JSON of `TemplateData`) and exports the PDF.
pub(super) fn render(data: Vec<u8>) -> Result<Vec<u8>> {
    let world = ChecklistWorld { engine: &ENGINE, data: Bytes::new(data) };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Drop memoised layouts no render has used lately, so a long-running app does not grow.
    typst::comemo::evict(10);
    let document = compiled.map_err(|errors| failure(&errors))?;
    let options = typst_pdf::PdfOptions::default();
    typst_pdf::pdf(&document, &options).map_err(|errors| failure(&errors))
}

fn failure(errors: &[SourceDiagnostic]) -> Error {
    let details: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    Error::invalid(format!("Không tạo được tệp PDF: {}.", details.join("; ")))
}
