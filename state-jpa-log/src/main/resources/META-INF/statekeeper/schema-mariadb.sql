-- Statekeeper event log schema for MariaDB 10.3+ (Flyway/Liquibase users: copy as a migration).
--
-- Every text column is utf8mb4 with the collation utf8mb4_nopad_bin, whatever the database's
-- default: keys and principals are compared exactly as written. A case-insensitive collation
-- (MariaDB's default) would make 'A' and 'a' one key, and a PAD SPACE one (utf8mb4_bin included)
-- would make 'a' and 'a ' one key.
-- InnoDB is required: the log relies on transactions and row locks. A 512-char utf8mb4 key is at
-- most 2048 bytes, within InnoDB's 3072-byte index key limit (DYNAMIC rows, the default since 10.2).
-- MEDIUMTEXT holds 16 MiB, far above a 1 MiB value even at 4 bytes a char; it is also the type
-- Hibernate itself picks for the entities' length of 1048576, so schema validation accepts it.
--
-- MySQL 8 (not tested): replace utf8mb4_nopad_bin with utf8mb4_0900_bin (MySQL's utf8mb4_bin pads
-- spaces too). MySQL has no sequences: drop the CREATE SEQUENCE and declare sk_event.seq as
--     seq BIGINT AUTO_INCREMENT PRIMARY KEY
-- The log never asks for a sequence number itself: the column's default assigns it at insert.
-- NOCACHE, as in Hibernate's own DDL for MariaDB and like PostgreSQL's default: Galera replicates
-- only uncached sequences correctly (MDEV-27862), and a restart then skips no block of numbers.
CREATE SEQUENCE sk_event_seq START WITH 1 INCREMENT BY 1 NOCACHE;

CREATE TABLE sk_event (
    seq         BIGINT        DEFAULT NEXTVAL(sk_event_seq) PRIMARY KEY,
    state_key   VARCHAR(512)  NOT NULL,
    version_no  BIGINT        NOT NULL,
    change_type VARCHAR(16)   NOT NULL,
    value_json  MEDIUMTEXT,
    time_us     BIGINT        NOT NULL,
    principal   VARCHAR(255)  NOT NULL,
    node_id     VARCHAR(128)  NOT NULL,
    tx_id       VARCHAR(64)   NOT NULL,
    expires_us  BIGINT,
    CONSTRAINT sk_event_key_version UNIQUE (state_key, version_no)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
-- Audit reads page a key's or a principal's events by sequence, retention and "since an instant" by time.
CREATE INDEX sk_event_key_seq ON sk_event (state_key, seq);
CREATE INDEX sk_event_principal ON sk_event (principal, seq);
CREATE INDEX sk_event_time ON sk_event (time_us);

CREATE TABLE sk_head (
    state_key   VARCHAR(512)  PRIMARY KEY,
    version_no  BIGINT        NOT NULL,
    value_json  MEDIUMTEXT,
    time_us     BIGINT,
    expires_us  BIGINT,
    node_id     VARCHAR(128)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
CREATE INDEX sk_head_expires ON sk_head (expires_us);
CREATE INDEX sk_head_time ON sk_head (time_us);
-- Other nodes read the heads a node wrote since its last published mark, by that node's own clock.
CREATE INDEX sk_head_node_time ON sk_head (node_id, time_us);

-- One row per node: what it last published about its own commits (see "Faults" in the README).
CREATE TABLE sk_node (
    node_id     VARCHAR(128)  PRIMARY KEY,
    beat        BIGINT        NOT NULL,
    ended_us    BIGINT        NOT NULL,
    applied_us  BIGINT        NOT NULL,
    unapplied   BIGINT        NOT NULL
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
