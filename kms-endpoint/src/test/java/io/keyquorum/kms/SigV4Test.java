package io.keyquorum.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigV4Test {
  static final String KEY = "AKIAKQTEST";
  static final byte[] SECRET = "test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  static final List<String> SIGNED = List.of("content-type", "host", "x-amz-date", "x-amz-target");
  final SigV4 verifier = new SigV4(Set.of("us-east-1"), k -> k.equals(KEY) ? Optional.of(SECRET.clone()) : Optional.empty());

  static SigV4.Request request(String body, Instant at, String region, List<String> signed, String accessKey,
      byte[] secret) {
    String amzDate = SigV4.AMZ_DATE.format(at);
    Map<String, List<String>> headers = new HashMap<>(Map.of("host", List.of("127.0.0.1:4599"), "x-amz-date",
        List.of(amzDate), "x-amz-target", List.of("TrentService.ListKeys"), "content-type",
        List.of(KmsEndpoint.CONTENT_TYPE)));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.put("authorization", List.of(SigV4.authorization(new SigV4.Request("POST", "/", null, headers, bytes),
        signed, accessKey, secret, region, amzDate)));
    return new SigV4.Request("POST", "/", null, headers, bytes);
  }

  static SigV4.Request request(String body, Instant at) {
    return request(body, at, "us-east-1", SIGNED, KEY, SECRET);
  }

  String refusal(SigV4.Request r) {
    return catchThrowableOfType(KmsError.class, () -> verifier.verify(r, NOW)).type();
  }

  @Test
  void correctlySignedRequest_verifiesAsItsAccessKey() {
    assertThat(verifier.verify(request("{}", NOW.minusSeconds(60)), NOW))
        .isEqualTo(new SigV4.Verified(KEY, "us-east-1"));
  }

  @Test
  void tamperedBody_isInvalidSignature() {
    SigV4.Request signed = request("{\"Limit\":1}", NOW);
    SigV4.Request tampered = new SigV4.Request("POST", "/", null, signed.headers(),
        "{\"Limit\":2}".getBytes(StandardCharsets.UTF_8));
    assertThat(refusal(tampered)).isEqualTo("InvalidSignatureException");
  }

  @Test
  void changedTarget_isInvalidSignature() {
    SigV4.Request signed = request("{}", NOW);
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("x-amz-target", List.of("TrentService.DisableKey"));
    assertThat(refusal(new SigV4.Request("POST", "/", null, headers, signed.body()))).isEqualTo("InvalidSignatureException");
  }

  @Test
  void wrongSecret_isInvalidSignature_andUnknownKey_isUnrecognizedClient() {
    assertThat(refusal(request("{}", NOW, "us-east-1", SIGNED, KEY, "another-secret-012345".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("InvalidSignatureException");
    assertThat(refusal(request("{}", NOW, "us-east-1", SIGNED, "AKIANOBODY", SECRET)))
        .isEqualTo("UnrecognizedClientException");
  }

  @Test
  void dateMoreThanFiveMinutesOff_isRefusedEitherWay() {
    assertThat(refusal(request("{}", NOW.minus(Duration.ofMinutes(5)).minusSeconds(1)))).isEqualTo("InvalidSignatureException");
    assertThat(refusal(request("{}", NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)))).isEqualTo("InvalidSignatureException");
    verifier.verify(request("{}", NOW.minus(Duration.ofMinutes(4))), NOW);
  }

  @Test
  void regionNotServed_andUnsignedTarget_areRefused() {
    assertThat(refusal(request("{}", NOW, "eu-west-3", SIGNED, KEY, SECRET))).isEqualTo("InvalidSignatureException");
    assertThat(refusal(request("{}", NOW, "us-east-1", List.of("host", "x-amz-date"), KEY, SECRET)))
        .isEqualTo("InvalidSignatureException");
  }

  @Test
  void unsignedRequest_isUnrecognizedClient() {
    SigV4.Request signed = request("{}", NOW);
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.remove("authorization");
    assertThat(refusal(new SigV4.Request("POST", "/", null, headers, signed.body()))).isEqualTo("UnrecognizedClientException");
  }
}
