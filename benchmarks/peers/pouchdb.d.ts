/**
 * The part of PouchDB (pouchdb-core 9 with pouchdb-find) that the peer comparison calls. PouchDB's
 * own typings (@types/pouchdb-core) redeclare global `Blob` and `Buffer`, so the benchmarks
 * declare the few calls they make instead.
 */
declare module 'pouchdb-core' {
  interface PouchDoc {
    _id: string;
    _rev?: string;
    [field: string]: unknown;
  }
  interface PouchChanges {
    on(event: 'change', listener: () => void): PouchChanges;
    on(event: 'error', listener: (error: unknown) => void): PouchChanges;
    cancel(): void;
  }
  interface PouchFindRequest {
    selector: Record<string, unknown>;
    sort?: Array<Record<string, 'asc' | 'desc'>>;
    limit?: number;
    fields?: string[];
    use_index?: string;
  }
  /** A PouchDB database with the pouchdb-find plugin. */
  export interface PouchDatabase {
    bulkDocs(docs: PouchDoc[]): Promise<Array<{ ok?: boolean; error?: string }>>;
    put(doc: PouchDoc): Promise<{ ok: boolean; rev: string }>;
    get(id: string): Promise<PouchDoc & { _rev: string }>;
    changes(options: { since: 'now'; live: true }): PouchChanges;
    createIndex(options: { index: { fields: string[]; ddoc?: string; name?: string } }): Promise<unknown>;
    find(request: PouchFindRequest): Promise<{ docs: PouchDoc[]; warning?: string }>;
    close(): Promise<void>;
    destroy(): Promise<void>;
  }
  export interface PouchStatic {
    new (name: string, options: { adapter: string }): PouchDatabase;
    plugin(plugin: unknown): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-find' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
