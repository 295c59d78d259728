package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.sdk.generated.SpecValues;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry is optional: the SDK, loaded with this test's classpath less every OpenTelemetry
 * jar, builds a client and makes a call (no spans, no trace context), and says what is missing when
 * given an OpenTelemetry anyway. (release/consumers/java does the same with the released jars.)
 */
class WithoutOpenTelemetryTest {
  private static URLClassLoader withoutOpenTelemetry() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("opentelemetry")) urls.add(new File(entry).toURI().toURL());
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  private static Object invoke(Object target, String name, Object... args) throws Exception {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void theSdkRunsWithoutTheOpenTelemetryApi() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway();
        URLClassLoader loader = withoutOpenTelemetry()) {
      assertThrows(
          ClassNotFoundException.class,
          () -> Class.forName("io.opentelemetry.api.OpenTelemetry", false, loader));
      Class<?> clientClass = Class.forName("cec.cobrowse.sdk.CobrowseClient", true, loader);
      Object builder = clientClass.getMethod("builder").invoke(null);
      invoke(builder, "baseUrl", gateway.url());
      invoke(builder, "appKey", ScriptedGateway.APP_KEY);
      invoke(builder, "appSecret", ScriptedGateway.SECRET);
      invoke(builder, "tenantSpaceId", ScriptedGateway.TENANT);
      Object client = invoke(builder, "build");
      Class<?> roleClass = Class.forName("cec.cobrowse.client.model.Role", true, loader);
      Object request =
          Class.forName("cec.cobrowse.client.model.GetConnectionInfoRequest", true, loader)
              .getConstructor()
              .newInstance();
      invoke(request, "role", roleClass.getField("RECORDER").get(null));
      Object result = invoke(client, "getConnectionInfo", request);
      assertTrue(
          String.valueOf(invoke(invoke(result, "data"), "getConnectParam"))
              .startsWith("connect-param-of-"));
      for (ScriptedGateway.Seen s : gateway.seen()) {
        assertNull(s.header("traceparent"));
        assertTrue(s.header(SpecValues.USER_AGENT_HEADER).startsWith("cec-cobrowse-java/"));
      }

      invoke(builder, "openTelemetry", new Object());
      Exception e = assertThrows(Exception.class, () -> invoke(builder, "build"));
      assertEquals("cec.cobrowse.sdk.ConfigurationException", e.getClass().getName());
      assertTrue(e.getMessage().contains("io.opentelemetry:opentelemetry-api"), e.getMessage());
    }
  }
}
