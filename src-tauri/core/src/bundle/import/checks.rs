//! Signatures checked ahead: a second thread checks the next chunks of records while the
//! current one is applied, with the memory the waiting chunks hold bounded.



use crate::bundle::read::for_each_record;
use crate::bundle::records::Record;
use crate::bundle::signatures::{self};
use crate::error::{Error, Result};

/// Records checked together by the prechecker.
pub(crate) const PRECHECK_CHUNK: usize = 512;
/// A chunk is also closed once its lines reach this many bytes, so long lines make short chunks.
pub(crate) const PRECHECK_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Chunks read ahead of the one being applied …
pub(crate) const PRECHECK_AHEAD: usize = 2;
/// … and the bytes of line they may hold together: what records take in memory while they wait is
/// bounded by this, however long the lines (each at most `MAX_RECORD_LINE_BYTES`).
pub(crate) const PRECHECK_AHEAD_BYTES: usize = 16 * 1024 * 1024;

/// Reads the records and applies each with `apply`, in order, while a second thread checks the
/// signatures of the next chunks (each record is checked before it is applied, and only its
/// application touches the store).
pub(crate) fn apply_prechecked(
    records: &mut impl std::io::Read,
    prechecker: &signatures::Prechecker,
    mut apply: impl FnMut(Record, Option<&str>) -> Result<()>,
) -> Result<()> {
    let lost = || Error::invalid("Không kiểm tra được chữ ký các bản ghi.");
    std::thread::scope(|scope| {
        let (to_check, checking) = std::sync::mpsc::sync_channel::<Vec<Record>>(PRECHECK_AHEAD);
        let (to_apply, checked) = std::sync::mpsc::sync_channel(PRECHECK_AHEAD);
        scope.spawn(move || {
            for chunk in checking {
                if to_apply.send(prechecker.check(chunk)).is_err() {
                    break;
                }
            }
        });
        // Both channels end here, on success or error, so the checker stops before the scope ends.
        let mut apply_chunk = |chunk: Vec<(Record, Option<String>)>| -> Result<()> {
            chunk.into_iter().try_for_each(|(record, verified_with)| apply(record, verified_with.as_deref()))
        };
        // Chunks sent and not yet applied, with their bytes, oldest first.
        let mut in_flight = std::collections::VecDeque::<usize>::new();
        let mut next = |in_flight: &mut std::collections::VecDeque<usize>| -> Result<()> {
            let chunk = checked.recv().map_err(|_| lost())?;
            in_flight.pop_front();
            apply_chunk(chunk)
        };
        let mut chunk = Vec::with_capacity(PRECHECK_CHUNK);
        let mut chunk_bytes = 0usize;
        for_each_record(records, |_, len, record| -> Result<()> {
            chunk.push(record);
            chunk_bytes += len;
            if chunk.len() == PRECHECK_CHUNK || chunk_bytes >= PRECHECK_CHUNK_BYTES {
                to_check.send(std::mem::take(&mut chunk)).map_err(|_| lost())?;
                in_flight.push_back(std::mem::take(&mut chunk_bytes));
                while in_flight.len() > PRECHECK_AHEAD
                    || in_flight.len() > 1 && in_flight.iter().sum::<usize>() > PRECHECK_AHEAD_BYTES
                {
                    next(&mut in_flight)?;
                }
            }
            Ok(())
        })?;
        if !chunk.is_empty() {
            to_check.send(chunk).map_err(|_| lost())?;
            in_flight.push_back(chunk_bytes);
        }
        drop(to_check);
        while !in_flight.is_empty() {
            next(&mut in_flight)?;
        }
        Ok(())
    })
}
