package cec.cobrowse.sdk;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.api.AuthenticationApi;
import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client of the co-browsing API over the generated client: it fetches and caches the token,
 * retries what is safe to retry within one attempt budget, bounds each attempt (time, size, no
 * redirects), and throws typed (unchecked) exceptions. Immutable and thread-safe: build one and
 * share it.
 *
 * <pre>{@code
 * CobrowseClient client = CobrowseClient.fromEnv().build();
 * ConnectionInfoResult customer = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
 * ConnectionInfoResult agent = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.REPLAYER).roomId(customer.data().getRoomId()));
 * }</pre>
 */
public final class CobrowseClient {
  private final String baseUrl;
  private final String appKey;
  private final String appSecret;
  private final String tenantSpaceId;
  private final Integer tokenExpire;
  private final Duration tokenSafetyMargin;
  private final Duration tokenRefreshAhead;
  private final ApiClient api;
  private final ObjectMapper mapper;
  private final AuthenticationApi auth;
  private final CoBrowsingApi info;
  private final TokenCache tokens;
  private final Answers answers;
  private final SendLoop loop;
  private final String userAgent;
  private final Log log;
  private final Telemetry telemetry;
  private final SendLoop.Op infoOp;
  private final SendLoop.Op tokenOp;

  private CobrowseClient(Builder b) {
    this.baseUrl = b.baseUrl.replaceAll("/+$", "");
    this.appKey = b.appKey;
    this.appSecret = b.appSecret;
    this.tenantSpaceId = b.tenantSpaceId;
    this.tokenExpire = b.tokenExpire;
    this.tokenSafetyMargin = b.tokenSafetyMargin;
    this.tokenRefreshAhead = b.tokenRefreshAhead;
    this.log = Log.at(Log.parse(b.logLevel));
    this.userAgent = Identification.userAgent(b.userAgentSuffix);
    this.telemetry = Telemetry.create(b.openTelemetry, log);
    BoundedTransport transport =
        new BoundedTransport(b.timeout, b.maxResponseBytes, baseUrl.startsWith("http:"));
    this.mapper = ApiClient.createDefaultObjectMapper();
    // Jackson's messages would quote the answer they could not parse; the error says where instead.
    mapper.getFactory().disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);
    this.api = new ApiClient(transport.builder(), mapper, this.baseUrl);
    api.setReadTimeout(
        b.timeout); // each request's timeout, which the transport holds the whole exchange to
    // Every request is identified, the escape hatch's included (before the APIs below copy the
    // interceptor).
    api.setRequestInterceptor(
        request -> request.setHeader(SpecValues.USER_AGENT_HEADER, userAgent));
    this.auth = new AuthenticationApi(api);
    this.info = new CoBrowsingApi(api);
    this.tokens = new TokenCache(this::loadToken, telemetry::propagate, log);
    Redactor redactor = new Redactor(appSecret, tokens::remembered);
    this.answers = new Answers(mapper, redactor, b.timeout);
    Interceptors interceptors = new Interceptors(b.interceptors, log, redactor);
    this.loop =
        new SendLoop(
            new RetryPolicy(b.maxRetries, b.retryBaseDelay, b.retryMaxDelay, b.maxRetryAfter),
            tokens,
            answers,
            redactor,
            userAgent,
            interceptors,
            telemetry,
            log);
    String shownBase = withoutCredentials(baseUrl);
    this.infoOp =
        new SendLoop.Op(
            SpecValues.INFO_OPERATION,
            false,
            SpecValues.INFO_METHOD,
            shownBase + SpecValues.INFO_PATH,
            token -> {
              Map<String, String> headers = new LinkedHashMap<>();
              headers.put(SpecValues.AUTHORIZATION_HEADER, SpecValues.BEARER_PREFIX + token);
              headers.put(SpecValues.APP_KEY_HEADER, appKey);
              headers.put(SpecValues.TENANT_HEADER, tenantSpaceId);
              return headers;
            });
    this.tokenOp =
        new SendLoop.Op(
            SpecValues.TOKEN_OPERATION,
            true,
            SpecValues.TOKEN_METHOD,
            shownBase + SpecValues.TOKEN_PATH,
            token -> Map.of());
  }

  /** The base URL as shown to interceptors and spans: without user information. */
  private static String withoutCredentials(String url) {
    try {
      URI u = URI.create(url);
      if (u.getRawUserInfo() == null) return url;
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (IllegalArgumentException | URISyntaxException e) {
      return url;
    }
  }

  /** A builder with nothing set (but the log threshold, from COBROWSE_LOG when set). */
  public static Builder builder() {
    Builder b = new Builder(Map.of());
    b.logLevel = System.getenv(Log.VARIABLE);
    return b;
  }

  /**
   * A builder with the base URL, app key, app secret and tenant space from COBROWSE_BASE_URL,
   * COBROWSE_APP_KEY, COBROWSE_APP_SECRET and COBROWSE_TENANT_SPACE_ID; a missing one makes {@link
   * Builder#build()} throw a {@link ConfigurationException} naming the variable.
   */
  public static Builder fromEnv() {
    return fromEnv(System.getenv());
  }

  /** {@link #fromEnv()} from the given variables. */
  public static Builder fromEnv(Map<String, String> env) {
    Map<String, String> names =
        Map.of(
            "baseUrl",
            "COBROWSE_BASE_URL",
            "appKey",
            "COBROWSE_APP_KEY",
            "appSecret",
            "COBROWSE_APP_SECRET",
            "tenantSpaceId",
            "COBROWSE_TENANT_SPACE_ID");
    Builder b = new Builder(names);
    b.baseUrl = env.get("COBROWSE_BASE_URL");
    b.appKey = env.get("COBROWSE_APP_KEY");
    b.appSecret = env.get("COBROWSE_APP_SECRET");
    b.tenantSpaceId = env.get("COBROWSE_TENANT_SPACE_ID");
    b.logLevel = env.get(Log.VARIABLE);
    return b;
  }

  /**
   * The role whose wire value is {@code value} (the spec's generated enum), or a {@link
   * ValidationException} naming the allowed ones.
   */
  public static Role role(String value) {
    return RequestChecks.role(value);
  }

  /**
   * The generated client (the escape hatch). It sends through this client's bounded transport (no
   * redirects followed, answers capped, the timeout over the whole exchange), but its calls carry
   * no token and are not retried: pass the headers yourself, with {@link #getToken()}.
   */
  public ApiClient raw() {
    return api;
  }

  /**
   * The identification header's value this client sends on every request: {@code
   * cec-cobrowse-java/<version> Java/<java.version> <os.name>}, then the {@link
   * Builder#userAgentSuffix} when set.
   */
  public String userAgent() {
    return userAgent;
  }

  /** A usable token: the cached one, or a new one (one request however many threads wait). */
  public String getToken() {
    return tokens.acquire().token;
  }

  /** Forgets the cached token; the next call gets a new one. */
  public void invalidateToken() {
    tokens.clear();
  }

  /**
   * Connection information for one side of a room: {@link Role#RECORDER} for the customer, {@link
   * Role#REPLAYER} for the agent, with the same room id. The request is sent as it is, every
   * property it holds included (a property the spec gained after this layer was written too: the
   * generated model's serialisation is the body), and checked first (a {@link ValidationException}
   * names the field; nothing is sent). It is never changed: without a room id the client names a
   * new room (a UUID) on a copy before the first attempt, so a retry after a lost answer asks for
   * that room instead of creating a second one. Each attempt carries the current token; a refused
   * current token (401) is dropped and the call replayed once with a new one; network errors,
   * timeouts, 408, 429 and 5xx are retried; at most maxRetries + 2 attempts in all. A 200 with
   * {@code success: false}, or without a connectParam and a WebSocket URL, is a {@link
   * CobrowseApiException}.
   */
  public ConnectionInfoResult getConnectionInfo(GetConnectionInfoRequest request) {
    Objects.requireNonNull(request, "request");
    RequestBody body = RequestBody.of(request, mapper);
    return loop.run(
        infoOp,
        (token, headers) -> info.getConnectionInfoWithHttpInfo(body, headers),
        answers::connectionInfo);
  }

  @Override
  public String toString() {
    return "CobrowseClient{baseUrl="
        + baseUrl
        + ", appKey="
        + appKey
        + ", tenantSpaceId="
        + tenantSpaceId
        + "}";
  }

  /**
   * One token request (a call of its own, with the same attempt budget), on the cache's loader
   * thread.
   */
  private TokenCache.Cached loadToken() {
    long[] sentAt = new long[1];
    TokenCache.Cached c =
        loop.run(
            tokenOp,
            (token, headers) -> {
              sentAt[0] = System.currentTimeMillis();
              return auth.tokenByAkSkWithHttpInfo(
                  new TokenRequest().appKey(appKey).appSecret(appSecret), tokenExpire, headers);
            },
            (answer, raw, token) ->
                answers.token(
                    answer,
                    raw,
                    sentAt[0],
                    System.currentTimeMillis(),
                    tokenSafetyMargin,
                    tokenRefreshAhead,
                    tokens::remember));
    log.debug(
        () ->
            SpecValues.TOKEN_OPERATION
                + ": token issued, used for "
                + (c.expiresAt - System.currentTimeMillis())
                + " ms");
    return c;
  }

  /** Builds a {@link CobrowseClient}; every option but the four credentials has a default. */
  public static final class Builder {
    private final Map<String, String> names;
    private String baseUrl;
    private String appKey;
    private String appSecret;
    private String tenantSpaceId;
    private Integer tokenExpire;
    private Duration timeout = Defaults.TIMEOUT;
    private int maxRetries = Defaults.MAX_RETRIES;
    private Duration retryBaseDelay = Defaults.RETRY_BASE_DELAY;
    private Duration retryMaxDelay = Defaults.RETRY_MAX_DELAY;
    private Duration maxRetryAfter = Defaults.MAX_RETRY_AFTER;
    private Duration tokenSafetyMargin = Defaults.TOKEN_SAFETY_MARGIN;
    private Duration tokenRefreshAhead = Defaults.TOKEN_REFRESH_AHEAD;
    private long maxResponseBytes = Defaults.MAX_RESPONSE_BYTES;
    private boolean allowInsecureHttp;
    private String userAgentSuffix;
    private final List<CobrowseInterceptor> interceptors = new ArrayList<>();
    private Object openTelemetry;
    private String logLevel;
    private boolean logLevelSet;

    private Builder(Map<String, String> names) {
      this.names = names;
    }

    private String name(String field) {
      return names.getOrDefault(field, field);
    }

    /** The gateway, such as {@code https://service.besclouds.com} (https unless loopback). */
    public Builder baseUrl(String v) {
      baseUrl = v;
      return this;
    }

    public Builder appKey(String v) {
      appKey = v;
      return this;
    }

    /** The app secret: server side only; never logged or shown. */
    public Builder appSecret(String v) {
      appSecret = v;
      return this;
    }

    public Builder tenantSpaceId(String v) {
      tenantSpaceId = v;
      return this;
    }

    /** The token lifetime to ask for, in seconds (the spec's range); null: the server's. */
    public Builder tokenExpire(Integer seconds) {
      tokenExpire = seconds;
      return this;
    }

    /**
     * The time limit of each attempt, fresh for each retry: connecting, the headers and the whole
     * body (default 10 s).
     */
    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    /**
     * Retries after the first attempt (default 2; 0 turns retries off): at most maxRetries + 1
     * attempts may end in a retryable failure, and a call makes at most maxRetries + 2 attempts
     * (one replay of a refused current token besides).
     */
    public Builder maxRetries(int v) {
      maxRetries = v;
      return this;
    }

    /** The first backoff step (default 500 ms), doubling each retry, with full jitter. */
    public Builder retryBaseDelay(Duration v) {
      retryBaseDelay = v;
      return this;
    }

    /** The longest backoff (default 8 s). */
    public Builder retryMaxDelay(Duration v) {
      retryMaxDelay = v;
      return this;
    }

    /** The longest Retry-After honoured (default 60 s). */
    public Builder maxRetryAfter(Duration v) {
      maxRetryAfter = v;
      return this;
    }

    /**
     * Stop using a token this long before it expires (default 30 s, at most a tenth of its
     * lifetime).
     */
    public Builder tokenSafetyMargin(Duration v) {
      tokenSafetyMargin = v;
      return this;
    }

    /**
     * Refresh in the background this long before expiry (default 60 s, at most 30% of the
     * lifetime).
     */
    public Builder tokenRefreshAhead(Duration v) {
      tokenRefreshAhead = v;
      return this;
    }

    /**
     * The largest answer read, in bytes, counted as received and once decoded (default 16 MiB):
     * past it the exchange is aborted with a {@link ResponseTooLargeException}.
     */
    public Builder maxResponseBytes(long v) {
      maxResponseBytes = v;
      return this;
    }

    /** Allow http:// to a host that is not loopback (tokens travel in clear). */
    public Builder allowInsecureHttp(boolean v) {
      allowInsecureHttp = v;
      return this;
    }

    /**
     * A product token of your own, appended to the User-Agent (such as {@code
     * acme-contact-center/4.2}): visible ASCII and spaces, at most 256 characters.
     */
    public Builder userAgentSuffix(String v) {
      userAgentSuffix = v;
      return this;
    }

    /**
     * Adds an interceptor: it sees every attempt, the token requests included, and may add headers
     * ({@link CobrowseInterceptor}). Interceptors run in the order they were added.
     */
    public Builder addInterceptor(CobrowseInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * The {@code io.opentelemetry.api.OpenTelemetry} to trace with (typed Object so that this SDK
     * compiles and runs without OpenTelemetry on the classpath; anything else is a
     * ConfigurationException from {@link #build()}). Unset: the global one ({@code
     * GlobalOpenTelemetry}) once the application has set it, when the OpenTelemetry API is on the
     * classpath; pass {@code OpenTelemetry.noop()} for no spans.
     */
    public Builder openTelemetry(Object v) {
      openTelemetry = v;
      return this;
    }

    /**
     * The log threshold: {@code debug}, {@code info}, {@code warn} or {@code off} (default: the
     * COBROWSE_LOG variable's; unset, the logging backend alone decides).
     */
    public Builder logLevel(String v) {
      logLevel = v;
      logLevelSet = true;
      return this;
    }

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
        throw new ConfigurationException(
            name("baseUrl"), "is not a URL; use the gateway's https:// URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new ConfigurationException(
            name("baseUrl"),
            "must be the gateway's https:// URL, such as https://service.besclouds.com");
      }
      if (scheme.equals("http") && !isLoopback(uri.getHost()) && !allowInsecureHttp) {
        throw new ConfigurationException(
            name("baseUrl"),
            "plain http:// sends tokens in clear; use https://, or allowInsecureHttp(true) on a trusted network");
      }
      if (tokenExpire != null
          && (tokenExpire < SpecValues.LIFETIME_MIN || tokenExpire > SpecValues.LIFETIME_MAX)) {
        throw new ConfigurationException(
            "tokenExpire",
            "must be from "
                + SpecValues.LIFETIME_MIN
                + " to "
                + SpecValues.LIFETIME_MAX
                + " seconds");
      }
      if (maxRetries < 0 || maxRetries > Defaults.MAX_RETRIES_LIMIT)
        throw new ConfigurationException(
            "maxRetries", "must be from 0 to " + Defaults.MAX_RETRIES_LIMIT);
      if (maxResponseBytes < 1)
        throw new ConfigurationException(
            "maxResponseBytes",
            "must be at least 1 (bytes; default " + Defaults.MAX_RESPONSE_BYTES + ")");
      for (Map.Entry<String, Duration> d :
          Map.of(
                  "retryBaseDelay",
                  retryBaseDelay,
                  "retryMaxDelay",
                  retryMaxDelay,
                  "maxRetryAfter",
                  maxRetryAfter,
                  "tokenSafetyMargin",
                  tokenSafetyMargin,
                  "tokenRefreshAhead",
                  tokenRefreshAhead)
              .entrySet()) {
        if (d.getValue() == null || d.getValue().isNegative())
          throw new ConfigurationException(d.getKey(), "must be zero or more");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero())
        throw new ConfigurationException("timeout", "must be positive");
      String suffix = Identification.badSuffix(userAgentSuffix);
      if (suffix != null) throw new ConfigurationException("userAgentSuffix", suffix);
      if (!Log.valid(logLevel)) {
        throw new ConfigurationException(
            logLevelSet ? "logLevel" : Log.VARIABLE,
            "must be one of debug, info, warn, off; got \"" + logLevel + "\"");
      }
      return new CobrowseClient(this);
    }

    private void need(String field, String value, String what) {
      if (value == null || value.trim().isEmpty())
        throw new ConfigurationException(name(field), "missing; set it to " + what);
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
      return "CobrowseClient.Builder{baseUrl="
          + baseUrl
          + ", appKey="
          + appKey
          + ", tenantSpaceId="
          + tenantSpaceId
          + "}";
    }
  }
}
