package io.keyquorum.kms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the header form ({@code Authorization: AWS4-HMAC-SHA256 ...}), as
 * the AWS SDKs and CLI send it: the canonical request over method, path, query, the signed
 * headers and the SHA-256 of the body we actually received, and an HMAC chain keyed by the
 * secret over date, region and service. Signatures are compared in constant time.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String SERVICE = "kms";
  /** AWS's own tolerance: a signature older or newer than this is refused, which bounds replay. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Headers that must be signed: the host and date bind the signature to this endpoint and time,
   * and the target names the operation, which the body hash alone does not cover.
   */
  private static final Set<String> REQUIRED_SIGNED = Set.of("host", "x-amz-date", "x-amz-target");

  /** A request as received: header names lower-case, each with its values in order. */
  public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    public Request {
      headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }
  }

  /** Who signed: the access key id whose secret produced a valid signature. */
  public record Verified(String accessKeyId, String region) {}

  private final Set<String> regions;
  private final Function<String, Optional<byte[]>> secrets;

  /** {@code secrets}: access key id to its secret access key (UTF-8), or empty when unknown. */
  public SigV4(Set<String> regions, Function<String, Optional<byte[]>> secrets) {
    this.regions = Set.copyOf(regions);
    this.secrets = secrets;
  }

  public Verified verify(Request request, Instant now) {
    String authorization = request.header("authorization")
        .orElseThrow(() -> KmsError.unrecognizedClient("the request is not signed (no Authorization header)"));
    if (request.header("x-amz-security-token").isPresent()) {
      throw KmsError.unrecognizedClient("session tokens are not issued by this endpoint; use an access key from its credentials file");
    }
    Authorization auth = Authorization.parse(authorization);
    byte[] secret = secrets.apply(auth.accessKeyId())
        .orElseThrow(() -> KmsError.unrecognizedClient("the security token included in the request is invalid"));
    String amzDate = request.header("x-amz-date")
        .orElseThrow(() -> KmsError.invalidSignature("X-Amz-Date is required"));
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw KmsError.invalidSignature("X-Amz-Date is not yyyyMMddTHHmmssZ");
    }
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      throw KmsError.invalidSignature("Signature expired: " + amzDate + " is more than 5 minutes from the server's time "
          + AMZ_DATE.format(now));
    }
    if (!auth.date().equals(amzDate.substring(0, 8))) {
      throw KmsError.invalidSignature("credential scope date " + auth.date() + " does not match X-Amz-Date " + amzDate);
    }
    if (!regions.contains(auth.region())) {
      throw KmsError.invalidSignature("credential scope names region " + auth.region() + "; this endpoint serves "
          + new java.util.TreeSet<>(regions));
    }
    if (!auth.service().equals(SERVICE) || !auth.terminator().equals("aws4_request")) {
      throw KmsError.invalidSignature("credential scope must end /" + SERVICE + "/aws4_request");
    }
    for (String required : REQUIRED_SIGNED) {
      if (!auth.signedHeaders().contains(required)) {
        throw KmsError.invalidSignature("header " + required + " must be signed");
      }
    }
    String bodyHash = hex(sha256(request.body()));
    Optional<String> claimed = request.header("x-amz-content-sha256");
    if (claimed.isPresent() && !claimed.get().equals(bodyHash)) {
      throw KmsError.invalidSignature("x-amz-content-sha256 does not match the body");
    }
    byte[] expected = signature(request, auth.signedHeaders(), amzDate, auth.scope(), secret, bodyHash);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(auth.signature());
    } catch (IllegalArgumentException e) {
      throw KmsError.invalidSignature("the signature is not hex");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw KmsError.invalidSignature("The request signature we calculated does not match the signature you provided.");
    }
    return new Verified(auth.accessKeyId(), auth.region());
  }

  /**
   * The Authorization header value for {@code request} signed at {@code amzDate}: what an AWS SDK
   * would send. The endpoint itself only verifies; tests use this to build requests by hand.
   */
  public static String authorization(Request request, List<String> signedHeaders, String accessKeyId, byte[] secret,
      String region, String amzDate) {
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + SERVICE + "/aws4_request";
    byte[] sig = signature(request, signedHeaders, amzDate, scope, secret, hex(sha256(request.body())));
    return ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + String.join(";", signedHeaders)
        + ", Signature=" + hex(sig);
  }

  private static byte[] signature(Request request, List<String> signedHeaders, String amzDate, String scope, byte[] secret,
      String bodyHash) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method()).append('\n').append(canonicalPath(request.path())).append('\n')
        .append(canonicalQuery(request.query())).append('\n');
    for (String name : signedHeaders) {
      String value = request.header(name)
          .orElseThrow(() -> KmsError.invalidSignature("signed header " + name + " is missing"));
      canonical.append(name).append(':').append(value.strip().replaceAll(" +", " ")).append('\n');
    }
    canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(bodyHash);
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    String[] parts = scope.split("/");
    byte[] key = hmac(concat("AWS4".getBytes(StandardCharsets.UTF_8), secret), parts[0]);
    key = hmac(key, parts[1]);
    key = hmac(key, parts[2]);
    key = hmac(key, parts[3]);
    return hmac(key, toSign);
  }

  /** The KMS endpoint serves only {@code POST /}; anything else is encoded as AWS does (RFC 3986). */
  private static String canonicalPath(String path) {
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static String canonicalQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    StringBuilder b = new StringBuilder();
    sorted.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return b.toString();
  }

  private record Authorization(String accessKeyId, String date, String region, String service, String terminator,
      List<String> signedHeaders, String signature) {
    String scope() {
      return date + "/" + region + "/" + service + "/" + terminator;
    }

    static Authorization parse(String header) {
      if (!header.startsWith(ALGORITHM + " ")) {
        throw KmsError.invalidSignature("only " + ALGORITHM + " is accepted");
      }
      Map<String, String> fields = new TreeMap<>();
      for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
      }
      String credential = fields.get("Credential");
      String signed = fields.get("SignedHeaders");
      String signature = fields.get("Signature");
      if (credential == null || signed == null || signature == null) {
        throw KmsError.invalidSignature("Authorization needs Credential, SignedHeaders and Signature");
      }
      String[] scope = credential.split("/");
      if (scope.length != 5) {
        throw KmsError.invalidSignature("Credential must be ACCESS_KEY/DATE/REGION/SERVICE/aws4_request");
      }
      List<String> headers = List.of(signed.toLowerCase(Locale.ROOT).split(";"));
      return new Authorization(scope[0], scope[1], scope[2], scope[3], scope[4], headers, signature);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
