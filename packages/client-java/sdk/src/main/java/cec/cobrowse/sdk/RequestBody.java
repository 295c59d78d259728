package cec.cobrowse.sdk;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * The body getConnectionInfo sends: the caller's generated model exactly as the generated client
 * serialises it (every property it holds, a property added to the spec after this layer was written
 * included), with the room named when absent. It is a copy, made once before the first attempt: the
 * caller's object is never changed, every attempt sends the same bytes, and the pre-send checks see
 * exactly what is sent.
 */
final class RequestBody extends GetConnectionInfoRequest {
  private final ObjectNode json;

  private RequestBody(ObjectNode json) {
    this.json = json;
  }

  /**
   * The caller's request as JSON, checked ({@link RequestChecks}: a {@link ValidationException}
   * names the field), with a new room (a UUID) when it names none.
   */
  static RequestBody of(GetConnectionInfoRequest request, ObjectMapper mapper) {
    ObjectNode json = mapper.valueToTree(request);
    RequestChecks.check(json);
    JsonNode room = json.get(SpecValues.ROOM_ID_FIELD);
    if (room == null || room.isNull())
      json.put(SpecValues.ROOM_ID_FIELD, UUID.randomUUID().toString());
    return new RequestBody(json);
  }

  /**
   * What the generated client writes as the body (Jackson serialises this instead of the
   * properties).
   */
  @JsonValue
  ObjectNode json() {
    return json;
  }

  @Override
  public String getRoomId() {
    return json.path(SpecValues.ROOM_ID_FIELD).asText(null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestBody && json.equals(((RequestBody) o).json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "RequestBody" + json;
  }
}
