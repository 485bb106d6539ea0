// The choices of a deadline filter bar (the deadline list and the province matrix): the office
// tree and the plans, loaded when the screen opens.

import { listDocuments } from "../../api/documents";
import { listOffices } from "../../api/offices";
import type { DocumentSummary } from "../../api/bindings/DocumentSummary";
import type { Office } from "../../api/bindings/Office";
import { LatestLoad } from "../../lib/latest.svelte";

export class FilterChoices extends LatestLoad {
  /** Null until loaded. */
  offices = $state<Office[] | null>(null);
  documents = $state<DocumentSummary[]>([]);

  load(): Promise<void> {
    return this.run(
      () => Promise.all([listOffices(), listDocuments("issuedOn")]),
      ([offices, documents]) => {
        this.offices = offices;
        this.documents = documents;
      },
    );
  }
}
