package org.statekeeper.jpa;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.statekeeper.ChangeType;
import org.statekeeper.core.Limits;
import org.statekeeper.spi.LoggedChange;

/**
 * One event row: a change of one key. The sequence comes from a database sequence, one value per
 * row (allocation size 1: no blocks handed out per node that would reorder events). An identity
 * column is not used because EclipseLink's DDL for it is rejected by H2 2.x.
 */
@Entity
@Cacheable(false)
@Table(name = "sk_event",
        uniqueConstraints = @UniqueConstraint(name = "sk_event_key_version", columnNames = {"state_key", "version_no"}),
        indexes = {
            // Audit reads: a key's or a principal's events newest first by sequence, without a sort.
            @Index(name = "sk_event_key_seq", columnList = "state_key, seq"),
            @Index(name = "sk_event_principal", columnList = "principal, seq"),
            @Index(name = "sk_event_time", columnList = "time_us")
        })
public class StateEventEntity {

    /** The principal column's width; longer names are cut to it. */
    static final int PRINCIPAL_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sk_event_seq")
    @SequenceGenerator(name = "sk_event_seq", sequenceName = "sk_event_seq", allocationSize = 1)
    @Column(name = "seq")
    private Long sequence;

    @Column(name = "state_key", nullable = false, length = Limits.KEY_COLUMN_LENGTH)
    private String key;

    @Column(name = "version_no", nullable = false)
    private long version;

    @Enumerated(EnumType.STRING)
    @Column(name = "change_type", nullable = false, length = 16)
    private ChangeType type;

    @Column(name = "value_json", length = Limits.VALUE_COLUMN_LENGTH)
    private String json;

    @Column(name = "time_us", nullable = false)
    private long timeMicros;

    @Column(name = "principal", nullable = false, length = PRINCIPAL_LENGTH)
    private String principal;

    @Column(name = "node_id", nullable = false, length = 128)
    private String nodeId;

    @Column(name = "tx_id", nullable = false, length = 64)
    private String transactionId;

    @Column(name = "expires_us")
    private Long expiresMicros;

    /** For JPA. */
    protected StateEventEntity() {
    }

    StateEventEntity(LoggedChange change) {
        this.key = change.key();
        this.version = change.version();
        this.type = change.type();
        this.json = change.json();
        this.timeMicros = Micros.of(change.time());
        this.principal = truncate(change.principal(), PRINCIPAL_LENGTH);
        this.nodeId = truncate(change.nodeId(), 128);
        this.transactionId = truncate(change.transactionId(), 64);
        this.expiresMicros = change.expiresAt() == null ? null : Micros.of(change.expiresAt());
    }

    LoggedChange toChange() {
        return new LoggedChange(sequence == null ? 0 : sequence, key, version, type, json,
                Micros.toInstant(timeMicros), principal, nodeId, transactionId,
                expiresMicros == null ? null : Micros.toInstant(expiresMicros));
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
