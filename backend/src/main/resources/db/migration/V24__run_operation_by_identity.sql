-- What became of one person's operations (a SCIM deactivation waiting for its outcome, docs/scim.md) is
-- read by person, not by scanning every run of the organisation.
create index run_operation_by_identity on run_operation (identity_id, id);
