package io.keyquorum.client;

/** A key's current policy document and its version, as the orchestrator's registry replica has it. */
public record KeyPolicy(String keyId, long version, String document) {}
