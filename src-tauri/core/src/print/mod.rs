//! A4 checklists as PDF (being written).
