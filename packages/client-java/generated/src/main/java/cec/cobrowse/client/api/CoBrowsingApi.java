/*
 * Co-browsing API
 * Two operations of a contact-center platform's API gateway (\"API Fabric\"):  1. `tokenByAkSk` trades an app key and app secret for a short-lived bearer token. 2. `getConnectionInfo` returns, for one side of a co-browsing room, the WebSocket    URLs to connect to and a signed `connectParam` to present when connecting.    The customer side is the `recorder` (its page is recorded and shared); the agent    side is the `replayer` (it watches and guides).  ## Typical flow A backend that holds the app key and secret calls `tokenByAkSk`, caches the token until shortly before `CreateTime + Expires`, then calls `getConnectionInfo` once with `role: recorder` and once with `role: replayer`, both with the same `roomId`. Each side opens its WebSocket at `wssUrlOut` (from the public network) or `wssUrl` (inside the platform's network) and presents its `connectParam`. The app secret never reaches a browser.  ## Decisions this spec makes where the vendor is silent The vendor documents the success bodies only. This spec fixes the rest, and the reference mock server and the contract-test suite hold deployments to it:  - **Error bodies.** Every non-2xx response of both operations carries an   `ErrorResponse` JSON body: `success: false`, a numeric `errorCode`, a readable   `errorReason` that names the offending field or header, and optional `details`.   The `errorCode` values used by this spec are the HTTP status times 100   (`40000` bad request, `40100` authentication failed, `40400` not found,   `40500` method not allowed, `41300` body too large, `41500` unsupported media type,   `42900` too many requests, `50000` internal error, `50300` unavailable). Clients   must not depend on any other value. - **Order of checks.** A server checks, in order: the method (405, with `Allow`), the   body size (413, bodies over 1 MiB), the content type (415, only `application/json`),   the content coding (415, no `Content-Encoding` other than `identity`),   authentication (401), the JSON syntax and schema of headers and body (400), and the   tenant space (404). The first failing check answers. `tokenByAkSk` carries its   credentials in the body, so its credential check (401, wrong app key or secret) comes   after the header and body checks (400). - **Authentication failures (401).** Wrong app key or secret; a missing, malformed,   unknown or expired bearer token; an `Authorization` header without the `Bearer `   prefix; a missing `x-app-key`, or one that is not the app the token was issued to. - **Tenant space.** A missing or malformed `X-TenantSpaceID` is a 400; one the   deployment does not know is a 404. - **Machine-readable rules.** The rules above are also stated for tools, and tools read   them from there, not from this prose:   - `x-cobrowse-rules` (at the root) gives `errorCode.statusFactor` (an error body's     `errorCode` is the status times it) and, under `checks`, each check a server makes     with the status its failure answers and its parameters: `bodySize.maxBytes`,     `contentEncoding.accept` (the codings taken; others answer 415 with     `Accept-Encoding` listing them), and the media types of `contentType` are the     operation's request body media types.   - `x-cobrowse-check-order` (on each operation) lists the ids of those checks in the     order a server makes them; the first failing check answers.   - Each security scheme carries `x-cobrowse-value-schema`, the JSON Schema of the     header's value (of the token after `Bearer ` for `bearerAuth`), and     `x-cobrowse-failures`, the status a request gets when the header is `missing`,     `malformed` (breaks that schema) or `unknown` (well formed but not known to the     deployment, or not the token's app). Each failure is checked by the first of the     `authentication`, `validation` and `tenant` checks in the operation's order whose     status it has.   - `bearerAuth` carries `x-cobrowse-token`: the operation that issues the token, the     fields of its answer that hold the token, its creation time and its lifetime, and     the request header that asks for a lifetime (whose schema gives the range and the     default). - **Limits.** Field lengths and characters are bounded as each schema states. Token   lifetimes asked with `X-Token-Expire` run from 1 second to 86400 seconds (one day);   600 seconds when the header is absent. - **Request ids.** Servers may send `X-Request-Id` on any response; clients report it   with errors. - **connectParam.** Opaque to clients. The reference mock server builds it as   `base64url(JSON payload) + \".\" + base64url(HMAC-SHA256(key, payload part))`, the   payload holding the room id (`r`), the role (`o`), the app key (`a`), the tenant   space (`t`) and the expiry in Unix seconds (`e`); its WebSocket endpoint admits a   connection at `wssUrl` (or `wssUrlOut`) with the query parameter   `connectParam=<connectParam>` only when the signature verifies, the room and role   match, and the expiry has not passed. 
 *
 * The version of the OpenAPI document: 1.0.0
 * 
 *
 * NOTE: This class is auto generated by OpenAPI Generator (https://openapi-generator.tech).
 * https://openapi-generator.tech
 * Do not edit the class manually.
 */

package cec.cobrowse.client.api;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.ApiResponse;
import cec.cobrowse.client.Configuration;
import cec.cobrowse.client.Pair;

import cec.cobrowse.client.model.ErrorResponse;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.GetConnectionInfoResponse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.ArrayList;
import java.util.StringJoiner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

@jakarta.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.25.0")
public class CoBrowsingApi {
  /**
   * Utility class for extending HttpRequest.Builder functionality.
   */
  private static class HttpRequestBuilderExtensions {
    /**
     * Adds additional headers to the provided HttpRequest.Builder. Useful for adding method/endpoint specific headers.
     *
     * @param builder the HttpRequest.Builder to which headers will be added
     * @param headers a map of header names and values to add; may be null
     * @return the same HttpRequest.Builder instance with the additional headers set
     */
    static HttpRequest.Builder withAdditionalHeaders(HttpRequest.Builder builder, Map<String, String> headers) {
        if (headers != null) {
            for (Map.Entry<String, String> entry : headers.entrySet()) {
                builder.header(entry.getKey(), entry.getValue());
            }
        }
        return builder;
    }
  }
  private final HttpClient memberVarHttpClient;
  private final ObjectMapper memberVarObjectMapper;
  private final String memberVarBaseUri;
  private final Consumer<HttpRequest.Builder> memberVarInterceptor;
  private final Duration memberVarReadTimeout;
  private final Consumer<HttpResponse<InputStream>> memberVarResponseInterceptor;
  private final Consumer<HttpResponse<InputStream>> memberVarAsyncResponseInterceptor;

  public CoBrowsingApi() {
    this(Configuration.getDefaultApiClient());
  }

  public CoBrowsingApi(ApiClient apiClient) {
    memberVarHttpClient = apiClient.getHttpClient();
    memberVarObjectMapper = apiClient.getObjectMapper();
    memberVarBaseUri = apiClient.getBaseUri();
    memberVarInterceptor = apiClient.getRequestInterceptor();
    memberVarReadTimeout = apiClient.getReadTimeout();
    memberVarResponseInterceptor = apiClient.getResponseInterceptor();
    memberVarAsyncResponseInterceptor = apiClient.getAsyncResponseInterceptor();
  }


  protected ApiException getApiException(String operationId, HttpResponse<InputStream> response) throws IOException {
    InputStream responseBody = ApiClient.getResponseBody(response);
    String body = null;
    try {
      body = responseBody == null ? null : new String(responseBody.readAllBytes());
    } finally {
      if (responseBody != null) {
        responseBody.close();
      }
    }
    String message = formatExceptionMessage(operationId, response.statusCode(), body);
    return new ApiException(response.statusCode(), message, response.headers(), body);
  }

  private String formatExceptionMessage(String operationId, int statusCode, String body) {
    if (body == null || body.isEmpty()) {
      body = "[no body]";
    }
    return operationId + " call failed with: " + statusCode + " - " + body;
  }

  /**
   * Download file from the given response.
   *
   * @param response Response
   * @return File
   * @throws ApiException If fail to read file content from response and write to disk
   */
  public File downloadFileFromResponse(HttpResponse<InputStream> response, InputStream responseBody) throws ApiException {
    if (responseBody == null) {
      throw new ApiException(new IOException("Response body is empty"));
    }
    try {
      File file = prepareDownloadFile(response);
      java.nio.file.Files.copy(responseBody, file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new ApiException(e);
    }
  }

  /**
   * <p>Prepare the file for download from the response.</p>
   *
   * @param response a {@link java.net.http.HttpResponse} object.
   * @return a {@link java.io.File} object.
   * @throws java.io.IOException if any.
   */
  private File prepareDownloadFile(HttpResponse<InputStream> response) throws IOException {
    String filename = null;
    java.util.Optional<String> contentDisposition = response.headers().firstValue("Content-Disposition");
    if (contentDisposition.isPresent() && !"".equals(contentDisposition.get())) {
      // Get filename from the Content-Disposition header.
      java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("filename=['\"]?([^'\"\\s]+)['\"]?");
      java.util.regex.Matcher matcher = pattern.matcher(contentDisposition.get());
      if (matcher.find())
        filename = matcher.group(1);
    }
    File file = null;
    if (filename != null) {
      java.nio.file.Path tempDir = java.nio.file.Files.createTempDirectory("swagger-gen-native");
      java.nio.file.Path filePath = java.nio.file.Files.createFile(tempDir.resolve(filename));
      file = filePath.toFile();
      tempDir.toFile().deleteOnExit();   // best effort cleanup
      file.deleteOnExit(); // best effort cleanup
    } else {
      file = java.nio.file.Files.createTempFile("download-", "").toFile();
      file.deleteOnExit(); // best effort cleanup
    }
    return file;
  }

  /**
   * Get co-browsing connection information
   * Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and the signed &#x60;connectParam&#x60; to present. Call it once with &#x60;role: recorder&#x60; for the customer and once with &#x60;role: replayer&#x60; for the agent, with the same &#x60;roomId&#x60;. When &#x60;roomId&#x60; is absent the server creates a room and answers its id, a UUID; pass that id to the other side&#39;s call. A 200 answer with &#x60;success: false&#x60; is a failure too: its &#x60;errorCode&#x60; and &#x60;errorReason&#x60; say why. 
   * @param getConnectionInfoRequest  (required)
   * @return GetConnectionInfoResponse
   * @throws ApiException if fails to make API call
   */
  public GetConnectionInfoResponse getConnectionInfo(@jakarta.annotation.Nonnull GetConnectionInfoRequest getConnectionInfoRequest) throws ApiException {
    return getConnectionInfo(getConnectionInfoRequest, null);
  }

  /**
   * Get co-browsing connection information
   * Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and the signed &#x60;connectParam&#x60; to present. Call it once with &#x60;role: recorder&#x60; for the customer and once with &#x60;role: replayer&#x60; for the agent, with the same &#x60;roomId&#x60;. When &#x60;roomId&#x60; is absent the server creates a room and answers its id, a UUID; pass that id to the other side&#39;s call. A 200 answer with &#x60;success: false&#x60; is a failure too: its &#x60;errorCode&#x60; and &#x60;errorReason&#x60; say why. 
   * @param getConnectionInfoRequest  (required)
   * @param headers Optional headers to include in the request
   * @return GetConnectionInfoResponse
   * @throws ApiException if fails to make API call
   */
  public GetConnectionInfoResponse getConnectionInfo(@jakarta.annotation.Nonnull GetConnectionInfoRequest getConnectionInfoRequest, Map<String, String> headers) throws ApiException {
    ApiResponse<GetConnectionInfoResponse> localVarResponse = getConnectionInfoWithHttpInfo(getConnectionInfoRequest, headers);
    return localVarResponse.getData();
  }

  /**
   * Get co-browsing connection information
   * Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and the signed &#x60;connectParam&#x60; to present. Call it once with &#x60;role: recorder&#x60; for the customer and once with &#x60;role: replayer&#x60; for the agent, with the same &#x60;roomId&#x60;. When &#x60;roomId&#x60; is absent the server creates a room and answers its id, a UUID; pass that id to the other side&#39;s call. A 200 answer with &#x60;success: false&#x60; is a failure too: its &#x60;errorCode&#x60; and &#x60;errorReason&#x60; say why. 
   * @param getConnectionInfoRequest  (required)
   * @return ApiResponse&lt;GetConnectionInfoResponse&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<GetConnectionInfoResponse> getConnectionInfoWithHttpInfo(@jakarta.annotation.Nonnull GetConnectionInfoRequest getConnectionInfoRequest) throws ApiException {
    return getConnectionInfoWithHttpInfo(getConnectionInfoRequest, null);
  }

  /**
   * Get co-browsing connection information
   * Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and the signed &#x60;connectParam&#x60; to present. Call it once with &#x60;role: recorder&#x60; for the customer and once with &#x60;role: replayer&#x60; for the agent, with the same &#x60;roomId&#x60;. When &#x60;roomId&#x60; is absent the server creates a room and answers its id, a UUID; pass that id to the other side&#39;s call. A 200 answer with &#x60;success: false&#x60; is a failure too: its &#x60;errorCode&#x60; and &#x60;errorReason&#x60; say why. 
   * @param getConnectionInfoRequest  (required)
   * @param headers Optional headers to include in the request
   * @return ApiResponse&lt;GetConnectionInfoResponse&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<GetConnectionInfoResponse> getConnectionInfoWithHttpInfo(@jakarta.annotation.Nonnull GetConnectionInfoRequest getConnectionInfoRequest, Map<String, String> headers) throws ApiException {
    HttpRequest.Builder localVarRequestBuilder = getConnectionInfoRequestBuilder(getConnectionInfoRequest, headers);
    try {
      HttpResponse<InputStream> localVarResponse = memberVarHttpClient.send(
          localVarRequestBuilder.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (memberVarResponseInterceptor != null) {
        memberVarResponseInterceptor.accept(localVarResponse);
      }
      InputStream localVarResponseBody = null;
      try {
        if (localVarResponse.statusCode()/ 100 != 2) {
          throw getApiException("getConnectionInfo", localVarResponse);
        }
        localVarResponseBody = ApiClient.getResponseBody(localVarResponse);
        if (localVarResponseBody == null) {
          return new ApiResponse<GetConnectionInfoResponse>(
              localVarResponse.statusCode(),
              localVarResponse.headers().map(),
              null
          );
        }

        
        
        String responseBody = new String(localVarResponseBody.readAllBytes());
        GetConnectionInfoResponse responseValue = responseBody.isBlank()? null: memberVarObjectMapper.readValue(responseBody, new TypeReference<GetConnectionInfoResponse>() {});
        

        return new ApiResponse<GetConnectionInfoResponse>(
            localVarResponse.statusCode(),
            localVarResponse.headers().map(),
            responseValue
        );
      } finally {
        if (localVarResponseBody != null) {
          localVarResponseBody.close();
        }
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }

  private HttpRequest.Builder getConnectionInfoRequestBuilder(@jakarta.annotation.Nonnull GetConnectionInfoRequest getConnectionInfoRequest, Map<String, String> headers) throws ApiException {
    // verify the required parameter 'getConnectionInfoRequest' is set
    if (getConnectionInfoRequest == null) {
      throw new ApiException(400, "Missing the required parameter 'getConnectionInfoRequest' when calling getConnectionInfo");
    }

    HttpRequest.Builder localVarRequestBuilder = HttpRequest.newBuilder();

    String localVarPath = "/apiaccess/api/cobrowse/getConnectionInfo";

    localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath));

    localVarRequestBuilder.header("Content-Type", "application/json");
    localVarRequestBuilder.header("Accept", "application/json");

    try {
      byte[] localVarPostBody = memberVarObjectMapper.writeValueAsBytes(getConnectionInfoRequest);
      localVarRequestBuilder.method("POST", HttpRequest.BodyPublishers.ofByteArray(localVarPostBody));
    } catch (IOException e) {
      throw new ApiException(e);
    }
    if (memberVarReadTimeout != null) {
      localVarRequestBuilder.timeout(memberVarReadTimeout);
    }
    // Add custom headers if provided
    localVarRequestBuilder = HttpRequestBuilderExtensions.withAdditionalHeaders(localVarRequestBuilder, headers);
    if (memberVarInterceptor != null) {
      memberVarInterceptor.accept(localVarRequestBuilder);
    }
    return localVarRequestBuilder;
  }

}
