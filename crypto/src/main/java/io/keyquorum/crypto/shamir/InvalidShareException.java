package io.keyquorum.crypto.shamir;

import java.util.List;

/**
 * Too few of the given shares lie on the committed polynomial to rebuild the secret. {@link
 * #badIndices()} names the shares that failed verification, so their holders can be reported.
 */
public final class InvalidShareException extends SecurityException {
  private static final long serialVersionUID = 1L;

  private final List<Integer> badIndices;

  public InvalidShareException(String message, List<Integer> badIndices) {
    super(message);
    this.badIndices = List.copyOf(badIndices);
  }

  public List<Integer> badIndices() {
    return badIndices;
  }
}
