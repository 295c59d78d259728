package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code java} block of the package README, compiled and run against the mock: its {@code
 * import} lines as imports, the rest as a main method, with the SDK's and the generated models'
 * packages imported and, unless the block makes its own, {@code client} from fromEnv().
 */
class ReadmeTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final String IMPORTS =
      "import cec.cobrowse.sdk.*;\nimport cec.cobrowse.client.model.*;\nimport cec.cobrowse.client.api.*;\nimport java.time.*;\nimport java.util.*;\n";

  private static String source(String name, String block) {
    StringBuilder imports = new StringBuilder(IMPORTS);
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n"))
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    String client =
        block.contains("CobrowseClient client =")
            ? ""
            : "CobrowseClient client = CobrowseClient.fromEnv().build();\n";
    return imports
        + "public class "
        + name
        + " {\n  public static void main(String[] args) throws Exception {\n"
        + client
        + body
        + "  }\n}\n";
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md")); // Surefire runs in tests/
    List<DynamicTest> tests = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    for (int n = 1; m.find(); n++) {
      String name = "ReadmeBlock" + n;
      String block = m.group(1);
      tests.add(
          DynamicTest.dynamicTest(
              "README java block "
                  + n
                  + ": "
                  + block.lines().filter(l -> !l.startsWith("import ")).findFirst().orElse(""),
              () -> run(name, block)));
    }
    assertTrue(tests.size() >= 5, "the README's java blocks were not found");
    return tests.stream();
  }

  private static void run(String name, String block) throws Exception {
    Path dir = Files.createTempDirectory("readme-java");
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, source(name, block));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringWriter errors = new StringWriter();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of("-classpath", classpath, "-d", dir.toString()),
                null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file.toFile()))
            .call();
    assertTrue(ok, "README block does not compile:\n" + Files.readString(file) + "\n" + errors);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeTest.class.getClassLoader())) {
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      main.invoke(null, (Object) new String[0]);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
