package io.keyquorum.orchestrator.flow;

import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.SignedAttestation;

/** A verified allowing attestation: the signed bytes as received and what they say. */
public record Approval(String attestorId, SignedAttestation signed, Attestation attestation) {}
