// Counts and sizes written the Vietnamese way: dots between thousands, a decimal comma.
// Pure functions, unit-tested in numbers.test.ts.

/** 1234567 → "1.234.567" (Vietnamese thousands separator). */
export function formatCount(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const [whole, decimal] = rounded.toFixed(1).split(".");
  const wholeText = formatCount(Number(whole));
  return decimal === "0" ? wholeText : `${wholeText},${decimal}`;
}

/** A file size for people: "850 byte", "12,2 KB", "3,4 MB", "1,2 GB" (1 KB = 1024 byte). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} byte`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${oneDecimal(kb)} KB`;
  const mb = kb / 1024;
  if (mb < 1024) return `${oneDecimal(mb)} MB`;
  return `${oneDecimal(mb / 1024)} GB`;
}
