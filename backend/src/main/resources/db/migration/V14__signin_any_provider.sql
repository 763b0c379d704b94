-- Sign-in with any OpenID Provider (docs/oidc.md): the claim that carries a person's groups
-- is named per organisation, and whether the last sign-in carried it is kept so the sign-in
-- settings page can say when the provider sends none.
alter table tenant add column groups_claim varchar(100) not null default 'groups';
alter table tenant add column groups_claim_seen boolean;

-- who added an e-mail domain and when: a domain is added only by an owner whose own e-mail,
-- verified by the organisation's provider, is at that domain (or by the first owner's sign-in)
alter table tenant_email_domain add column added_by varchar(320);
alter table tenant_email_domain add column added_at timestamptz;
