package io.keyquorum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into version.properties at build time. */
public final class KqVersion implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = KqVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return new String[] {"kq (unknown version)"};
      }
      properties.load(in);
    }
    return new String[] {"kq " + properties.getProperty("version", "(unknown version)")};
  }
}
