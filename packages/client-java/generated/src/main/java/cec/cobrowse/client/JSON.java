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


package cec.cobrowse.client;

import com.fasterxml.jackson.annotation.*;
import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.openapitools.jackson.nullable.JsonNullableModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import cec.cobrowse.client.model.*;

import java.text.DateFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

@jakarta.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.25.0")
public class JSON {
  private ObjectMapper mapper;

  public JSON() {
    mapper = JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
        .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
        .defaultDateFormat(new RFC3339DateFormat())
        .addModule(new JavaTimeModule())
        .build();
    JsonNullableModule jnm = new JsonNullableModule();
    mapper.registerModule(jnm);
  }

  /**
   * Set the date format for JSON (de)serialization with Date properties.
   *
   * @param dateFormat Date format
   */
  public void setDateFormat(DateFormat dateFormat) {
    mapper.setDateFormat(dateFormat);
  }

  /**
   * Get the object mapper
   *
   * @return object mapper
   */
  public ObjectMapper getMapper() { return mapper; }

  /**
   * Returns the target model class that should be used to deserialize the input data.
   * The discriminator mappings are used to determine the target model class.
   *
   * @param node The input data.
   * @param modelClass The class that contains the discriminator mappings.
   *
   * @return the target model class.
   */
  public static Class<?> getClassForElement(JsonNode node, Class<?> modelClass) {
    ClassDiscriminatorMapping cdm = modelDiscriminators.get(modelClass);
    if (cdm != null) {
      return cdm.getClassForElement(node, new HashSet<Class<?>>());
    }
    return null;
  }

  /**
   * Helper class to register the discriminator mappings.
   */
  @jakarta.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.25.0")
  private static class ClassDiscriminatorMapping {
    // The model class name.
    Class<?> modelClass;
    // The name of the discriminator property.
    String discriminatorName;
    // The discriminator mappings for a model class.
    Map<String, Class<?>> discriminatorMappings;

    // Constructs a new class discriminator.
    ClassDiscriminatorMapping(Class<?> cls, String propertyName, Map<String, Class<?>> mappings) {
      modelClass = cls;
      discriminatorName = propertyName;
      discriminatorMappings = new HashMap<String, Class<?>>();
      if (mappings != null) {
        discriminatorMappings.putAll(mappings);
      }
    }

    // Return the name of the discriminator property for this model class.
    String getDiscriminatorPropertyName() {
      return discriminatorName;
    }

    // Return the discriminator value or null if the discriminator is not
    // present in the payload.
    String getDiscriminatorValue(JsonNode node) {
      // Determine the value of the discriminator property in the input data.
      if (discriminatorName != null) {
        // Get the value of the discriminator property, if present in the input payload.
        node = node.get(discriminatorName);
        if (node != null && node.isValueNode()) {
          String discrValue = node.asText();
          if (discrValue != null) {
            return discrValue;
          }
        }
      }
      return null;
    }

    /**
     * Returns the target model class that should be used to deserialize the input data.
     * This function can be invoked for anyOf/oneOf composed models with discriminator mappings.
     * The discriminator mappings are used to determine the target model class.
     *
     * @param node The input data.
     * @param visitedClasses The set of classes that have already been visited.
     *
     * @return the target model class.
     */
    Class<?> getClassForElement(JsonNode node, Set<Class<?>> visitedClasses) {
      if (visitedClasses.contains(modelClass)) {
        // Class has already been visited.
        return null;
      }
      // Determine the value of the discriminator property in the input data.
      String discrValue = getDiscriminatorValue(node);
      if (discrValue == null) {
        return null;
      }
      Class<?> cls = discriminatorMappings.get(discrValue);
      // It may not be sufficient to return this cls directly because that target class
      // may itself be a composed schema, possibly with its own discriminator.
      visitedClasses.add(modelClass);
      for (Class<?> childClass : discriminatorMappings.values()) {
        ClassDiscriminatorMapping childCdm = modelDiscriminators.get(childClass);
        if (childCdm == null) {
          continue;
        }
        if (!discriminatorName.equals(childCdm.discriminatorName)) {
          discrValue = getDiscriminatorValue(node);
          if (discrValue == null) {
            continue;
          }
        }
        if (childCdm != null) {
          // Recursively traverse the discriminator mappings.
          Class<?> childDiscr = childCdm.getClassForElement(node, visitedClasses);
          if (childDiscr != null) {
            return childDiscr;
          }
        }
      }
      return cls;
    }
  }

  /**
   * Returns true if inst is an instance of modelClass in the OpenAPI model hierarchy.
   *
   * The Java class hierarchy is not implemented the same way as the OpenAPI model hierarchy,
   * so it's not possible to use the instanceof keyword.
   *
   * @param modelClass A OpenAPI model class.
   * @param inst The instance object.
   * @param visitedClasses The set of classes that have already been visited.
   *
   * @return true if inst is an instance of modelClass in the OpenAPI model hierarchy.
   */
  public static boolean isInstanceOf(Class<?> modelClass, Object inst, Set<Class<?>> visitedClasses) {
    if (modelClass.isInstance(inst)) {
      // This handles the 'allOf' use case with single parent inheritance.
      return true;
    }
    if (visitedClasses.contains(modelClass)) {
      // This is to prevent infinite recursion when the composed schemas have
      // a circular dependency.
      return false;
    }
    visitedClasses.add(modelClass);

    // Traverse the oneOf/anyOf composed schemas.
    Map<String, Class<?>> descendants = modelDescendants.get(modelClass);
    if (descendants != null) {
      for (Class<?> childType : descendants.values()) {
        if (isInstanceOf(childType, inst, visitedClasses)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A map of discriminators for all model classes.
   */
  private static Map<Class<?>, ClassDiscriminatorMapping> modelDiscriminators = new HashMap<>();

  /**
   * A map of oneOf/anyOf descendants for each model class.
   */
  private static Map<Class<?>, Map<String, Class<?>>> modelDescendants = new HashMap<>();

  /**
    * Register a model class discriminator.
    *
    * @param modelClass the model class
    * @param discriminatorPropertyName the name of the discriminator property
    * @param mappings a map with the discriminator mappings.
    */
  public static void registerDiscriminator(Class<?> modelClass, String discriminatorPropertyName, Map<String, Class<?>> mappings) {
    ClassDiscriminatorMapping m = new ClassDiscriminatorMapping(modelClass, discriminatorPropertyName, mappings);
    modelDiscriminators.put(modelClass, m);
  }

  /**
    * Register the oneOf/anyOf descendants of the modelClass.
    *
    * @param modelClass the model class
    * @param descendants a map of oneOf/anyOf descendants.
    */
  public static void registerDescendants(Class<?> modelClass, Map<String, Class<?>> descendants) {
    modelDescendants.put(modelClass, descendants);
  }

  private static JSON json;

  static {
    json = new JSON();
  }

  /**
    * Get the default JSON instance.
    *
    * @return the default JSON instance
    */
  public static JSON getDefault() {
    return json;
  }

  /**
    * Set the default JSON instance.
    *
    * @param json JSON instance to be used
    */
  public static void setDefault(JSON json) {
    JSON.json = json;
  }
}
