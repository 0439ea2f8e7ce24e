/**
 * The near cache: copies of recently read values in each node's memory, invalidated through the change
 * feed and bounded in size and age. Internal to Statekeeper.
 */
package org.statekeeper.core.nearcache;
