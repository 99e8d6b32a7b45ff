package io.keyquorum.e2e.byzantine;

/** What a {@link ByzantineAttestor} does on the wire instead of (or on top of) the honest answer. */
enum Misbehaviour {
  /** Forwards to the real service; remembers its last attestation and release, for later replays. */
  HONEST,
  /** Releases a share that is not its Feldman-committed one, sealed and signed exactly as an honest release. */
  WRONG_SHARE,
  /** Turns the real service's denial into an allow, signed with the node's real identity key. */
  ALLOW_DESPITE_DENY,
  /** Answers every Attest at once with the signed attestation it made for an earlier request. */
  REPLAY_ATTESTATION,
  /** Answers Release with the signed release it made for an earlier request. */
  REPLAY_RELEASE,
  /** Answers Attest with a message of {@link ByzantineAttestor#OVERSIZED_BYTES}. */
  OVERSIZED_ATTESTATION,
  /** Attests honestly, then answers Release with a message of {@link ByzantineAttestor#OVERSIZED_BYTES}. */
  OVERSIZED_RELEASE
}
