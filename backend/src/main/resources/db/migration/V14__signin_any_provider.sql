-- Sign-in with any OpenID Provider (docs/oidc.md): the claim that carries a person's groups
-- is named per organisation, and whether the last sign-in carried it is kept so the sign-in
-- settings page can say when the provider sends none.
alter table tenant add column groups_claim varchar(100) not null default 'groups';
alter table tenant add column groups_claim_seen boolean;

-- who added an e-mail domain and when: a domain is added only by an owner whose own e-mail,
-- verified by the organisation's provider, is at that domain (or by the first owner's sign-in)
alter table tenant_email_domain add column added_by varchar(320);
alter table tenant_email_domain add column added_at timestamptz;

-- how Ferry authenticates at the provider's token endpoint: the client secret, or a key pair Ferry
-- generated (private_key_jwt; the private JWK sealed like every secret, the public half served at
-- /oidc/{slug}/jwks.json)
alter table tenant add column oidc_client_auth varchar(20) not null default 'SECRET';
alter table tenant add column oidc_signing_key text;
alter table tenant add column oidc_signing_key_id varchar(64);

-- the kind of provider chosen at sign-up (OKTA, OKTA_CUSTOM, ENTRA, GOOGLE, KEYCLOAK, OTHER): it
-- chooses the words and console directions shown, never how sign-in works
alter table tenant add column oidc_provider varchar(20) not null default 'OKTA';
