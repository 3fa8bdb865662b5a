// `@attrib/server/postgres`: the PostgreSQL store (packages/store), an entry of its own so that processes
// on SQLite do not load pg.
export { PgStore, type PgStoreOptions } from '@attrib/store/postgres'
