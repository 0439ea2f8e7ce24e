/** The demo's server-rendered page: one servlet, plain HTML, every value escaped. */
package org.statekeeper.demo.web;
