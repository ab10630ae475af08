/**
 * RxDB as a peer-comparison subject: one database with one `todos` collection whose schema
 * indexes the filtered and sorted fields, as an RxDB user would declare it. Shared by the Node
 * run (memory storage) and the Chromium page (Dexie storage on IndexedDB).
 */
import { createRxDatabase, removeRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import type { BackendKind, OpenStore, PeerSubject } from './subject';
import { countedTag, pageQuery, QUERY_LIMIT, type PeerTodo } from './workload';

type Todo = { -readonly [K in keyof PeerTodo]: PeerTodo[K] extends readonly string[] ? string[] : PeerTodo[K] };

const SCHEMA: RxJsonSchema<Todo> = {
  version: 0,
  primaryKey: '_id',
  type: 'object',
  properties: {
    _id: { type: 'string', maxLength: 20 },
    listId: { type: 'string', maxLength: 20 },
    title: { type: 'string' },
    done: { type: 'boolean' },
    priority: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 1 },
    createdAt: { type: 'string', maxLength: 30 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['_id', 'listId', 'title', 'done', 'priority', 'createdAt', 'tags'],
  // The index a user would declare for the page query: equality fields first, then the sort field.
  indexes: [['listId', 'done', 'createdAt']],
};

const find = (k: number) => ({ selector: pageQuery(k), sort: [{ createdAt: 'desc' as const }], limit: QUERY_LIMIT });

/** Options of {@link rxdbSubject}. */
export interface RxdbSubjectOptions {
  readonly label: string;
  readonly kind: BackendKind;
  readonly storage: RxStorage<unknown, unknown>;
  /** Database name; one per subject, so that two subjects never share storage. */
  readonly name: string;
  /** Whether the storage keeps data across a close (Dexie) or not (memory). */
  readonly persistent: boolean;
  readonly note: string;
}

async function open(options: RxdbSubjectOptions): Promise<{ store: OpenStore; todos: RxCollection<Todo> }> {
  const db: RxDatabase = await createRxDatabase({
    name: options.name,
    storage: options.storage,
    multiInstance: false,
    eventReduce: true,
    // A count over an array element cannot be answered from the index alone.
    allowSlowCount: true,
  });
  const { todos } = await db.addCollections<{ todos: RxCollection<Todo> }>({ todos: { schema: SCHEMA } });
  const ids = (docs: ReadonlyArray<{ primary: string }>) => docs.map((doc) => doc.primary);
  const store: OpenStore = {
    page: async (k) => ids(await todos.find(find(k)).exec()),
    countTag: (k) => todos.count({ selector: { tags: { $elemMatch: { $eq: countedTag(k) } } } }).exec(),
    insert: async (todo) => {
      await todos.insert({ ...todo, tags: [...todo.tags] });
    },
    update: async (id, title) => {
      const doc = await todos.findOne(id).exec();
      if (doc === null) throw new Error(`rxdb: no todo ${id}`);
      await doc.incrementalPatch({ title });
    },
    watchPage: (onPage) => {
      const sub = todos.find(find(0)).$.subscribe((docs) => onPage(ids(docs)));
      return () => sub.unsubscribe();
    },
    close: async () => {
      await db.close();
    },
  };
  return { store, todos };
}

/** RxDB over one storage. Bulk load is `bulkInsert` in batches of 1,000, then the query once. */
export function rxdbSubject(options: RxdbSubjectOptions): PeerSubject {
  return {
    label: options.label,
    kind: options.kind,
    reference: false,
    note: options.note,
    async load(todos: readonly PeerTodo[]) {
      const { store, todos: collection } = await open(options);
      for (let i = 0; i < todos.length; i += 1000) {
        const { error } = await collection.bulkInsert(todos.slice(i, i + 1000).map((todo) => ({ ...todo, tags: [...todo.tags] })));
        if (error.length > 0) throw new Error(`rxdb: bulkInsert refused ${error.length} todos`);
      }
      await store.page(0);
      return store;
    },
    ...(options.persistent
      ? {
          reopen: async () => {
            const { store } = await open(options);
            await store.page(0);
            return store;
          },
        }
      : {}),
    destroy: async () => {
      await removeRxDatabase(options.name, options.storage, false);
    },
  };
}
