package io.keyquorum.registry.command;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.encoding.MalformedEncodingException;

/**
 * Every registry command type: its one-byte wire tag, the domain tag its signature is made under
 * (so a signature for one command type can never be replayed as another) and the only role
 * allowed to author it.
 */
public enum CommandType {
  GENESIS(1, "genesis", AuthorRole.GENESIS_AUTHORITY),
  REGISTER_CLIENT(2, "register-client", AuthorRole.ADMIN),
  UPDATE_CLIENT(3, "update-client", AuthorRole.ADMIN),
  CREATE_KEY(4, "create-key", AuthorRole.ORCHESTRATOR),
  SHARE_RECEIPT(5, "share-receipt", AuthorRole.ATTESTOR),
  UPDATE_POLICY(6, "update-policy", AuthorRole.ADMIN),
  SET_KEY_STATE(7, "set-key-state", AuthorRole.ADMIN),
  ROTATE_KEY(8, "rotate-key", AuthorRole.ORCHESTRATOR),
  ANCHOR_AUDIT_HEAD(9, "anchor-audit-head", AuthorRole.ATTESTOR);

  private final int tag;
  private final DomainTag domain;
  private final AuthorRole author;

  CommandType(int tag, String name, AuthorRole author) {
    this.tag = tag;
    this.domain = new DomainTag("keyquorum/registry/" + name + "/v2");
    this.author = author;
  }

  public int tag() {
    return tag;
  }

  public DomainTag domain() {
    return domain;
  }

  public AuthorRole author() {
    return author;
  }

  public static CommandType fromTag(int tag) {
    for (CommandType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    throw new MalformedEncodingException("command type: unknown tag " + tag);
  }
}
