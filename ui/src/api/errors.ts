// Turns whatever a rejected `invoke` gives us into one typed error the screens can show.
//
// The shell rejects with `{ code, message }` (docs/ipc.md): `message` is already Vietnamese and
// says what to do, so it is shown as is. The UI branches on `code` only, never on `message`.

import type { ErrorCode } from "./bindings/ErrorCode";
import { ERROR_CODES } from "./bindings/wording";

/** Codes of errors raised in the UI itself, before any call reaches the shell. */
export type UiErrorCode =
  /** The page is open in an ordinary browser, not in the Sổ Kế Hoạch window. */
  | "noShell";

export type AppErrorCode = ErrorCode | UiErrorCode;

/** Every code the shell answers with, generated from the core's `ErrorCode`. */
const SHELL_CODES: readonly ErrorCode[] = ERROR_CODES;

/** An error to show to the user: `message` is Vietnamese and ready to display. */
export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

export const NO_SHELL_MESSAGE = "Ứng dụng phải chạy trong cửa sổ Sổ Kế Hoạch.";

function isShellCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (SHELL_CODES as readonly string[]).includes(value);
}

/**
 * Normalises a rejection value. Anything that is not the documented `{ code, message }` shape
 * (a bare string from Tauri such as "command not found", a JavaScript exception) becomes
 * `internal` with a Vietnamese message that keeps the original text for support.
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === "object" && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    if (isShellCode(code) && typeof message === "string" && message.trim() !== "") {
      return new AppError(code, message);
    }
  }
  const detail =
    typeof reason === "string"
      ? reason
      : reason instanceof Error
        ? reason.message
        : JSON.stringify(reason);
  return new AppError(
    "internal",
    `Đã xảy ra lỗi không mong đợi. Hãy thử lại; nếu vẫn lỗi, hãy báo cho người hỗ trợ kỹ thuật nội dung sau: ${detail}`,
  );
}
