-- Actors of audited events: a member, Ferry itself, an anonymous caller, or an identity source named
-- by its connector kind (OKTA, SCIM, ...): any source a connector module adds, not a fixed list.
alter table audit_event drop constraint audit_event_actor_type_check;
alter table audit_event add constraint audit_event_actor_type_check check (actor_type ~ '^[A-Z][A-Z0-9_]{0,11}$');
