import { MAX_REQUEST_BYTES } from '../local/request-size';

/**
 * The answer size a pull page aims at, in bytes: a quarter of the service's 4 MiB body limit, so a
 * page of documents somewhat larger than the last page's still fits in one answer.
 */
export const PULL_TARGET_BYTES = MAX_REQUEST_BYTES / 4;

/**
 * Documents the first page of a pull asks for, before any answer told how large documents are: 10
 * of the largest documents a mini-program can cache (200 KB per value on Alipay) fit in one answer.
 */
export const FIRST_PULL_PAGE = 10;

/** Most documents one pull request asks for, whatever their size (the default of `pullBatchSize`). */
export const MAX_PULL_PAGE = 1000;

/** How much larger than the last one a page may grow at once: sizes are learnt, not guessed. */
const GROWTH = 8;

/**
 * Chooses how many documents each pull request asks for. A page of fixed size is either many
 * small requests (200 small documents are 20 kB, so a 10k initial pull took 50 round trips and 50
 * storage commits) or, with large documents, an answer over the service's size limit. The pager
 * sizes the next page from the bytes per document of the answers so far, toward
 * {@link PULL_TARGET_BYTES}, never above `maxDocs`, growing at most {@link GROWTH}-fold per answer
 * and shrinking at once when documents got larger.
 *
 * @example
 * const pager = new PullPager(1000);
 * pager.size; // 10
 * pager.learn(10, 2_000); // the answer: ten documents of 200 bytes
 * pager.size; // 80
 */
export class PullPager {
  readonly #maxDocs: number;
  readonly #targetBytes: number;
  #size: number;

  /**
   * @param maxDocs the most documents a page may ask for
   * @param targetBytes the answer size to aim at
   */
  constructor(maxDocs: number = MAX_PULL_PAGE, targetBytes: number = PULL_TARGET_BYTES) {
    if (!Number.isInteger(maxDocs) || maxDocs < 1) throw new RangeError(`a pull page needs a positive integer size, got ${maxDocs}`);
    this.#maxDocs = maxDocs;
    this.#targetBytes = targetBytes;
    this.#size = Math.min(maxDocs, FIRST_PULL_PAGE);
  }

  /** How many documents the next request asks for. */
  get size(): number {
    return this.#size;
  }

  /** Hears an answer: `docs` documents taking `bytes` bytes. An empty answer teaches nothing. */
  learn(docs: number, bytes: number): void {
    if (docs <= 0 || bytes <= 0) return;
    const fits = Math.floor(this.#targetBytes / (bytes / docs));
    this.#size = Math.max(1, Math.min(this.#maxDocs, this.#size * GROWTH, fits));
  }
}
