package io.keyquorum.rpc.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM (RFC 7468) for certificates and unencrypted PKCS#8 EC private keys.
 *
 * <p>Private key files are created owner-read/write only (0600) where the file system is POSIX,
 * and are replaced atomically so a reader never sees a half-written key. Decoded key bytes are
 * zero-filled once parsed.
 */
public final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----",
          Pattern.DOTALL);
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";

  private PemFiles() {}

  /** Encodes certificates as concatenated PEM blocks (leaf first for a chain). */
  public static String encodeCertificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        out.append(block(CERTIFICATE, certificate.getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
      }
    }
    return out.toString();
  }

  /**
   * Decodes every CERTIFICATE block in {@code pem}.
   *
   * @throws IllegalArgumentException if there is none or one does not parse
   */
  public static List<X509Certificate> decodeCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(pem, CERTIFICATE)) {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("PEM CERTIFICATE block is not a valid X.509 certificate", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no PEM CERTIFICATE block found");
    }
    return List.copyOf(certificates);
  }

  /** Encodes a private key as a PKCS#8 {@code PRIVATE KEY} block. */
  public static String encodePrivateKey(PrivateKey key) {
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("private key is not exportable as PKCS#8");
    }
    try {
      return block(PRIVATE_KEY, der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Decodes exactly one PKCS#8 EC {@code PRIVATE KEY} block.
   *
   * @throws IllegalArgumentException if there is not exactly one such block or it does not parse
   */
  public static PrivateKey decodePrivateKey(String pem) {
    List<byte[]> ders = blocks(pem, PRIVATE_KEY);
    if (ders.size() != 1) {
      ders.forEach(d -> Arrays.fill(d, (byte) 0));
      throw new IllegalArgumentException(
          "want exactly one PEM PRIVATE KEY block (PKCS#8), found " + ders.size());
    }
    byte[] der = ders.get(0);
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      // Do not chain the cause: some providers echo key bytes in their messages.
      throw new IllegalArgumentException("PEM PRIVATE KEY block is not a PKCS#8 EC key");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  public static void writeCertificates(Path file, List<X509Certificate> certificates)
      throws IOException {
    writeAtomically(file, encodeCertificates(certificates), false);
  }

  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return decodeCertificates(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** Reads a file that must hold exactly one certificate. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    List<X509Certificate> all = readCertificates(file);
    if (all.size() != 1) {
      throw new IllegalArgumentException(file + ": want one certificate, found " + all.size());
    }
    return all.get(0);
  }

  /** Writes the key as PKCS#8 PEM, mode 0600 where POSIX permissions exist. */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    writeAtomically(file, encodePrivateKey(key), true);
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
  }

  private static String block(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static List<byte[]> blocks(String pem, String wantedLabel) {
    if (pem == null) {
      throw new IllegalArgumentException("PEM text is null");
    }
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(wantedLabel)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("PEM " + wantedLabel + " block has invalid base64", e);
        }
      }
    }
    return out;
  }

  private static void writeAtomically(Path file, String content, boolean secret)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    // Create the temp file with its final mode so a secret is never readable, even briefly.
    Path tmp =
        posix
            ? Files.createTempFile(dir, ".pem-", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")))
            : Files.createTempFile(dir, ".pem-", ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
