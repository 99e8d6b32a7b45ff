package io.keyquorum.registry;

import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.registry.command.KeyState;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes a {@link RegistryState} through its canonical encoding, so replicas can compare states
 * by one value. Computed on demand (it is linear in the state), never on every apply.
 */
final class StateDigest {
  private StateDigest() {}

  static byte[] of(RegistryState s) {
    CanonicalWriter w = new CanonicalWriter();
    w.string("keyquorum/registry-state/v1").fixed(s.genesisAuthority().raw(), 32).u64(s.height());
    w.bool(s.governance().isPresent());
    s.governance().ifPresent(g -> g.genesis().writeTo(w));
    w.u32(s.clients().size());
    s.clients().values().forEach(c -> c.writeTo(w));
    w.u32(s.keys().size());
    s.keys().values().forEach(k -> {
      w.string(k.keyId()).string(k.alias()).string(k.createdBy()).u8(k.state().code())
          .u8(k.stateBeforeDeletion().map(KeyState::code).orElse(0)).u64(k.deletionDateMillis()).u64(k.changedAtHeight());
      w.u32(k.versions().size());
      k.versions().values().forEach(v -> {
        w.u64(v.version()).u64(v.dealtAtHeight());
        v.deal().writeTo(w);
        w.strings(v.acks()).stringMap(v.complaints());
      });
    });
    w.u32(s.policies().size());
    s.policies().values().forEach(p -> w.string(p.keyId()).u64(p.version()).string(p.document()).u64(p.changedAtHeight()));
    w.u32(s.sequences().size());
    s.sequences().forEach((author, seq) -> w.string(author).u64(seq));
    w.u32(s.auditAnchors().size());
    s.auditAnchors().values().forEach(a -> w.string(a.attestorId()).u64(a.seq()).bytes(a.hash().toByteArray())
        .u64(a.anchoredAtHeight()).bytes(a.signedCommand().toByteArray()));
    try {
      return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }
}
