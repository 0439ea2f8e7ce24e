package org.statekeeper.jpa;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.statekeeper.spi.LogColumns;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;

/**
 * One head row: a key's current version and value. Deleted keys keep their row (value null) so
 * versions keep growing after a delete; version 0 is a row created only to lock a new key on.
 */
@Entity
@Cacheable(false)
@Table(name = "sk_head", indexes = {
    @Index(name = "sk_head_expires", columnList = "expires_us"),
    @Index(name = "sk_head_time", columnList = "time_us"),
    @Index(name = "sk_head_node_time", columnList = "node_id, time_us")
})
public class StateHeadEntity {

    @Id
    @Column(name = "state_key", length = LogColumns.KEY_LENGTH)
    private String key;

    @Column(name = "version_no", nullable = false)
    private long version;

    @Column(name = "value_json", length = LogColumns.VALUE_LENGTH)
    private String json;

    @Column(name = "time_us")
    private Long timeMicros;

    @Column(name = "expires_us")
    private Long expiresMicros;

    /** The node that wrote the current version: other nodes read its heads by that node's own clock. */
    @Column(name = "node_id", length = StateEventEntity.NODE_LENGTH)
    private String node;

    /** For JPA. */
    protected StateHeadEntity() {
    }

    static StateHeadEntity placeholder(String key) {
        StateHeadEntity head = new StateHeadEntity();
        head.key = key;
        return head;
    }

    String key() {
        return key;
    }

    void moveTo(LoggedChange change) {
        this.version = change.version();
        this.json = change.json();
        this.timeMicros = Micros.of(change.time());
        this.expiresMicros = change.expiresAt() == null ? null : Micros.of(change.expiresAt());
        this.node = change.nodeId();
    }

    Head toHead() {
        return new Head(key, version, json, timeMicros == null ? null : Micros.toInstant(timeMicros),
                expiresMicros == null ? null : Micros.toInstant(expiresMicros));
    }
}
