//! How `skh` fails, so that a script can tell a refused bundle from a typing mistake or a full
//! disk without reading the message. Every failure prints the Vietnamese message (what to do) and
//! the core's stable error code on standard error, and ends the process with one of these codes
//! (README, "Command line"):
//!
//! | exit | meaning | error codes |
//! |------|---------|-------------|
//! | 0 | done | |
//! | 2 | bad input: a wrong argument (clap's usage errors exit 2 as well), a file or value that is not what it should be, something not found, not set up yet | `invalidInput`, `notFound`, `conflict`, `notSetUp`, `newerDatabase` |
//! | 3 | refused: a bundle refused by the trust and validation checks; nothing was changed | `bundleRefused` |
//! | 4 | system failure: the disk or the database could not be read or written | `storage`, `io`, `internal` |

use std::process::ExitCode;

use sokehoach_core::{Error, ErrorCode};

/// The three ways `skh` can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    BadInput,
    Refused,
    System,
}

impl Kind {
    /// The process exit code of this kind of failure.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BadInput => 2,
            Kind::Refused => 3,
            Kind::System => 4,
        }
    }

    /// What an error code of the core means to a script.
    pub fn of(code: ErrorCode) -> Kind {
        match code {
            ErrorCode::InvalidInput | ErrorCode::NotFound | ErrorCode::Conflict | ErrorCode::NotSetUp | ErrorCode::NewerDatabase => {
                Kind::BadInput
            }
            ErrorCode::BundleRefused => Kind::Refused,
            ErrorCode::Storage | ErrorCode::Io | ErrorCode::Internal => Kind::System,
        }
    }
}

/// A failed command: its code and the Vietnamese message to print.
#[derive(Debug)]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
}

impl Failure {
    /// A mistake in what the user asked for, found by `skh` itself.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Failure { code: ErrorCode::InvalidInput, message: message.into() }
    }

    /// Output or work that failed for a reason outside the user's input (stdout closed, a
    /// benchmark's files).
    pub fn system(message: impl Into<String>) -> Self {
        Failure { code: ErrorCode::Io, message: message.into() }
    }

    pub fn kind(&self) -> Kind {
        Kind::of(self.code)
    }

    /// Prints the message and the code on standard error and gives the exit code.
    pub fn report(&self) -> ExitCode {
        let exit = self.kind().exit_code();
        let code = serde_json::to_value(self.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        eprintln!("skh: {}", self.message);
        eprintln!("skh: mã lỗi {code} (mã thoát {exit})");
        ExitCode::from(exit)
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { code: error.code(), message: error.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_exit_code() {
        let refused = Failure::from(Error::Bundle(sokehoach_core::bundle::Refusal::BadSignature));
        assert_eq!(refused.kind().exit_code(), 3);
        assert_eq!(Failure::from(Error::invalid("sai")).kind().exit_code(), 2);
        assert_eq!(Failure::from(Error::NotSetUp).kind().exit_code(), 2);
        let disk = Error::io("/media/usb/a.skh", std::io::Error::from_raw_os_error(28));
        assert_eq!(Failure::from(disk).kind().exit_code(), 4);
        assert_eq!(Failure::system("x").kind(), Kind::System);
        assert_eq!(Failure::bad_input("x").kind(), Kind::BadInput);
    }
}
