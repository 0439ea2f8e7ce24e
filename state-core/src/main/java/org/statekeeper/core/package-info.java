/**
 * The container-free core: the write path's ordering, the in-memory store, the default codec and
 * store loading. Used by the CDI integration and by Java SE bootstraps.
 */
package org.statekeeper.core;
