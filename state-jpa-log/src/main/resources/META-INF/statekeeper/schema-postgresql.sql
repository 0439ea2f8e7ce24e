-- Statekeeper event log schema for PostgreSQL (Flyway/Liquibase users: copy as a migration).
-- The global sequence is the column default of sk_event.seq: the log never asks for a number itself.
-- Keys are COLLATE "C" (code point order, whatever the database's collation): the order in which the log
-- locks many keys, so that two transactions writing overlapping sets of keys never deadlock.
CREATE SEQUENCE sk_event_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE sk_event (
    seq         BIGINT        DEFAULT nextval('sk_event_seq') PRIMARY KEY,
    state_key   VARCHAR(512)  COLLATE "C" NOT NULL,
    version_no  BIGINT        NOT NULL,
    change_type VARCHAR(16)   NOT NULL,
    value_json  TEXT,
    time_us     BIGINT        NOT NULL,
    principal   VARCHAR(255)  NOT NULL,
    node_id     VARCHAR(128)  NOT NULL,
    tx_id       VARCHAR(64)   NOT NULL,
    expires_us  BIGINT,
    CONSTRAINT sk_event_key_version UNIQUE (state_key, version_no)
);
-- Audit reads page a key's or a principal's events by sequence, retention and "since an instant" by time.
CREATE INDEX sk_event_key_seq ON sk_event (state_key, seq);
CREATE INDEX sk_event_principal ON sk_event (principal, seq);
CREATE INDEX sk_event_time ON sk_event (time_us);

CREATE TABLE sk_head (
    state_key   VARCHAR(512)  COLLATE "C" PRIMARY KEY,
    version_no  BIGINT        NOT NULL,
    value_json  TEXT,
    time_us     BIGINT,
    expires_us  BIGINT,
    node_id     VARCHAR(128)
);
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
);
