package org.statekeeper.demo.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Activates the JSON API under {@code /api}; resources and mappers are found by scanning. */
@ApplicationPath("api")
public class DemoApplication extends Application {
}
