package org.statekeeper.jpa;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.statekeeper.spi.NodeMark;

/** One node's row: the {@link NodeMark} it last published, times in microseconds of its own clock. */
@Entity
@Cacheable(false)
@Table(name = "sk_node")
public class StateNodeEntity {

    @Id
    @Column(name = "node_id", length = StateEventEntity.NODE_LENGTH)
    private String node;

    @Column(name = "beat", nullable = false)
    private long beat;

    @Column(name = "ended_us", nullable = false)
    private long endedMicros;

    @Column(name = "applied_us", nullable = false)
    private long appliedMicros;

    @Column(name = "unapplied", nullable = false)
    private long unapplied;

    /** For JPA. */
    protected StateNodeEntity() {
    }

    static StateNodeEntity of(NodeMark mark) {
        StateNodeEntity row = new StateNodeEntity();
        row.node = mark.node();
        row.beat = mark.beat();
        row.endedMicros = Micros.of(mark.ended());
        row.appliedMicros = Micros.of(mark.applied());
        row.unapplied = mark.unapplied();
        return row;
    }

    NodeMark toMark() {
        return new NodeMark(node, beat, Micros.toInstant(endedMicros), Micros.toInstant(appliedMicros), unapplied);
    }
}
