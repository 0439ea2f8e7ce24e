/** The demo's JSON API under {@code /api}, on Jakarta RESTful Web Services and JSON-B. */
package org.statekeeper.demo.api;
