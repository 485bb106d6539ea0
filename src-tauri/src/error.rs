//! The error every command returns over IPC: `{code, message}`. The code is the core's stable
//! [`ErrorCode`]; the message is Vietnamese and says what to do. The UI never parses messages.

use serde::Serialize;
use sokehoach_core::ErrorCode;

#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<sokehoach_core::Error> for IpcError {
    fn from(error: sokehoach_core::Error) -> Self {
        IpcError { code: error.code(), message: error.to_string() }
    }
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError { code: ErrorCode::Internal, message: message.into() }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
