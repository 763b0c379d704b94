package dev.ferry.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.connection.ScimOAuthClients;

/**
 * The token endpoint of an organisation's SCIM service for identity providers that use
 * the OAuth 2.0 client credentials grant (RFC 6749 §4.4; docs/scim.md, "Credentials").
 * {@link MachineGate} has found the organisation, read the request ({@link TokenRequest})
 * and authenticated the client before this runs; here the grant is checked and a bearer
 * token for {@code /scim/v2/{slug}} issued.
 */
@RestController
class ScimTokenController {

	/** Where the gate leaves the authenticated client's id. */
	static final String CLIENT = ScimTokenController.class.getName() + ".client";

	/** Where the gate leaves the request's {@code grant_type}, read with the client. */
	static final String GRANT = ScimTokenController.class.getName() + ".grant";

	private final ScimOAuthClients clients;

	ScimTokenController(ScimOAuthClients clients) {
		this.clients = clients;
	}

	@PostMapping("/scim/oauth/{slug}/token")
	ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
		Object grantType = request.getAttribute(GRANT);
		if (grantType == null) {
			return error(400, "invalid_request", "grant_type is required, once.");
		}
		if (!"client_credentials".equals(grantType)) {
			return error(400, "unsupported_grant_type", "Only the client_credentials grant is offered.");
		}
		ScimOAuthClients.AccessToken issued = clients.issue((UUID) request.getAttribute(CLIENT));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", issued.value());
		body.put("token_type", "Bearer");
		body.put("expires_in", issued.expiresInSeconds());
		return noStore(ResponseEntity.ok()).body(body);
	}

	/** An error as RFC 6749 §5.2 shapes it. */
	static ResponseEntity<Map<String, Object>> error(int status, String code, String description) {
		ResponseEntity.BodyBuilder answer = noStore(ResponseEntity.status(status));
		if (status == 401) {
			answer.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ferry-scim\"");
		}
		return answer.body(Map.of("error", code, "error_description", description));
	}

	/** Token responses must not be cached (§5.1). */
	private static ResponseEntity.BodyBuilder noStore(ResponseEntity.BodyBuilder answer) {
		return answer.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache");
	}

}
