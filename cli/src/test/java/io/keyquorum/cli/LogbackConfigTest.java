package io.keyquorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The jar's logback.xml must parse: when it does not, logback falls back to its default console
 * configuration, which writes to stdout and corrupts every command's --json output.
 */
class LogbackConfigTest {
  @Test
  void mainLogbackConfig_isWellFormed_andItsOnlyAppenderWritesToStderr() throws Exception {
    Document doc;
    try (InputStream in = LogbackConfigTest.class.getResourceAsStream("/logback.xml")) {
      assertThat(in).isNotNull();
      doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    assertThat(doc.getElementsByTagName("appender").getLength()).isEqualTo(1);
    assertThat(doc.getElementsByTagName("target").item(0).getTextContent()).isEqualTo("System.err");
  }
}
