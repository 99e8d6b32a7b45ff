package io.keyquorum.orchestrator.admin;

/** The admin operations the orchestrator relays; each accepts exactly one kind of registry command. */
public enum AdminOperation {
  ENABLE_KEY,
  DISABLE_KEY,
  SCHEDULE_KEY_DELETION,
  CANCEL_KEY_DELETION,
  PUT_KEY_POLICY,
  REGISTER_CLIENT
}
