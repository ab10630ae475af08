import type { Now } from '../../core/clock';
import { DbError, DbErrorCode, invalidParameter } from '../../core/db-error';
import type { JsonObject } from '../../core/json';
import { runCommand, type CommandEnv, type DbAnswer } from '../../query/commands';
import type { WorkBudget } from '../../query/work-budget';
import type { DocumentStore } from './document-store';
import { TRANSACTION_COMMANDS, Transactions } from './transactions';
import { WriteHolds } from './write-holds';

/** Who is calling: the user a token was issued to. */
export interface Caller {
  readonly userId: string;
}

/** Names MongoDB would refuse, and the length cap of a namespace. */
function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > 120 || name.includes('$') || name.includes('\u0000') || name.startsWith('system.')) {
    throw invalidParameter('collection must be a non-empty string without "$", at most 120 characters, not starting with "system."');
  }
  return name;
}

/**
 * `serverless.db.default.execute`: runs one database command (or a transaction control command)
 * for a caller. Every command either applies all of its writes or none.
 */
export class DbService {
  readonly #store: DocumentStore;
  readonly #transactions: Transactions;
  readonly #env: CommandEnv;
  /** Test hook: writes held between evaluation and commit. */
  readonly holds = new WriteHolds();

  /** @param budget - how long one command may run */
  constructor(store: DocumentStore, now: Now, newId: () => string, budget?: WorkBudget) {
    this.#store = store;
    this.#transactions = new Transactions(store, now, newId);
    this.#env = { now, newId, resolveCollection: (name) => store.docs(name), ...(budget ? { budget } : {}) };
  }

  /**
   * @param params - the decoded `params` object of the request
   * @returns the answer's `data`
   * @throws `DbError` with a documented code; nothing was applied
   */
  async execute(params: JsonObject, caller: Caller): Promise<DbAnswer & { transactionId?: string }> {
    const command = params.command;
    if (typeof command !== 'string') throw invalidParameter('command must be a string');
    switch (command) {
      case 'startTransaction':
        return { affectedDocs: 0, result: null, transactionId: this.#transactions.start(caller.userId) };
      case 'commitTransaction':
        this.#transactions.commit(params.transactionId, caller.userId);
        return { affectedDocs: 0, result: null };
      case 'abortTransaction':
        this.#transactions.abort(params.transactionId, caller.userId);
        return { affectedDocs: 0, result: null };
    }
    const collection = checkCollectionName(params.collection);
    if (params.transactionId !== undefined) {
      const txn = this.#transactions.get(params.transactionId, caller.userId);
      if (!TRANSACTION_COMMANDS.has(command)) {
        throw new DbError(DbErrorCode.TransactionCommandNotSupported, `transaction not support action [${command}]`);
      }
      const { answer, writes } = runCommand(txn.view(collection), command, params, this.#env);
      txn.stage(collection, writes);
      return answer;
    }
    const { answer, writes } = runCommand(this.#store.view(collection), command, params, this.#env);
    const gate = this.holds.take(collection, command, writes);
    if (gate) {
      const versions = writes.map((w) => this.#store.version(collection, w.key));
      await gate;
      if (writes.some((w, i) => this.#store.version(collection, w.key) !== versions[i])) {
        throw new DbError(DbErrorCode.WriteConflict, 'a held write found its documents changed when released; nothing was applied');
      }
    }
    this.#store.commit([{ collection, writes }]);
    return answer;
  }
}
