// Remembered while the app is open, so coming back to the list keeps the sort and the search.

import type { DocumentOrder } from "../../api/bindings/DocumentOrder";

class ListState {
  order = $state<DocumentOrder>("issuedOn");
  query = $state("");
}

export const listState = new ListState();

export const ORDER_LABELS: readonly { value: DocumentOrder; label: string }[] = [
  { value: "title", label: "Trích yếu" },
  { value: "issuer", label: "Cơ quan ban hành" },
  { value: "issuedOn", label: "Ngày ban hành (mới nhất trước)" },
];
