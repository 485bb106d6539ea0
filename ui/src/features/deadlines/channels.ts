// How a report travelled, in words.

import type { Channel } from "../../api/bindings/Channel";

export const CHANNELS: readonly { value: Channel; label: string }[] = [
  { value: "usb", label: "USB" },
  { value: "post", label: "Bưu điện" },
  { value: "email", label: "Email" },
  { value: "inPerson", label: "Trực tiếp" },
];

export function channelLabel(channel: Channel): string {
  return CHANNELS.find((c) => c.value === channel)?.label ?? channel;
}
