//! Working days and Vietnamese public holidays (being written).
