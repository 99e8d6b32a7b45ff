package io.keyquorum.cli.attestor;

import com.google.protobuf.ByteString;
import io.keyquorum.attestor.audit.AnchoredHead;
import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.rpc.v1.AttestorSummary;
import io.keyquorum.rpc.v1.NetworkInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq audit verify --dir NODE_OR_DATA_DIR [--profile FILE]}: check an attestor's audit chain,
 * its latest signed head and, with the network, the head it anchored in the registry.
 *
 * <p>Why the network matters: the rows and the signed heads live in one file, so someone who can
 * edit it can cut both back together and leave a shorter chain that verifies. The anchored head
 * comes from the orchestrator's registry learner, signed by the attestor itself, and a chain that
 * no longer reaches it fails. Without the network that check cannot run, and the command says so
 * with its own exit code instead of reporting a pass.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify an attestor's hash-chained audit log, its signed head and the head it anchored in the registry.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the chain verifies, its signed head too, and it reaches the head anchored in the registry",
        "1:verification failed: the chain was altered or truncated (the first bad row is named), or the signing "
            + "key is missing, unreadable or not the attestor's",
        "2:no audit log there, or invalid command line",
        "3:the chain and signed head verify but the anchored head was NOT checked (no network): not a pass"})
public final class AuditVerifyCommand implements Callable<Integer> {
  /** Verification failed. */
  static final int TAMPERED = 1;
  /** The file verifies on its own; the registry's anchored head was not compared. */
  static final int ANCHORS_NOT_CHECKED = 3;

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR",
      description = "The attestor's node folder (with attestor.yaml, as kq dev and kq network init lay it out), "
          + "its data folder (with attestor.db), or its config file.")
  Path dir;

  @Option(names = "--signer-key", paramLabel = "HEX",
      description = "The node's Ed25519 public key. Default: the attestor's key from genesis when --profile is "
          + "given, else the key recorded in the database.")
  String signerKey;

  @Option(names = "--profile", paramLabel = "FILE", defaultValue = "${env:KEYQUORUM_PROFILE}",
      description = "Client profile JSON of the network (default: $KEYQUORUM_PROFILE): the anchored head and "
          + "the attestor's genesis key are read from it. Without it, anchors are not checked (exit 3).")
  Path profile;

  private PrintWriter out;
  private PrintWriter err;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    AuditTarget target;
    Optional<Ed25519PublicKey> given;
    try {
      target = AuditTarget.locate(dir);
      given = Optional.ofNullable(signerKey).map(h -> Ed25519PublicKey.of(HexFormat.of().parseHex(h.trim())));
    } catch (IllegalArgumentException e) {
      err.println("kq: audit verify: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    try {
      Optional<Ed25519PublicKey> stored;
      String storedProblem = null;
      try {
        stored = target.storedKey();
      } catch (IllegalArgumentException e) {
        stored = Optional.empty();
        storedProblem = "the signing key recorded in the database is unreadable: " + e.getMessage();
      }
      String networkProblem = "no network given (--profile or $KEYQUORUM_PROFILE)";
      if (profile != null && !profile.toString().isBlank()) {
        try {
          return online(target, given, stored, storedProblem, fetch(profile));
        } catch (KeyQuorumException | IOException | IllegalArgumentException e) {
          networkProblem = "the network could not be asked (" + e.getMessage() + ")";
        }
      }
      if (given.isEmpty() && storedProblem != null) {
        return failed(storedProblem);
      }
      AuditVerifier.Result r = AuditVerifier.verify(target.database(), given.isPresent() ? given : stored,
          Optional.empty());
      if (!r.ok()) {
        return failed(r);
      }
      out.println("audit: CHAIN INTACT, ANCHORS NOT CHECKED: " + r.message());
      printHead(r);
      err.println("warning: anchors not checked: " + networkProblem + ". Rows and signed heads cut back together "
          + "would pass this check; only the head anchored in the registry detects that. This is not a pass.");
      return ANCHORS_NOT_CHECKED;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("kq: audit verify: " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }

  private int online(AuditTarget target, Optional<Ed25519PublicKey> given, Optional<Ed25519PublicKey> stored,
      String storedProblem, NetworkInfo network) {
    Optional<Ed25519PublicKey> known = given.or(() -> stored);
    Optional<AttestorSummary> self = network.getAttestorsList().stream()
        .filter(a -> target.nodeId().map(id -> id.equals(a.getAttestorId()))
            .orElseGet(() -> known.map(k -> ByteString.copyFrom(k.raw()).equals(a.getSigningKey())).orElse(false)))
        .findFirst();
    if (self.isEmpty()) {
      return failed(target.nodeId().map(id -> "attestor " + id + " is not in network " + network.getNetworkId())
          .orElse("this database's signing key is not any attestor's in network " + network.getNetworkId()));
    }
    String id = self.get().getAttestorId();
    Ed25519PublicKey genesisKey = Ed25519PublicKey.of(self.get().getSigningKey().toByteArray());
    if (given.isPresent() && !given.get().equals(genesisKey)) {
      return failed("--signer-key is not " + id + "'s key in genesis");
    }
    if (storedProblem != null) {
      return failed(storedProblem);
    }
    if (stored.isPresent() && !stored.get().equals(genesisKey)) {
      return failed("the signing key recorded in the database is not " + id + "'s key in genesis (was it replaced?)");
    }
    Optional<AnchoredHead> anchor = Optional.empty();
    if (!self.get().getAuditAnchor().isEmpty()) {
      try {
        anchor = Optional.of(AnchoredHead.open(id, self.get().getAuditAnchor().toByteArray(),
            self.get().getAuditAnchorHeight(), genesisKey));
      } catch (IllegalArgumentException | SecurityException e) {
        return failed("the registry's anchored head for " + id + " does not verify: " + e.getMessage());
      }
    }
    AuditVerifier.Result r = AuditVerifier.verify(target.database(), Optional.of(genesisKey), anchor);
    if (!r.ok()) {
      return failed(r);
    }
    out.println("audit: OK: " + r.message());
    printHead(r);
    if (anchor.isEmpty()) {
      out.println("note: " + id + " has anchored no audit head in the registry yet; its rows are covered by the "
          + "chain and signed heads only");
    }
    return ExitCodes.OK;
  }

  private static NetworkInfo fetch(Path profileFile) throws IOException {
    try (KeyQuorumClient client = KeyQuorumClient.connect(ClientProfile.load(profileFile))) {
      return client.network();
    }
  }

  private int failed(AuditVerifier.Result r) {
    return failed(r.badRow() > 0 ? "at row " + r.badRow() + ": " + r.message() : r.message());
  }

  private int failed(String why) {
    err.println("audit: FAILED " + why);
    return TAMPERED;
  }

  private void printHead(AuditVerifier.Result r) {
    r.signedHead().ifPresent(h -> out.println("head: node " + h.nodeId() + ", row " + h.seq()
        + ", hash " + HexFormat.of().formatHex(h.hash()) + ", signed at " + java.time.Instant.ofEpochMilli(h.signedAtMillis())));
  }
}
