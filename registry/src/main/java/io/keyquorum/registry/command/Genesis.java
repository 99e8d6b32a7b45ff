package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The first command of a network: its attestors, admins, the orchestrator (the dealer) and f.
 * Requires n ≥ 3f + 1 attestors (DESIGN §6) and at least one admin; every id is distinct across
 * roles so an audit line's author is never ambiguous.
 */
public record Genesis(CommandHeader header, int f, List<AttestorInfo> attestors, List<AdminInfo> admins,
    OrchestratorInfo orchestrator) implements Command {
  public static final int MAX_ADMINS = 32;

  public Genesis {
    Objects.requireNonNull(header, "header");
    if (!header.genesis().isNone()) {
      throw new IllegalArgumentException("the genesis command cannot name a genesis hash (it would contain its own)");
    }
    attestors = List.copyOf(Objects.requireNonNull(attestors, "attestors"));
    admins = List.copyOf(Objects.requireNonNull(admins, "admins"));
    Objects.requireNonNull(orchestrator, "orchestrator");
    if (f < 0) {
      throw new IllegalArgumentException("f must be >= 0, got " + f);
    }
    if (attestors.size() > Fields.MAX_ATTESTORS || attestors.size() < 3L * f + 1) {
      throw new IllegalArgumentException("genesis needs 3f+1 = " + (3L * f + 1) + ".." + Fields.MAX_ATTESTORS
          + " attestors, got " + attestors.size());
    }
    if (admins.isEmpty() || admins.size() > MAX_ADMINS) {
      throw new IllegalArgumentException("genesis needs 1.." + MAX_ADMINS + " admins, got " + admins.size());
    }
    Set<String> ids = new HashSet<>();
    attestors.forEach(a -> requireFresh(ids, a.id()));
    admins.forEach(a -> requireFresh(ids, a.id()));
    requireFresh(ids, orchestrator.id());
  }

  private static void requireFresh(Set<String> seen, String id) {
    if (!seen.add(id)) {
      throw new IllegalArgumentException("genesis names \"" + id + "\" twice");
    }
  }

  @Override
  public CommandType type() {
    return CommandType.GENESIS;
  }

  @Override
  public void writeTo(CanonicalWriter w) {
    header.writeTo(w);
    w.u32(f).u32(attestors.size());
    attestors.forEach(a -> a.writeTo(w));
    w.u32(admins.size());
    admins.forEach(a -> a.writeTo(w));
    orchestrator.writeTo(w);
  }

  static Genesis readFrom(CanonicalReader r) {
    CommandHeader header = CommandHeader.readFrom(r);
    long f = r.u32("f");
    int n = r.count("attestors", Fields.MAX_ATTESTORS);
    List<AttestorInfo> attestors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      attestors.add(AttestorInfo.readFrom(r));
    }
    int m = r.count("admins", MAX_ADMINS);
    List<AdminInfo> admins = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      admins.add(AdminInfo.readFrom(r));
    }
    return new Genesis(header, (int) Math.min(f, Integer.MAX_VALUE), attestors, admins, OrchestratorInfo.readFrom(r));
  }
}
