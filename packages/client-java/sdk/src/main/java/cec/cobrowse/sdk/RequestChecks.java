package cec.cobrowse.sdk;

import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks before sending, from the spec's request field table (the generated {@code
 * SpecValues.INFO_REQUEST_FIELDS}): each required field present, each enum field one of its values,
 * each string field within its lengths, in characters, and its pattern. A field the spec gains is
 * checked after {@code pnpm generate} with no edit here. A {@link ValidationException} names the
 * field by its JSON name.
 */
final class RequestChecks {
  private RequestChecks() {}

  /** The compiled patterns of the spec's body fields. */
  private static final Map<String, Pattern> PATTERNS =
      SpecValues.INFO_REQUEST_FIELDS.stream()
          .filter(f -> !f.pattern.isEmpty())
          .collect(Collectors.toMap(f -> f.name, f -> Pattern.compile(f.pattern)));

  /**
   * The role whose wire value is {@code value}, or a ValidationException naming the allowed ones.
   */
  static Role role(String value) {
    for (Role r : Role.values()) if (r.getValue().equals(value)) return r;
    throw new ValidationException(
        SpecValues.ROLE_FIELD,
        "must be one of "
            + quoted(Arrays.stream(Role.values()).map(Role::getValue).collect(Collectors.toList()))
            + ", got \""
            + value
            + "\"");
  }

  /** Holds {@code fields}, a request as it will be sent, to the spec's field table. */
  static void check(JsonNode fields) {
    for (SpecValues.RequestField f : SpecValues.INFO_REQUEST_FIELDS) {
      JsonNode v = fields.get(f.name);
      if (v == null || v.isNull()) {
        if (f.required)
          throw new ValidationException(
              f.name,
              "is missing"
                  + (f.enumValues.isEmpty() ? "" : "; set it to one of " + quoted(f.enumValues)));
        continue;
      }
      if (!v.isTextual()) continue; // the generated model's types hold the rest
      String s = v.asText();
      if (!f.enumValues.isEmpty() && !f.enumValues.contains(s)) {
        throw new ValidationException(
            f.name, "must be one of " + quoted(f.enumValues) + ", got \"" + shorten(s) + "\"");
      }
      int n = s.codePointCount(0, s.length());
      if (n < f.minLength || (f.maxLength > 0 && n > f.maxLength)) {
        throw new ValidationException(
            f.name, "must be " + f.minLength + " to " + f.maxLength + " characters, got " + n);
      }
      Pattern p = PATTERNS.get(f.name);
      if (p != null && !p.matcher(s).find()) {
        throw new ValidationException(
            f.name, "must match " + f.pattern + ", got \"" + shorten(s) + "\"");
      }
    }
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
  }

  private static String shorten(String s) {
    return s.substring(0, Math.min(s.length(), 40));
  }
}
