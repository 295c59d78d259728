package cec.cobrowse.sdk;

import cec.cobrowse.sdk.generated.SpecValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The identification header (packages/scenarios/README.md; the spec's x-cobrowse-client-headers):
 * {@code cec-cobrowse-java/<SDK version> Java/<java.version> <os.name>}, then the caller's own
 * product token when it gives one. The header's name and product prefix are the spec's generated
 * constants; the SDK version is the pom's, written into version.properties at build.
 */
final class Identification {
  private Identification() {}

  /** This SDK's language, after the spec's product prefix. */
  static final String LANGUAGE = "java";

  /** The SDK's version (0.0.0-unknown when the classes were compiled without Maven's resources). */
  static final String VERSION = readVersion();

  private static String readVersion() {
    try (InputStream in = Identification.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (v.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?")) return v;
      }
    } catch (IOException e) {
      // fall through: unknown
    }
    return "0.0.0-unknown";
  }

  /** The header's value, with {@code suffix} (the caller's product token; null: none) appended. */
  static String userAgent(String suffix) {
    String ua =
        SpecValues.USER_AGENT_PRODUCT_PREFIX
            + LANGUAGE
            + "/"
            + VERSION
            + " Java/"
            + token(System.getProperty("java.version"))
            + " "
            + os(System.getProperty("os.name"));
    return suffix == null || suffix.isEmpty() ? ua : ua + " " + suffix;
  }

  /**
   * The operating system in one token, as the other languages name it: Linux, Darwin, Windows, or
   * os.name's first word.
   */
  static String os(String name) {
    if (name == null || name.trim().isEmpty()) return "unknown";
    String n = name.trim();
    if (n.startsWith("Windows")) return "Windows";
    if (n.startsWith("Mac") || n.equals("Darwin")) return "Darwin";
    return token(n.split("\\s+")[0]);
  }

  /**
   * {@code s} as one token of the header: anything but letters, digits and {@code .-_} becomes
   * {@code -}.
   */
  static String token(String s) {
    if (s == null || s.isEmpty()) return "unknown";
    return s.trim().replaceAll("[^0-9A-Za-z._-]+", "-");
  }

  /**
   * Why {@code suffix} cannot go into the header, or null when it can: visible ASCII and spaces, at
   * most 256 characters.
   */
  static String badSuffix(String suffix) {
    if (suffix == null) return null;
    if (suffix.length() > 256) return "is longer than 256 characters";
    if (suffix.trim().isEmpty())
      return "is blank; leave it unset, or give a product token such as acme-contact-center/4.2";
    if (!suffix.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
      return "must be visible ASCII and spaces only (a product token such as acme-contact-center/4.2)";
    return null;
  }
}
