package io.keyquorum.orchestrator.flow;

/**
 * What the release round does with each verified release. In orchestrator mode it opens and
 * Feldman-checks the share; in client mode it only passes the sealed release on, since the
 * orchestrator has no key that opens it.
 *
 * @param <T> what a good release becomes
 */
@FunctionalInterface
public interface ShareOpener<T> {
  /**
   * @throws BadShareException if the share is not usable; the attestor is then excluded and named
   */
  T open(VerifiedRelease release);

  /** A share that failed verification; the message names why, never the share. */
  final class BadShareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadShareException(String message) {
      super(message);
    }
  }
}
