package cec.cobrowse.sdk;

import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.ApiResponse;
import cec.cobrowse.client.model.ConnectionInfo;
import cec.cobrowse.client.model.ErrorDetail;
import cec.cobrowse.client.model.ErrorResponse;
import cec.cobrowse.client.model.GetConnectionInfoResponse;
import cec.cobrowse.client.model.TokenResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * What an answer means: the result of a usable success, or the exception for anything else (a
 * non-2xx status, a redirect, a body over the cap, a timeout, no answer, a 2xx that is not JSON, a
 * success the caller cannot use). Every string taken from the answer is scrubbed.
 */
final class Answers {
  private static final Pattern LIFETIME = Pattern.compile(SpecValues.LIFETIME_PATTERN);
  private static final Pattern CREATED = Pattern.compile(SpecValues.CREATE_TIME_PATTERN);

  private final ObjectMapper mapper;
  private final Redactor redactor;
  private final Duration timeout;

  Answers(ObjectMapper mapper, Redactor redactor, Duration timeout) {
    this.mapper = mapper;
    this.redactor = redactor;
    this.timeout = timeout;
  }

  /**
   * The exception for an attempt the generated client failed ({@code answer}: what arrived, when
   * the transport finished).
   */
  CobrowseException failure(
      String op, ApiException e, BoundedTransport.Answer answer, String token) {
    if (e.getCode() != 0)
      return status(op, e.getCode(), e.getResponseHeaders(), e.getResponseBody(), token);
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new CobrowseException(op + " was interrupted", cause);
    }
    if (cause instanceof CappedBody.TooLarge) {
      CappedBody.TooLarge t = (CappedBody.TooLarge) cause;
      return new ResponseTooLargeException(
          op,
          t.limit,
          t.status,
          requestId(redactor.headers(t.headers == null ? null : t.headers.map(), token)));
    }
    // The transport received a whole 2xx answer, and it did not decode or the generated client
    // could not read it.
    if (answer != null) return unreadable(op, answer, cause, token);
    if (cause instanceof HttpTimeoutException)
      return new CobrowseTimeoutException(op, timeout, redactor.cause(cause, token));
    return new NetworkException(op, redactor.cause(cause, token));
  }

  /**
   * A non-2xx answer: its ErrorResponse when it has one; a redirect names its Location (never
   * followed).
   */
  CobrowseApiException status(
      String op, int status, HttpHeaders headers, String body, String token) {
    Integer code = null;
    String reason = null;
    List<ErrorDetail> details = null;
    if (body != null && !body.isBlank()) {
      try {
        ErrorResponse r = mapper.readValue(body, ErrorResponse.class);
        code = r.getErrorCode();
        reason = r.getErrorReason();
        details = r.getDetails();
      } catch (IOException | RuntimeException notTheSpecs) {
        // not the spec's ErrorResponse: the status says enough
      }
    }
    Map<String, List<String>> h = redactor.headers(headers == null ? null : headers.map(), token);
    if (status / 100 == 3) {
      String location = first(h, "location");
      reason =
          "redirected to "
              + (location == null ? "(no Location)" : location)
              + "; redirects are never followed, so credentials never leave the origin: set baseUrl to the gateway's final URL";
    }
    return CobrowseApiException.of(
        op,
        status,
        code,
        redactor.scrub(reason, token),
        requestId(h),
        redactor.details(details, token),
        h,
        redactor.scrub(body, token));
  }

  /** A 2xx whose body does not decode, is not JSON, or is not of the spec's shape. */
  private CobrowseApiException unreadable(
      String op, BoundedTransport.Answer answer, Throwable cause, String token) {
    Map<String, List<String>> h = redactor.headers(answer.headers.map(), token);
    String type = first(h, "content-type");
    String why =
        cause instanceof JsonProcessingException
            ? ((JsonProcessingException) cause).getOriginalMessage()
            : cause.toString();
    String what =
        cause instanceof ZipException || cause instanceof EOFException
            ? "does not decode (Content-Encoding)"
            : cause instanceof JsonParseException || !(cause instanceof JsonProcessingException)
                ? "is not JSON"
                : "does not have the spec's shape";
    String reason =
        "the answer "
            + what
            + (type != null ? " (Content-Type " + type + ")" : "")
            + ": "
            + why.lines().findFirst().orElse("");
    CobrowseApiException e =
        new CobrowseApiException(
            op,
            answer.status,
            null,
            redactor.scrub(reason, token),
            requestId(h),
            null,
            h,
            text(answer, token));
    e.initCause(redactor.cause(cause, token));
    return e;
  }

  /** An answer the caller cannot use: a status 2xx, but nothing to work with. */
  private CobrowseApiException unusable(
      String op,
      int status,
      Map<String, List<String>> h,
      BoundedTransport.Answer raw,
      String reason,
      String token) {
    return new CobrowseApiException(
        op, status, null, reason, requestId(h), null, h, text(raw, token));
  }

  /**
   * getConnectionInfo's result, when usable: {@code success: true} and data holding every
   * CONNECT_FIELDS field and at least one WEBSOCKET_URL_FIELDS field as non-empty strings.
   */
  ConnectionInfoResult connectionInfo(
      ApiResponse<GetConnectionInfoResponse> answer, BoundedTransport.Answer raw, String token) {
    String op = SpecValues.INFO_OPERATION;
    Map<String, List<String>> h = redactor.headers(answer.getHeaders(), token);
    GetConnectionInfoResponse r = answer.getData();
    if (r == null)
      throw unusable(op, answer.getStatusCode(), h, raw, "the answer has no body", token);
    if (!Boolean.TRUE.equals(r.getSuccess())) {
      throw new CobrowseApiException(
          op,
          answer.getStatusCode(),
          r.getErrorCode(),
          redactor.scrub(r.getErrorReason(), token),
          requestId(h),
          null,
          h,
          text(raw, token));
    }
    String missing = missing(r.getData());
    if (missing != null)
      throw unusable(
          op,
          answer.getStatusCode(),
          h,
          raw,
          "a success without " + missing + ": nothing to connect with",
          token);
    return new ConnectionInfoResult(r.getData(), requestId(h));
  }

  /** The first field a caller needs that {@code data} lacks, or null. */
  private String missing(ConnectionInfo data) {
    if (data == null) return "data";
    JsonNode fields = mapper.valueToTree(data);
    for (String f : SpecValues.CONNECT_FIELDS) if (!filled(fields, f)) return "data." + f;
    for (String f : SpecValues.WEBSOCKET_URL_FIELDS) if (filled(fields, f)) return null;
    return "any of data." + String.join(", data.", SpecValues.WEBSOCKET_URL_FIELDS);
  }

  private static boolean filled(JsonNode fields, String name) {
    JsonNode v = fields.get(name);
    return v != null && v.isTextual() && !v.asText().isEmpty();
  }

  /**
   * The token of a usable tokenByAkSk answer and when to refresh and drop it ({@code remember} sees
   * the token first, so no error about the answer can show it).
   */
  TokenCache.Cached token(
      ApiResponse<TokenResponse> answer,
      BoundedTransport.Answer raw,
      long sentAt,
      long receivedAt,
      Duration margin,
      Duration ahead,
      Consumer<String> remember) {
    TokenResponse t = answer.getData();
    if (t != null) remember.accept(t.getAccessToken());
    Map<String, List<String>> h = redactor.headers(answer.getHeaders(), null);
    if (t == null
        || t.getAccessToken() == null
        || t.getAccessToken().isEmpty()
        || t.getExpires() == null
        || !LIFETIME.matcher(t.getExpires()).matches()) {
      throw unusable(
          SpecValues.TOKEN_OPERATION,
          answer.getStatusCode(),
          h,
          raw,
          "the answer lacks a token or a usable lifetime (Expires)",
          null);
    }
    long created =
        t.getCreateTime() != null && CREATED.matcher(t.getCreateTime()).matches()
            ? Long.parseLong(t.getCreateTime())
            : -1;
    long deadline =
        TokenCache.deadline(created, Long.parseLong(t.getExpires()), sentAt, receivedAt);
    return TokenCache.schedule(
        t.getAccessToken(), receivedAt, deadline, margin.toMillis(), ahead.toMillis());
  }

  private String text(BoundedTransport.Answer raw, String token) {
    return raw == null || raw.body.length == 0
        ? null
        : redactor.scrub(new String(raw.body, StandardCharsets.UTF_8), token);
  }

  private static String requestId(Map<String, List<String>> scrubbedHeaders) {
    return first(scrubbedHeaders, SpecValues.REQUEST_ID_HEADER);
  }

  /** A header's first value from a map by lower-case name. */
  static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
