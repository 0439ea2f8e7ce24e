package org.statekeeper.it.pg;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A business entity of the application, committed together with state changes. */
@Entity
@Table(name = "it_purchase_order")
public class PurchaseOrder {

    @Id
    private String id;

    protected PurchaseOrder() {
    }

    public PurchaseOrder(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }
}
