package cec.cobrowse.sdk;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.ApiResponse;
import cec.cobrowse.client.api.AuthenticationApi;
import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.ErrorResponse;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.GetConnectionInfoResponse;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.client.model.TokenResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A client of the co-browsing API over the generated client: it fetches and caches the token,
 * retries what is safe to retry, times out each attempt, and throws typed (unchecked)
 * exceptions. Immutable and thread-safe: build one and share it.
 *
 * <pre>{@code
 * CobrowseClient client = CobrowseClient.fromEnv().build();
 * ConnectionInfoResult customer = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
 * ConnectionInfoResult agent = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.REPLAYER).roomId(customer.data().getRoomId()));
 * }</pre>
 */
public final class CobrowseClient {
  private static final System.Logger LOG = System.getLogger("cec.cobrowse.sdk");
  private static final Pattern LIFETIME = Pattern.compile(SpecValues.LIFETIME_PATTERN);
  private static final Pattern CREATED = Pattern.compile(SpecValues.CREATE_TIME_PATTERN);
  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

  private final String baseUrl;
  private final String appKey;
  private final String appSecret;
  private final String tenantSpaceId;
  private final Integer tokenExpire;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Duration maxRetryAfter;
  private final Duration tokenSafetyMargin;
  private final Duration tokenRefreshAhead;
  private final ApiClient api;
  private final AuthenticationApi auth;
  private final CoBrowsingApi info;
  private final TokenCache tokens;
  private final AtomicReference<List<String>> seen = new AtomicReference<>(List.of());

  private CobrowseClient(Builder b) {
    this.baseUrl = b.baseUrl.replaceAll("/+$", "");
    this.appKey = b.appKey;
    this.appSecret = b.appSecret;
    this.tenantSpaceId = b.tenantSpaceId;
    this.tokenExpire = b.tokenExpire;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.maxRetryAfter = b.maxRetryAfter;
    this.tokenSafetyMargin = b.tokenSafetyMargin;
    this.tokenRefreshAhead = b.tokenRefreshAhead;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
    // Plain http:// over HTTP/1.1: HTTP/2 there would first try an h2c upgrade.
    if (baseUrl.startsWith("http:")) http.version(HttpClient.Version.HTTP_1_1);
    this.api = new ApiClient(http, ApiClient.createDefaultObjectMapper(), this.baseUrl);
    api.setReadTimeout(timeout); // each attempt's request timeout
    this.auth = new AuthenticationApi(api);
    this.info = new CoBrowsingApi(api);
    this.tokens = new TokenCache(this::loadToken);
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /**
   * A builder with the base URL, app key, app secret and tenant space from COBROWSE_BASE_URL,
   * COBROWSE_APP_KEY, COBROWSE_APP_SECRET and COBROWSE_TENANT_SPACE_ID; a missing one makes
   * {@link Builder#build()} throw a {@link ConfigurationException} naming the variable.
   */
  public static Builder fromEnv() {
    return fromEnv(System.getenv());
  }

  /** {@link #fromEnv()} from the given variables. */
  public static Builder fromEnv(Map<String, String> env) {
    Map<String, String> names = Map.of("baseUrl", "COBROWSE_BASE_URL", "appKey", "COBROWSE_APP_KEY", "appSecret", "COBROWSE_APP_SECRET", "tenantSpaceId", "COBROWSE_TENANT_SPACE_ID");
    Builder b = new Builder(names);
    b.baseUrl = env.get("COBROWSE_BASE_URL");
    b.appKey = env.get("COBROWSE_APP_KEY");
    b.appSecret = env.get("COBROWSE_APP_SECRET");
    b.tenantSpaceId = env.get("COBROWSE_TENANT_SPACE_ID");
    return b;
  }

  /** The role whose wire value is {@code value} (the spec's generated enum), or a {@link ValidationException} naming the allowed ones. */
  public static Role role(String value) {
    for (Role r : Role.values()) if (r.getValue().equals(value)) return r;
    throw new ValidationException("role", "must be one of " + Arrays.stream(Role.values()).map(r -> "\"" + r.getValue() + "\"").collect(Collectors.joining(", ")) + ", got \"" + String.valueOf(value) + "\"");
  }

  /** The generated client (the escape hatch). Its calls carry no token: pass the headers yourself, with {@link #getToken()}. */
  public ApiClient raw() {
    return api;
  }

  /** A valid token: the cached one, or a new one (one request however many threads wait). */
  public String getToken() {
    return tokens.get().token;
  }

  /** Forgets the cached token; the next call gets a new one. */
  public void invalidateToken() {
    tokens.invalidate(null);
  }

  /**
   * Connection information for one side of a room: {@link Role#RECORDER} for the customer,
   * {@link Role#REPLAYER} for the agent, with the same room id. The request is checked first (a
   * {@link ValidationException} names the field; nothing is sent) and never changed: without a
   * room id the client names a new room (a UUID) before the first attempt, so a retry after a
   * lost answer asks for that room instead of creating a second one. A refused token (401) is
   * refreshed once and the call replayed once; network errors, timeouts, 408, 429 and 5xx are
   * retried. A 200 with {@code success: false} is an {@link ApiException}.
   */
  public ConnectionInfoResult getConnectionInfo(GetConnectionInfoRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.getRole() == null) throw new ValidationException("role", "is missing; set it to " + Arrays.toString(Role.values()));
    checkFields(request);
    GetConnectionInfoRequest body = new GetConnectionInfoRequest()
        .role(request.getRole())
        .roomId(request.getRoomId() != null ? request.getRoomId() : UUID.randomUUID().toString())
        .userId(request.getUserId())
        .userName(request.getUserName())
        .workNo(request.getWorkNo());
    String op = SpecValues.INFO_OPERATION;
    for (boolean replayed = false; ; replayed = true) {
      String token = tokens.get().token;
      Map<String, String> headers = new HashMap<>();
      headers.put(SpecValues.AUTHORIZATION_HEADER, SpecValues.BEARER_PREFIX + token);
      headers.put(SpecValues.APP_KEY_HEADER, appKey);
      headers.put(SpecValues.TENANT_HEADER, tenantSpaceId);
      ApiResponse<GetConnectionInfoResponse> answer;
      try {
        answer = send(op, () -> info.getConnectionInfoWithHttpInfo(body, headers));
      } catch (AuthenticationException e) {
        if (replayed) throw e;
        LOG.log(Level.DEBUG, "{0}: token refused (401); refreshing once and replaying", op);
        tokens.invalidate(token);
        continue;
      }
      GetConnectionInfoResponse r = answer.getData();
      String requestId = header(answer.getHeaders(), SpecValues.REQUEST_ID_HEADER);
      if (r == null || !Boolean.TRUE.equals(r.getSuccess()) || r.getData() == null) {
        throw new ApiException(op, answer.getStatusCode(), r == null ? null : r.getErrorCode(), r == null ? null : scrub(r.getErrorReason()), requestId);
      }
      return new ConnectionInfoResult(r.getData(), requestId);
    }
  }

  /** The compiled patterns of the spec's body fields. */
  private static final Map<String, Pattern> PATTERNS = SpecValues.INFO_FIELDS.stream()
      .filter(f -> !f.pattern.isEmpty())
      .collect(Collectors.toMap(f -> f.name, f -> Pattern.compile(f.pattern)));

  /** Holds each string field (by its JSON name, as the generated model serialises it) to the spec's lengths, in characters, and pattern. */
  private void checkFields(GetConnectionInfoRequest request) {
    com.fasterxml.jackson.databind.JsonNode fields = api.getObjectMapper().valueToTree(request);
    for (SpecValues.Field f : SpecValues.INFO_FIELDS) {
      com.fasterxml.jackson.databind.JsonNode v = fields.get(f.name);
      if (v == null || !v.isTextual()) continue;
      String s = v.asText();
      int n = s.codePointCount(0, s.length());
      if (n < f.minLength || (f.maxLength > 0 && n > f.maxLength)) {
        throw new ValidationException(f.name, "must be " + f.minLength + " to " + f.maxLength + " characters, got " + n);
      }
      Pattern p = PATTERNS.get(f.name);
      if (p != null && !p.matcher(s).find()) {
        throw new ValidationException(f.name, "must match " + f.pattern + ", got \"" + s.substring(0, Math.min(s.length(), 40)) + "\"");
      }
    }
  }

  @Override
  public String toString() {
    return "CobrowseClient{baseUrl=" + baseUrl + ", appKey=" + appKey + ", tenantSpaceId=" + tenantSpaceId + "}";
  }

  private TokenCache.Cached loadToken() {
    String op = SpecValues.TOKEN_OPERATION;
    long sentAt = System.currentTimeMillis();
    ApiResponse<TokenResponse> answer = send(op, () -> auth.tokenByAkSkWithHttpInfo(new TokenRequest().appKey(appKey).appSecret(appSecret), tokenExpire));
    long receivedAt = System.currentTimeMillis();
    TokenResponse t = answer.getData();
    if (t == null || t.getAccessToken() == null || t.getAccessToken().isEmpty() || t.getExpires() == null || !LIFETIME.matcher(t.getExpires()).matches()) {
      throw new ApiException(op, answer.getStatusCode(), null, "the answer lacks a token or a usable lifetime", null);
    }
    long created = t.getCreateTime() != null && CREATED.matcher(t.getCreateTime()).matches() ? Long.parseLong(t.getCreateTime()) : -1;
    long deadline = TokenCache.deadline(created, Long.parseLong(t.getExpires()), sentAt, receivedAt);
    TokenCache.Cached c = TokenCache.schedule(t.getAccessToken(), receivedAt, deadline, tokenSafetyMargin.toMillis(), tokenRefreshAhead.toMillis());
    seen.updateAndGet(list -> List.of(t.getAccessToken(), list.isEmpty() ? "" : list.get(0)));
    LOG.log(Level.DEBUG, "{0}: token issued, used for {1} ms", op, c.expiresAt - receivedAt);
    return c;
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws cec.cobrowse.client.ApiException;
  }

  /** One call with its retries: backoff with full jitter, or the server's Retry-After, between attempts. */
  private <T> T send(String op, Attempt<T> attempt) {
    for (int n = 0; ; n++) {
      CobrowseException failure;
      String retryAfter = null;
      try {
        return attempt.run();
      } catch (cec.cobrowse.client.ApiException e) {
        int status = e.getCode();
        if (status == 0) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new CobrowseException(op + " was interrupted", cause);
          }
          failure = cause instanceof HttpTimeoutException ? new TimeoutException(op, timeout, cause) : new NetworkException(op, cause);
        } else {
          ApiException error = apiError(op, e);
          if (status != 408 && status != 429 && status < 500) throw error;
          failure = error;
          retryAfter = header(e.getResponseHeaders(), SpecValues.RETRY_AFTER_HEADER);
        }
      }
      if (n >= maxRetries) throw failure;
      long delay = delay(n, retryAfter);
      LOG.log(Level.DEBUG, "{0}: attempt {1} failed ({2}); retrying in {3} ms", op, n + 1, failure.getClass().getSimpleName(), delay);
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CobrowseException(op + " was interrupted", e);
      }
    }
  }

  private long delay(int n, String retryAfter) {
    String s = retryAfter == null ? "" : retryAfter.trim();
    Long wait = null;
    if (SECONDS.matcher(s).matches()) wait = (long) (Double.parseDouble(s) * 1000);
    else if (!s.isEmpty()) {
      try {
        wait = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - System.currentTimeMillis();
      } catch (RuntimeException e) {
        wait = null;
      }
    }
    if (wait != null) return Math.min(Math.max(0, wait), maxRetryAfter.toMillis());
    double ceiling = Math.min(retryMaxDelay.toMillis(), retryBaseDelay.toMillis() * Math.pow(2, n));
    return (long) (ThreadLocalRandom.current().nextDouble() * ceiling);
  }

  private String scrub(String s) {
    if (s == null) return null;
    for (String secret : concat(appSecret, seen.get())) if (secret != null && secret.length() >= 4) s = s.replace(secret, "[REDACTED]");
    return s;
  }

  private static List<String> concat(String first, List<String> rest) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(rest);
    all.add(0, first);
    return all;
  }

  private ApiException apiError(String op, cec.cobrowse.client.ApiException e) {
    Integer code = null;
    String reason = null;
    try {
      if (e.getResponseBody() != null && !e.getResponseBody().isEmpty()) {
        ErrorResponse body = api.getObjectMapper().readValue(e.getResponseBody(), ErrorResponse.class);
        code = body.getErrorCode();
        reason = body.getErrorReason();
      }
    } catch (IOException | RuntimeException ignored) {
      // not the spec's ErrorResponse: the status says enough
    }
    return ApiException.of(op, e.getCode(), code, scrub(reason), header(e.getResponseHeaders(), SpecValues.REQUEST_ID_HEADER));
  }

  private static String header(HttpHeaders headers, String name) {
    return headers == null ? null : headers.firstValue(name).orElse(null);
  }

  private static String header(Map<String, List<String>> headers, String name) {
    if (headers == null) return null;
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) return h.getValue().get(0);
    }
    return null;
  }

  /** Builds a {@link CobrowseClient}; every option but the four credentials has a default. */
  public static final class Builder {
    private final Map<String, String> names;
    private String baseUrl;
    private String appKey;
    private String appSecret;
    private String tenantSpaceId;
    private Integer tokenExpire;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxRetries = 2;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration retryMaxDelay = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration tokenSafetyMargin = Duration.ofSeconds(30);
    private Duration tokenRefreshAhead = Duration.ofSeconds(60);
    private boolean allowInsecureHttp;

    private Builder(Map<String, String> names) {
      this.names = names;
    }

    private String name(String field) {
      return names.getOrDefault(field, field);
    }

    /** The gateway, such as {@code https://service.besclouds.com} (https unless loopback). */
    public Builder baseUrl(String v) { baseUrl = v; return this; }
    public Builder appKey(String v) { appKey = v; return this; }
    /** The app secret: server side only; never logged or shown. */
    public Builder appSecret(String v) { appSecret = v; return this; }
    public Builder tenantSpaceId(String v) { tenantSpaceId = v; return this; }
    /** The token lifetime to ask for, in seconds (the spec's range); null: the server's. */
    public Builder tokenExpire(Integer seconds) { tokenExpire = seconds; return this; }
    /** The time limit of each attempt, fresh for each retry (default 10 s). */
    public Builder timeout(Duration v) { timeout = v; return this; }
    /** Retries after the first attempt (default 2); 0 turns retries off. */
    public Builder maxRetries(int v) { maxRetries = v; return this; }
    /** The first backoff step (default 500 ms), doubling each retry, with full jitter. */
    public Builder retryBaseDelay(Duration v) { retryBaseDelay = v; return this; }
    /** The longest backoff (default 8 s). */
    public Builder retryMaxDelay(Duration v) { retryMaxDelay = v; return this; }
    /** The longest Retry-After honoured (default 60 s). */
    public Builder maxRetryAfter(Duration v) { maxRetryAfter = v; return this; }
    /** Stop using a token this long before it expires (default 30 s, at most a tenth of its lifetime). */
    public Builder tokenSafetyMargin(Duration v) { tokenSafetyMargin = v; return this; }
    /** Refresh in the background this long before expiry (default 60 s, at most 30% of the lifetime). */
    public Builder tokenRefreshAhead(Duration v) { tokenRefreshAhead = v; return this; }
    /** Allow http:// to a host that is not loopback (tokens travel in clear). */
    public Builder allowInsecureHttp(boolean v) { allowInsecureHttp = v; return this; }

    /** Checks the options and builds the client; nothing is sent until the first call. */
    public CobrowseClient build() {
      need("baseUrl", baseUrl, "the gateway URL, such as https://service.besclouds.com");
      need("appKey", appKey, "your app key");
      need("appSecret", appSecret, "the app secret (server side only)");
      need("tenantSpaceId", tenantSpaceId, "your tenant space id");
      URI uri;
      try {
        uri = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(name("baseUrl"), "is not a URL; use the gateway's https:// URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new ConfigurationException(name("baseUrl"), "must be the gateway's https:// URL, such as https://service.besclouds.com");
      }
      if (scheme.equals("http") && !isLoopback(uri.getHost()) && !allowInsecureHttp) {
        throw new ConfigurationException(name("baseUrl"), "plain http:// sends tokens in clear; use https://, or allowInsecureHttp(true) on a trusted network");
      }
      if (tokenExpire != null && (tokenExpire < SpecValues.LIFETIME_MIN || tokenExpire > SpecValues.LIFETIME_MAX)) {
        throw new ConfigurationException("tokenExpire", "must be from " + SpecValues.LIFETIME_MIN + " to " + SpecValues.LIFETIME_MAX + " seconds");
      }
      if (maxRetries < 0 || maxRetries > 10) throw new ConfigurationException("maxRetries", "must be from 0 to 10");
      if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new ConfigurationException("timeout", "must be positive");
      return new CobrowseClient(this);
    }

    private void need(String field, String value, String what) {
      if (value == null || value.trim().isEmpty()) throw new ConfigurationException(name(field), "missing; set it to " + what);
    }

    private static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) return true;
      if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false; // a name: no DNS look-up here
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "CobrowseClient.Builder{baseUrl=" + baseUrl + ", appKey=" + appKey + ", tenantSpaceId=" + tenantSpaceId + "}";
    }
  }
}
