package io.keyquorum.rpc.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The node id a network certificate speaks for.
 *
 * <p>The id is carried in a SAN URI {@code keyquorum://node/<id>} (fallback: the subject CN).
 * Because the network CA signs that URI, the id read here from a handshake-verified certificate
 * is authenticated; nothing a peer sends in a message can change it.
 */
public final class CertificateNodeId {
  /** The SAN URI prefix that names a node. */
  public static final String URI_PREFIX = "keyquorum://node/";

  // Letters, digits and ":._-" so ids such as "attestor-1" and "client:app-1" fit, while nothing
  // that could break a URI, a log line or a file name does.
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,127}");
  private static final int SAN_URI = 6;

  private CertificateNodeId() {}

  /**
   * Returns {@code nodeId} if it is a well-formed node id.
   *
   * @throws IllegalArgumentException naming the bad id otherwise
   */
  public static String requireValid(String nodeId) {
    if (nodeId == null || !VALID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException(
          "invalid node id '" + nodeId + "': want 1-128 of [A-Za-z0-9:._-], starting alphanumeric");
    }
    return nodeId;
  }

  /** The SAN URI that carries {@code nodeId}. */
  public static String uriFor(String nodeId) {
    return URI_PREFIX + requireValid(nodeId);
  }

  /**
   * Reads the node id from a certificate: the SAN URI if there is exactly one, else the CN.
   *
   * @throws IllegalArgumentException if the certificate names no valid id, or names several
   */
  public static String of(X509Certificate certificate) {
    Optional<String> fromSan = fromSanUri(certificate);
    if (fromSan.isPresent()) {
      return requireValid(fromSan.get());
    }
    return requireValid(commonName(certificate));
  }

  private static Optional<String> fromSanUri(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("certificate has an unparsable SAN extension", e);
    }
    if (names == null) {
      return Optional.empty();
    }
    String found = null;
    for (List<?> name : names) {
      if (name.size() == 2
          && Integer.valueOf(SAN_URI).equals(name.get(0))
          && name.get(1) instanceof String uri
          && uri.startsWith(URI_PREFIX)) {
        // Two different ids in one certificate would make the identity ambiguous: refuse.
        if (found != null) {
          throw new IllegalArgumentException("certificate carries more than one keyquorum node URI");
        }
        found = uri.substring(URI_PREFIX.length());
      }
    }
    return Optional.ofNullable(found);
  }

  private static String commonName(X509Certificate certificate) {
    try {
      LdapName dn = new LdapName(certificate.getSubjectX500Principal().getName());
      String cn = null;
      for (Rdn rdn : dn.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          if (cn != null) {
            throw new IllegalArgumentException("certificate subject has more than one CN");
          }
          cn = rdn.getValue().toString();
        }
      }
      if (cn == null) {
        throw new IllegalArgumentException("certificate has neither a node URI nor a CN");
      }
      return cn;
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("certificate subject is not a valid DN", e);
    }
  }
}
