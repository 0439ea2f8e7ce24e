package org.statekeeper.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Passwords in URIs are hidden whole, whatever characters they hold and wherever the URI is quoted. */
class CredentialsTest {

    /** Passwords a user may well choose, each holding what a naive mask stops at. */
    private static final List<String> ODD_PASSWORDS = List.of("s3cret", "pa/ss", "p@ss@word", "a,b", "x/y@z,w:v",
            "S3cr%2Fet", "S3cr%40et%2C", "%zz%2", "co:lo:ns", "ünï©ødé", "пароль", "密码🔑", "tab\there", "sp ace",
            "a://b", "x,redis://y", "q?password=z", "hash#tag", "semi;colon", "[brackets]", "quote'and\"dq",
            "back\\slash", "plus+sign", "eq=al&amp", "@", "@@@", "trailing@", "//", "%%%%", "🔑");

    /** Where a password goes: as user info, as a lone user info, in a cluster list, for sentinels, as a parameter. */
    private static final List<Function<String, String>> SHAPES = List.of(
            pw -> "redis://app:" + pw + "@cache.example:6379/2",
            pw -> "redis://:" + pw + "@cache.example:6379",
            pw -> "rediss://app:" + pw + "@h1:7000,redis://app:" + pw + "@h2:7001",
            pw -> "redis://app:" + pw + "@h1:7000,h2:7001",
            pw -> "rediss-sentinel://app:" + pw + "@s1:26379,s2:26379/0#master",
            pw -> "http://app:" + pw + "@cache.example:6379",
            pw -> "redis://app:" + pw + "@127.0.0.1:notaport",
            pw -> "redis//app:" + pw + "@cache.example:6379",
            pw -> "redis://cache.example:6379?password=" + pw,
            pw -> "redis://cache.example:6379/0?timeout=2s&PASSWORD=" + pw,
            pw -> "Invalid configuration state.redis.uri=\"redis://app:" + pw + "@h:port\"; accepted values: "
                    + "redis://[user:password@]host[:port][/database], rediss://… (TLS)");

    @Test
    void everyOddPasswordIsHiddenWholeInEveryShape() {
        for (String password : ODD_PASSWORDS) {
            for (Function<String, String> shape : SHAPES) {
                String uri = shape.apply(password);
                assertHidden(password, uri, Credentials.mask(uri));
                assertHidden(password, uri, Credentials.scrub("cannot parse " + uri + " (" + password + ", "
                        + decoded(password) + ")", uri));
            }
        }
    }

    @Test
    void randomPasswordsOfOddCharactersAreHiddenWhole() {
        String alphabet = "aZ09/@,:%?#&=;+ '\"\\[]{}()<>!$*~`|^ü密🔑\t";
        Random random = new Random(15);
        for (int i = 0; i < 2000; i++) {
            StringBuilder password = new StringBuilder("K");
            int length = 1 + random.nextInt(16);
            for (int c = 0; c < length; c++) {
                password.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            password.append("Q7");
            String pw = password.toString();
            for (Function<String, String> shape : SHAPES) {
                String uri = shape.apply(pw);
                if (!uri.contains("?") || pw.chars().noneMatch(ch -> "&#'\" \t".indexOf(ch) >= 0)) {
                    assertHidden(pw, uri, Credentials.mask(uri));
                }
                assertHidden(pw, uri, Credentials.scrub(uri + " (" + pw + ")", uri));
            }
        }
    }

    @Test
    void percentEncodedPasswordsAreHiddenAsWrittenAndDecoded() {
        String password = "S3cr/et@,:ü";
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        String uri = "redis://app:" + encoded + "@127.0.0.1:notaport";
        String message = Credentials.scrub("Redis URI " + uri + " has a bad port; password was " + password, uri);
        assertFalse(message.contains(encoded) || message.contains(password), message);
        assertTrue(message.contains("redis://app:****@127.0.0.1:notaport"), message);
    }

    @Test
    void theUserHostPortAndDatabaseStay() {
        assertEquals("redis://app:****@cache:6379/2", Credentials.mask("redis://app:s3cret@cache:6379/2"));
        assertEquals("http://app:****@cache.example:6379", Credentials.mask("http://app:s3cret@cache.example:6379"));
        assertEquals("redis://****@cache", Credentials.mask("redis://onlypassword@cache"));
        assertEquals("redis://u:****@h1:7000,redis://u:****@h2:7001",
                Credentials.mask("redis://u:a@b@h1:7000,redis://u:c,d@h2:7001"));
        assertEquals("rediss-sentinel://u:****@s1:26379,s2:26379/0#master",
                Credentials.mask("rediss-sentinel://u:s/3@cret@s1:26379,s2:26379/0#master"));
        assertEquals("redis://app:****@host:1", Credentials.mask("redis://app:x,redis://y@host:1"));
        assertEquals("redis://app:****@host:1", Credentials.mask("redis://app:a://b@host:1"));
        assertEquals("redis://h:6379/0?timeout=2s&password=****#m", Credentials.mask("redis://h:6379/0?timeout=2s&password=p,w#m"));
    }

    @Test
    void textWithoutCredentialsIsUnchangedAndNullIsNamed() {
        assertEquals("redis://cache:6379", Credentials.mask("redis://cache:6379"));
        assertEquals("redis://h1:7000,redis://h2:7001", Credentials.mask("redis://h1:7000,redis://h2:7001"));
        assertEquals("redis://[::1]:7000,redis://u:****@h2:7001", Credentials.mask("redis://[::1]:7000,redis://u:p@h2:7001"));
        assertEquals("redis://127.0.0.1:notaport", Credentials.mask("redis://127.0.0.1:notaport"));
        assertEquals("null", Credentials.mask(null));
        assertEquals("localhost:6379", Credentials.mask("localhost:6379"));
        assertEquals("****@cache:6379", Credentials.mask("redis//app:s3/cr@t@cache:6379"), "no scheme: all before @ hidden");
        assertEquals("no uri here", Credentials.scrub("no uri here", null));
    }

    private static void assertHidden(String password, String uri, String out) {
        List<String> forms = new ArrayList<>(List.of(password));
        forms.add(decoded(password));
        for (String form : forms) {
            // A one- or two-character password can occur in the rest of the text by chance; those are checked by position.
            if (form.length() > 2 && !uri.replace(password, "").contains(form)) {
                assertFalse(out.contains(form), () -> "password <" + form + "> of " + uri + " leaked: " + out);
            }
        }
        assertTrue(out.contains("****"), () -> uri + " -> " + out);
    }

    private static String decoded(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
