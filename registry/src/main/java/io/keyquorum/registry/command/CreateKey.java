package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.Objects;

/**
 * The dealer's publication of a new key's version 1 (DESIGN §6): one commit delivers every
 * attestor's sealed share durably. Authored by the orchestrator; authorized by the embedded
 * client request. The key becomes {@link KeyState#ENABLED} only after every attestor in the set
 * acknowledges its share.
 */
public record CreateKey(CommandHeader header, String keyId, String alias, KeyDeal deal, String policyDocument,
    ClientAuthorization authorization) implements Command {
  public static final int MAX_POLICY_BYTES = 64 * 1024;

  public CreateKey {
    Objects.requireNonNull(header, "header");
    Identifiers.requireId("key id", keyId);
    Identifiers.requireId("alias", alias);
    Objects.requireNonNull(deal, "deal");
    Identifiers.requireText("policy document", policyDocument, MAX_POLICY_BYTES);
    Objects.requireNonNull(authorization, "authorization");
  }

  @Override
  public CommandType type() {
    return CommandType.CREATE_KEY;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.string(keyId).string(alias);
    deal.writeTo(w);
    w.string(policyDocument);
    authorization.writeTo(w);
  }

  static CreateKey readFrom(CanonicalReader r) {
    CommandHeader header = CommandHeader.readFrom(r);
    String keyId = Fields.id(r, "key id");
    String alias = Fields.id(r, "alias");
    KeyDeal deal = KeyDeal.readFrom(r);
    String policy = r.string("policy document", MAX_POLICY_BYTES);
    return new CreateKey(header, keyId, alias, deal, policy, ClientAuthorization.readFrom(r));
  }
}
