package org.statekeeper.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Passwords in URIs are hidden whole, whatever characters they hold. */
class CredentialsTest {

    @Test
    void theUserStaysAndThePasswordIsHidden() {
        assertEquals("redis://app:****@cache:6379/2", Credentials.maskUserInfo("redis://app:s3cret@cache:6379/2"));
        assertEquals("http://app:****@cache.example:6379", Credentials.maskUserInfo("http://app:s3cret@cache.example:6379"));
    }

    @Test
    void aLoneValueBeforeTheAtIsAPasswordAndHiddenWhole() {
        assertEquals("redis://****@cache", Credentials.maskUserInfo("redis://onlypassword@cache"));
    }

    @Test
    void passwordsHoldingSlashAtOrCommaAreHiddenWhole() {
        for (String password : new String[] {"pa/ss", "p@ss@word", "a,b", "x/y@z,w:v"}) {
            String masked = Credentials.maskUserInfo("redis://app:" + password + "@cache:6379");
            assertEquals("redis://app:****@cache:6379", masked, password);
        }
    }

    @Test
    void everyPartOfAClusterOrSentinelListIsMasked() {
        assertEquals("redis://u:****@h1:7000,redis://u:****@h2:7001",
                Credentials.maskUserInfo("redis://u:a@b@h1:7000,redis://u:c,d@h2:7001"));
        String sentinel = Credentials.maskUserInfo("rediss-sentinel://u:s/3@cret@s1:26379,s2:26379/0#master");
        assertEquals("rediss-sentinel://u:****@s1:26379,s2:26379/0#master", sentinel);
    }

    @Test
    void textWithoutCredentialsIsUnchangedAndNullIsNamed() {
        assertEquals("redis://cache:6379", Credentials.maskUserInfo("redis://cache:6379"));
        assertEquals("Invalid configuration state.redis.uri=\"redis://u:****@h:port\"; accepted",
                Credentials.maskUserInfo("Invalid configuration state.redis.uri=\"redis://u:secret@h:port\"; accepted"));
        assertEquals("null", Credentials.maskUserInfo(null));
        assertEquals("****@cache:6379", Credentials.maskUserInfo("redis//app:s3/cr@t@cache:6379"), "no scheme: all before @ hidden");
        assertEquals("localhost:6379", Credentials.maskUserInfo("localhost:6379"));
        assertFalse(Credentials.maskUserInfo("a://b:c@d,e://f:g@h").contains("c@"));
    }
}
