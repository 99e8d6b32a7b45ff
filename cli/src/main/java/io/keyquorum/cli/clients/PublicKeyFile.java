package io.keyquorum.cli.clients;

import io.keyquorum.cli.session.UsageException;
import io.keyquorum.crypto.Ed25519PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/** A client's Ed25519 public key file: the raw 32 bytes as 64 hex digits or as base64. */
final class PublicKeyFile {
  private PublicKeyFile() {}

  static Ed25519PublicKey read(Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UsageException("cannot read public key " + file + ": " + e.getMessage(), e);
    }
    byte[] raw;
    try {
      raw = text.length() == 2 * Ed25519PublicKey.LENGTH ? HexFormat.of().parseHex(text) : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("public key " + file + " is neither 64 hex digits nor base64 of 32 bytes", e);
    }
    if (raw.length != Ed25519PublicKey.LENGTH) {
      throw new UsageException("public key " + file + " must be 32 bytes (Ed25519), got " + raw.length);
    }
    return Ed25519PublicKey.of(raw);
  }
}
