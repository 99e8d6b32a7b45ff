package io.keyquorum.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyResult;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * GenerateDataKey, GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt, ReEncrypt, GenerateRandom.
 * Every key operation goes through the SDK with orchestrator delivery (never client delivery, which
 * attestors judge as a release of the key). The CiphertextBlob is the keyquorum blob itself, which
 * names its key and version, so Decrypt needs no KeyId.
 */
final class DataOperations {
  /** Keyquorum's data keys are 256-bit AES keys; AWS's AES_256 or NumberOfBytes 32. */
  static final int DATA_KEY_BYTES = 32;
  static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DataOperations() {}

  static void register(Map<String, Operation> ops) {
    ops.put("GenerateDataKey", c -> generateDataKey(c, true));
    ops.put("GenerateDataKeyWithoutPlaintext", c -> generateDataKey(c, false));
    ops.put("Encrypt", DataOperations::encrypt);
    ops.put("Decrypt", DataOperations::decrypt);
    ops.put("ReEncrypt", DataOperations::reEncrypt);
    ops.put("GenerateRandom", DataOperations::generateRandom);
  }

  private static ObjectNode generateDataKey(Call c, boolean withPlaintext) {
    c.refuse("Recipient", "DryRun");
    String ref = KeyIds.reference(c.required("KeyId"), c.account());
    var spec = c.string("KeySpec");
    var bytes = c.integer("NumberOfBytes");
    if (spec.isPresent() == bytes.isPresent()) {
      throw KmsError.validation("Please specify either number of bytes or key spec.");
    }
    if (spec.isPresent() && !spec.get().equals("AES_256")) {
      throw KmsError.validation(spec.get().equals("AES_128")
          ? "keyquorum data keys are 256-bit: KeySpec AES_128 is not supported, use AES_256"
          : "KeySpec must be AES_256 or AES_128, got " + spec.get());
    }
    if (bytes.isPresent() && (bytes.get() < 1 || bytes.get() > 1024)) {
      throw KmsError.validation("NumberOfBytes must be between 1 and 1024");
    }
    if (bytes.isPresent() && bytes.get() != DATA_KEY_BYTES) {
      throw KmsError.validation("keyquorum data keys are 32 bytes: NumberOfBytes " + bytes.get() + " is not supported");
    }
    try (KeyResult r = c.caller().client().generateDataKey(ref, c.context("EncryptionContext"))) {
      ObjectNode out = c.output();
      out.put("CiphertextBlob", r.blobOrThrow());
      if (withPlaintext) {
        out.put("Plaintext", base64(r.secretOrThrow()));
      }
      out.put("KeyId", c.arn(r.keyId()));
      return out;
    }
  }

  private static ObjectNode encrypt(Call c) {
    c.refuse("DryRun");
    algorithm(c, "EncryptionAlgorithm");
    String ref = KeyIds.reference(c.required("KeyId"), c.account());
    byte[] plaintext = c.blob("Plaintext");
    try {
      if (plaintext.length < 1 || plaintext.length > CiphertextBlob.MAX_PLAINTEXT) {
        throw KmsError.validation("Plaintext must be 1 to " + CiphertextBlob.MAX_PLAINTEXT + " bytes");
      }
      try (KeyResult r = c.caller().client().encrypt(ref, plaintext, c.context("EncryptionContext"))) {
        ObjectNode out = c.output();
        out.put("CiphertextBlob", r.blobOrThrow());
        out.put("KeyId", c.arn(r.keyId()));
        out.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return out;
      }
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static ObjectNode decrypt(Call c) {
    c.refuse("Recipient", "DryRun");
    algorithm(c, "EncryptionAlgorithm");
    byte[] blob = c.blob("CiphertextBlob");
    checkNamedKey(c, "KeyId", blob);
    try (KeyResult r = c.caller().client().decrypt(blob, c.context("EncryptionContext"))) {
      ObjectNode out = c.output();
      out.put("KeyId", c.arn(r.keyId()));
      out.put("Plaintext", base64(r.secretOrThrow()));
      out.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
      return out;
    }
  }

  /**
   * Decrypt under the source key, then Encrypt under the destination: two requests, each judged by
   * its own key's attestors (decrypt on the source, encrypt on the destination). The plaintext
   * passes through this process only, and is zero-filled.
   */
  private static ObjectNode reEncrypt(Call c) {
    c.refuse("DryRun");
    algorithm(c, "SourceEncryptionAlgorithm");
    algorithm(c, "DestinationEncryptionAlgorithm");
    byte[] blob = c.blob("CiphertextBlob");
    checkNamedKey(c, "SourceKeyId", blob);
    String destination = KeyIds.reference(c.required("DestinationKeyId"), c.account());
    try (KeyResult source = c.caller().client().decrypt(blob, c.context("SourceEncryptionContext"))) {
      byte[] plaintext = source.secretOrThrow().toByteArray(SecretAccess.INSTANCE);
      try (KeyResult dest = c.caller().client().encrypt(destination, plaintext, c.context("DestinationEncryptionContext"))) {
        ObjectNode out = c.output();
        out.put("CiphertextBlob", dest.blobOrThrow());
        out.put("SourceKeyId", c.arn(source.keyId()));
        out.put("KeyId", c.arn(dest.keyId()));
        out.put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT);
        out.put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return out;
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /** Local randomness: no key is involved, so there is nothing for attestors to judge. */
  private static ObjectNode generateRandom(Call c) {
    c.refuse("Recipient", "CustomKeyStoreId");
    int n = c.integer("NumberOfBytes")
        .orElseThrow(() -> KmsError.validation("NumberOfBytes is required by this endpoint"));
    if (n < 1 || n > 1024) {
      throw KmsError.validation("NumberOfBytes must be between 1 and 1024");
    }
    byte[] random = new byte[n];
    RANDOM.nextBytes(random);
    ObjectNode out = c.output();
    out.put("Plaintext", random);
    Arrays.fill(random, (byte) 0);
    return out;
  }

  /** A named key must be the key the blob was made under (AWS's IncorrectKeyException). */
  private static void checkNamedKey(Call c, String member, byte[] blob) {
    if (c.string(member).isEmpty()) {
      return;
    }
    String blobKey;
    try {
      blobKey = CiphertextBlob.decode(blob).keyId();
    } catch (InvalidCiphertextException e) {
      throw new KmsError("InvalidCiphertextException", 400, e.getMessage());
    }
    String named = c.key(member).keyId();
    if (!named.equals(blobKey)) {
      throw new KmsError("IncorrectKeyException", 400,
          "The key ID in the request does not identify a CMK that can perform this operation.");
    }
  }

  private static void algorithm(Call c, String member) {
    c.string(member).filter(a -> !a.equals(SYMMETRIC_DEFAULT)).ifPresent(a -> {
      throw new KmsError("InvalidKeyUsageException", 400, "keyquorum keys are symmetric: " + member + " must be "
          + SYMMETRIC_DEFAULT + ", got " + a);
    });
  }

  /**
   * The secret as base64. The copy read out is zero-filled; the base64 string itself cannot be
   * (Java strings are immutable), which is why the agent deployment keeps it on one host.
   */
  private static String base64(SecretBytes secret) {
    byte[] raw = secret.toByteArray(SecretAccess.INSTANCE);
    try {
      return Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

}
