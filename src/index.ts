export { DbError, DbErrorCode } from './core/db-error';
