package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.protocol.ShareRelease;

/** A share release whose attestor signature and fields (key, version, index, request) verified. */
public record VerifiedRelease(String attestorId, SignedEnvelope envelope, ShareRelease release) {}
