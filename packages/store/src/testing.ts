// `@attrib/store/testing`: private PostgreSQL and Redis servers from Debian's packages, for tests.
export { type PostgresTestServer, startPostgres } from './postgresTestServer'
export { type RedisTestServer, startRedis } from './redisTestServer'
