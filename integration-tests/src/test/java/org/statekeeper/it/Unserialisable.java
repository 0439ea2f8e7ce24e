package org.statekeeper.it;

/** A bean JSON-B cannot turn into JSON: reading its property fails. */
public class Unserialisable {

    public String getSecret() {
        throw new IllegalStateException("this property cannot be read");
    }
}
