/**
 * The Redis store on Lettuce: {@link org.statekeeper.redis.RedisStateStore}, a version-guarded
 * materialised view of the log's head rows, and {@link org.statekeeper.redis.RedisChangeFeed}, which
 * tells the other nodes about committed changes over pub/sub. Both are configured by
 * {@link org.statekeeper.redis.RedisSettings}; nothing here depends on CDI or JPA.
 */
package org.statekeeper.redis;
