package dev.concert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs a user in the way the concert app does: OAuth 2.1 authorization code + PKCE (S256) against identity-service,
 * through its login form, with nothing but {@code java.net.http} and a cookie jar (no Spring, no browser).
 *
 * <pre>{@code
 * PkceSignIn.Tokens tokens = PkceSignIn.signIn("http://localhost:8080/auth", "fan1@example.com", "concert-demo-1");
 * // Authorization: Bearer tokens.accessToken()
 * PkceSignIn.Tokens next = PkceSignIn.refresh("http://localhost:8080/auth", tokens.refreshToken());
 * }</pre>
 *
 * The steps are public as well ({@link #begin()}, {@link Attempt#submit}, {@link Attempt#authorizationCode},
 * {@link #exchange}, {@link #tokenRequest}) for tests of the refusals. Every {@link #begin()} is a fresh browser with
 * its own cookie jar (the login session lives there), so one instance may sign several users in, also concurrently.
 */
public final class PkceSignIn {

    public static final String CLIENT_ID = "concert-app";
    /** Registered for scripts and tests; nothing needs to listen there, the code is read from the redirect itself. */
    public static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSRF_NAME = Pattern.compile("name=\"_csrf\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final int MAX_REDIRECTS = 10;

    private final String authBaseUrl;
    private final String redirectUri;
    private final Map<String, String> headers;
    /** Without cookies: the token endpoint and the sign-up API need no session. */
    private final HttpClient http;

    private PkceSignIn(String authBaseUrl, String redirectUri, Map<String, String> headers) {
        this.authBaseUrl = authBaseUrl.endsWith("/") ? authBaseUrl.substring(0, authBaseUrl.length() - 1)
                : authBaseUrl;
        this.redirectUri = redirectUri;
        this.headers = headers;
        this.http = client(false);
    }

    private static HttpClient client(boolean withCookies) {
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        if (withCookies) {
            client.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
        }
        return client.build();
    }

    /** A client of the identity provider at {@code authBaseUrl}, e.g. {@code http://localhost:8080/auth}. */
    public static PkceSignIn at(String authBaseUrl) {
        return new PkceSignIn(authBaseUrl, REDIRECT_URI, Map.of());
    }

    /** The same client with one more header on every request (e.g. X-Forwarded-For as the gateway writes it). */
    public PkceSignIn withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new PkceSignIn(authBaseUrl, redirectUri, more);
    }

    public PkceSignIn withRedirectUri(String uri) {
        return new PkceSignIn(authBaseUrl, uri, headers);
    }

    /** What the token endpoint answered. The id token is there when the scope had {@code openid}. */
    public record Tokens(String accessToken, String refreshToken, String idToken, long expiresIn, String scope) {
    }

    /** An account just created. */
    public record Account(String id, String email) {
    }

    /** A code from the authorization endpoint, with the verifier and redirect URI its exchange needs. */
    public record AuthorizationCode(String code, String codeVerifier, String redirectUri) {
    }

    /** A step answered something else than the flow expects: its status, where it pointed, what it said. */
    public static final class Refused extends RuntimeException {

        private final int status;
        private final String location;
        private final String body;

        Refused(String step, HttpResponse<String> response) {
            super(step + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("Location").map(l -> "-> " + l + " ").orElse("")
                    + response.body());
            this.status = response.statusCode();
            this.location = response.headers().firstValue("Location").orElse(null);
            this.body = response.body();
        }

        public int status() {
            return status;
        }

        public String location() {
            return location;
        }

        public String body() {
            return body;
        }
    }

    // ---------------------------------------------------------------- the one-liners

    public static Tokens signIn(String authBaseUrl, String email, String password) {
        return at(authBaseUrl).signIn(email, password);
    }

    public static Tokens refresh(String authBaseUrl, String refreshToken) {
        return at(authBaseUrl).refresh(refreshToken);
    }

    /**
     * Creates an account: {@code POST {apiBase}/api/v1/accounts}, where {@code apiBase} is the gateway
     * ({@code http://localhost:8080}) or identity-service itself ({@code http://127.0.0.1:8086/auth}).
     */
    public static Account signUp(String apiBase, String email, String password) {
        return at(apiBase).signUp(email, password);
    }

    // ---------------------------------------------------------------- the flow

    /** Signs in with a fresh authorization request: authorize, login form, code, token exchange. */
    public Tokens signIn(String email, String password) {
        return exchange(begin().authorizationCode(email, password));
    }

    /** Exchanges a refresh token for new tokens (the answer has a new refresh token: the old one is spent). */
    public Tokens refresh(String refreshToken) {
        HttpResponse<String> response = tokenRequest(Map.of("grant_type", "refresh_token", "client_id", CLIENT_ID,
                "refresh_token", refreshToken));
        if (response.statusCode() != 200) {
            throw new Refused("refresh", response);
        }
        return tokens(response.body());
    }

    /** Creates an account at {@code {base}/api/v1/accounts}; {@link Refused} unless it answers 201. */
    public Account signUp(String email, String password) {
        HttpResponse<String> response = signUpResponse(email, password);
        if (response.statusCode() != 201) {
            throw new Refused("sign-up", response);
        }
        JsonNode body = JSON.readTree(response.body());
        return new Account(body.path("id").asString(), body.path("email").asString());
    }

    public HttpResponse<String> signUpResponse(String email, String password) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        HttpRequest.Builder request = request(URI.create(authBaseUrl + "/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(http, request);
    }

    /**
     * Starts an authorization request (a new PKCE verifier and state) and follows it to the login form, as a browser
     * without a session would.
     */
    public Attempt begin() {
        HttpClient browser = client(true);
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        URI authorize = URI.create(authBaseUrl + "/oauth2/authorize?" + form(orderedMap(
                "response_type", "code", "client_id", CLIENT_ID, "redirect_uri", redirectUri,
                "scope", "openid profile", "state", state,
                "code_challenge", challenge(verifier), "code_challenge_method", "S256")));
        HttpResponse<String> toLogin = send(browser, request(authorize).GET());
        if (toLogin.statusCode() != 302 || toLogin.headers().firstValue("Location").isEmpty()) {
            throw new Refused("authorize", toLogin);
        }
        URI loginPage = authorize.resolve(toLogin.headers().firstValue("Location").get());
        HttpResponse<String> page = send(browser, request(loginPage).GET());
        if (page.statusCode() != 200) {
            throw new Refused("login page", page);
        }
        return new Attempt(browser, loginPage, csrfToken(page.body()), verifier, state);
    }

    /** One authorization request waiting at the login form. */
    public final class Attempt {

        private final HttpClient browser;
        private final URI loginPage;
        private final String csrf;
        private final String verifier;
        private final String state;

        private Attempt(HttpClient browser, URI loginPage, String csrf, String verifier, String state) {
            this.browser = browser;
            this.loginPage = loginPage;
            this.csrf = csrf;
            this.verifier = verifier;
            this.state = state;
        }

        /** Posts the login form; the raw answer (302 on to the authorization, 302 back to the form, 429, ...). */
        public HttpResponse<String> submit(String email, String password) {
            HttpRequest.Builder post = request(loginPage.resolve(loginPage.getPath()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(orderedMap(
                            "username", email, "password", password, "_csrf", csrf))));
            return send(browser, post);
        }

        /** Signs in and follows the redirects back to the redirect URI: the code it carries, its state checked. */
        public AuthorizationCode authorizationCode(String email, String password) {
            HttpResponse<String> response = submit(email, password);
            URI at = loginPage;
            for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (response.statusCode() != 302 || location == null || location.contains("/login?error")) {
                    throw new Refused("sign-in", response);
                }
                URI next = at.resolve(location);
                if (next.toString().startsWith(redirectUri + "?")) {
                    Map<String, String> query = query(next);
                    if (query.containsKey("error")) {
                        throw new Refused("authorization (" + query.get("error") + ")", response);
                    }
                    if (!state.equals(query.get("state"))) {
                        throw new IllegalStateException("the state came back changed: " + next);
                    }
                    return new AuthorizationCode(query.get("code"), verifier, redirectUri);
                }
                at = next;
                response = send(browser, request(next).GET());
            }
            throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects");
        }
    }

    /** The code exchange (grant_type=authorization_code with the PKCE verifier). */
    public Tokens exchange(AuthorizationCode code) {
        HttpResponse<String> response = tokenRequest(Map.of("grant_type", "authorization_code",
                "client_id", CLIENT_ID, "code", code.code(), "redirect_uri", code.redirectUri(),
                "code_verifier", code.codeVerifier()));
        if (response.statusCode() != 200) {
            throw new Refused("token", response);
        }
        return tokens(response.body());
    }

    /** Any form to the token endpoint, the raw answer: for the refusals. */
    public HttpResponse<String> tokenRequest(Map<String, String> parameters) {
        return send(http, request(URI.create(authBaseUrl + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))));
    }

    // ---------------------------------------------------------------- the pieces

    /** The S256 code challenge of a verifier: base64url(SHA-256(verifier)) without padding. */
    public static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tokens tokens(String body) {
        JsonNode json = JSON.readTree(body);
        return new Tokens(json.path("access_token").asString(null), json.path("refresh_token").asString(null),
                json.path("id_token").asString(null), json.path("expires_in").asLong(),
                json.path("scope").asString(null));
    }

    private static String csrfToken(String html) {
        Matcher inputs = INPUT.matcher(html);
        while (inputs.find()) {
            String input = inputs.group();
            if (CSRF_NAME.matcher(input).find()) {
                Matcher value = VALUE.matcher(input);
                if (value.find()) {
                    return value.group(1);
                }
            }
        }
        throw new IllegalStateException("no _csrf input in the login page: " + html);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return request;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
