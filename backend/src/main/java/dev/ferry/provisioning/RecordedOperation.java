package dev.ferry.provisioning;

/** An operation of a run as stored: its diff (JSON) and what became of it. */
public record RecordedOperation(long id, String op, String identityId, String accountId, String label, String changes,
		OperationStatus status, String error) {

}
