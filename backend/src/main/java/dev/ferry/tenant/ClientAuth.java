package dev.ferry.tenant;

/**
 * How Ferry proves itself at an organisation's token endpoint (docs/oidc.md, "Client
 * authentication").
 */
public enum ClientAuth {

	/** The client secret, sent as the provider lists (HTTP Basic or form post). */
	SECRET,

	/** An assertion signed with a key pair Ferry generated (private_key_jwt). */
	PRIVATE_KEY_JWT

}
