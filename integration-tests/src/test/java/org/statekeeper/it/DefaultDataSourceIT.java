package org.statekeeper.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The contract on the zero-configuration setup, in a WAR built from state-cdi alone: the server's default datasource, in-memory store. */
public class DefaultDataSourceIT extends StateManagerContract {

    @Deployment
    public static WebArchive deployment() {
        return Deployments.contractWar("statekeeper-default-ds", "", Deployments.cdiLibraries());
    }
}
