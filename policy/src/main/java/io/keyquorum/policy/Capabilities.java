package io.keyquorum.policy;

import java.util.regex.Pattern;

/** The spelling of capability names, shared by rules and requests. */
final class Capabilities {
  // Lower-case words joined by '-', e.g. generate-data-key: no spaces or look-alike letters.
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private Capabilities() {}

  static String requireValid(String capability) {
    if (capability == null
        || capability.length() > PolicyLimits.MAX_CAPABILITY_LENGTH
        || !NAME.matcher(capability).matches()) {
      throw new IllegalArgumentException(
          "capability must be lower-case words joined by '-' (at most "
              + PolicyLimits.MAX_CAPABILITY_LENGTH
              + " characters), got "
              + (capability == null ? "null" : "'" + capability + "'"));
    }
    return capability;
  }
}
