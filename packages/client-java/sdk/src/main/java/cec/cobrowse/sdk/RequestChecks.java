package cec.cobrowse.sdk;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The checks before sending: the spec's enum, lengths and patterns; a {@link ValidationException} names the field. */
final class RequestChecks {
  private RequestChecks() {}

  /** The compiled patterns of the spec's body fields. */
  private static final Map<String, Pattern> PATTERNS = SpecValues.INFO_FIELDS.stream()
      .filter(f -> !f.pattern.isEmpty())
      .collect(Collectors.toMap(f -> f.name, f -> Pattern.compile(f.pattern)));

  /** The role whose wire value is {@code value}, or a ValidationException naming the allowed ones. */
  static Role role(String value) {
    for (Role r : Role.values()) if (r.getValue().equals(value)) return r;
    throw new ValidationException("role", "must be one of " + Arrays.stream(Role.values()).map(r -> "\"" + r.getValue() + "\"").collect(Collectors.joining(", ")) + ", got \"" + value + "\"");
  }

  /**
   * Holds the request to the spec: a role, and each string field (by its JSON name) within its
   * lengths, in characters, and pattern. {@code fields}: the request as it will be sent.
   */
  static void check(GetConnectionInfoRequest request, JsonNode fields) {
    if (request.getRole() == null) throw new ValidationException("role", "is missing; set it to " + Arrays.toString(Role.values()));
    for (SpecValues.Field f : SpecValues.INFO_FIELDS) {
      JsonNode v = fields.get(f.name);
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
}
