import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

/** The emulator's SQLite handle. */
export type Sqlite = BetterSqlite3.Database;

/**
 * Opens the emulator's database: `<dataDir>/emulator.sqlite`, or an in-memory database when no
 * folder is given. WAL with `synchronous = NORMAL` makes every committed write survive a crash or
 * `kill -9` of the process (only a power cut can lose the last commits).
 */
export async function openSqlite(dataDir: string | undefined): Promise<Sqlite> {
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new Error('the mpsync emulator needs better-sqlite3@12 (npm install better-sqlite3@12)', { cause: error });
  }
  let db: Sqlite;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, 'emulator.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  } else {
    db = new Database(':memory:');
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS docs (
      coll TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (coll, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS files (
      id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
      content_type TEXT, status TEXT NOT NULL, owner TEXT, created_at INTEGER NOT NULL
    );
  `);
  return db;
}
