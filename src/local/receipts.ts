import { createRevision, type RxDocumentData } from 'rxdb';
import { docKey } from '../core/doc-key';
import { isPlainObject, type JsonObject } from '../core/json';
import type { DbAnswer } from '../query/commands';
import type { DocRow } from '../model/doc-row';
import { RECEIPTS_COLLECTION } from '../model/local-only';
import type { Mirror } from './mirror';

type Row = RxDocumentData<DocRow>;

/**
 * How many receipts are kept. A request is sent again only when the tab that ran it went away
 * before answering, right after the next tab takes over, so only the newest few matter; a ring of
 * slots overwritten in turn keeps the storage they take fixed.
 */
export const RECEIPT_SLOTS = 256;

/** What a receipt row's document holds. */
interface ReceiptDoc extends JsonObject {
  readonly _id: number;
  /** The request id the write was sent with. */
  readonly request: string;
  /** How many receipts were written before this one: the ring's clock. */
  readonly n: number;
  readonly answer: JsonObject;
}

/**
 * Receipts of write commands run on behalf of a request id (a write another tab forwarded): the
 * answer is stored as a local-only row in the same atomic commit as the write, so a request sent
 * again after its answer was lost is answered from the receipt instead of being applied twice.
 */
export class Receipts {
  readonly #mirror: Mirror;
  #next: number | undefined;

  constructor(mirror: Mirror) {
    this.#mirror = mirror;
  }

  /** The recorded answer of `request`, if a write with that request id committed. */
  find(request: string): DbAnswer | undefined {
    for (const row of this.#mirror.rows(RECEIPTS_COLLECTION)) {
      const doc = row.doc as Partial<ReceiptDoc>;
      if (!row._deleted && doc.request === request && isPlainObject(doc.answer)) return doc.answer as unknown as DbAnswer;
    }
    return undefined;
  }

  /** The row recording `answer` for `request`, overwriting the oldest slot once the ring is full. */
  row(request: string, answer: DbAnswer, time: number, token: string): { document: Row; previous?: Row } {
    this.#next ??= this.#count();
    const n = this.#next++;
    const slot = n % RECEIPT_SLOTS;
    const key = docKey(slot);
    const previous = this.#mirror.row(RECEIPTS_COLLECTION, key);
    const doc: ReceiptDoc = { _id: slot, request, n, answer: answer as unknown as JsonObject };
    const document: Row = {
      id: `${RECEIPTS_COLLECTION}|${key}`,
      coll: RECEIPTS_COLLECTION,
      key,
      doc,
      seq: previous ? previous.seq : this.#mirror.nextSeq(),
      v: '',
      vh: [],
      ops: [],
      _deleted: false,
      _attachments: {},
      _meta: { lwt: time },
      _rev: createRevision(token, previous),
    };
    return previous ? { document, previous } : { document };
  }

  // Receipts written so far, from the stored ring: one past the newest.
  #count(): number {
    let newest = -1;
    for (const row of this.#mirror.rows(RECEIPTS_COLLECTION)) {
      const { n } = row.doc as Partial<ReceiptDoc>;
      if (typeof n === 'number' && n > newest) newest = n;
    }
    return newest + 1;
  }
}
