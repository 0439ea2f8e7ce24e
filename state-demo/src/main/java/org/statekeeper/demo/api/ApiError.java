package org.statekeeper.demo.api;

/**
 * The body of every error response of the API.
 *
 * @param error what went wrong
 */
public record ApiError(String error) {
}
