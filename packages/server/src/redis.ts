// `@attrib/server/redis`: the Redis relay (packages/store), an entry of its own so that processes without
// scale-out do not load ioredis.
export { RedisRelay, type RedisRelayOptions } from '@attrib/store/redis'
