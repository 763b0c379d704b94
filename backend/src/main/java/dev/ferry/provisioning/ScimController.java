package dev.ferry.provisioning;

import java.net.URI;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.connection.ScimTokens;
import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.scim.ScimDirectoryGroups;
import dev.ferry.provisioning.internal.scim.ScimDirectoryUsers;
import dev.ferry.provisioning.internal.scim.ScimDiscovery;
import dev.ferry.provisioning.internal.scim.ScimProtocol;
import dev.ferry.provisioning.internal.scim.ScimUsers;
import dev.ferry.provisioning.internal.scim.ScimUsers.Reply;
import dev.ferry.scim.ScimSourceConnector;

/**
 * Ferry's SCIM 2.0 endpoint, one base URL per organisation ({@code /scim/v2/{slug}}), run
 * as the caller's organisation once {@link MachineGate} has checked its bearer token
 * (Connections page); every answer, a refusal too, is SCIM JSON. What {@code /Users} is
 * depends on the organisation's identity source:
 * <ul>
 * <li>SCIM push: the full Users resource of Ferry's SCIM directory
 * ({@link ScimDirectoryUsers}), from which the engine provisions;</li>
 * <li>an API source (Okta): password sync only ({@link ScimUsers}), so that with "Sync
 * Password" on Okta sends people's passwords and Ferry sets them in the target.</li>
 * </ul>
 */
@RestController
@RequestMapping("/scim/v2/{slug}")
class ScimController {

	private static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

	private final ScimUsers passwords;

	private final ScimDirectoryUsers directory;

	private final ScimDirectoryGroups groups;

	private final TenantConnectors connectors;

	private final ScimTokens tokens;

	private final JsonMapper json;

	ScimController(ScimUsers passwords, ScimDirectoryUsers directory, ScimDirectoryGroups groups,
			TenantConnectors connectors, ScimTokens tokens, JsonMapper json) {
		this.passwords = passwords;
		this.directory = directory;
		this.groups = groups;
		this.connectors = connectors;
		this.tokens = tokens;
		this.json = json;
	}

	@GetMapping("/Users")
	ResponseEntity<Object> list(@PathVariable String slug, @RequestParam(required = false) String filter,
			@RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) {
		if (tooLong(filter)) {
			return answer(FILTER_TOO_LONG);
		}
		return scimSource()
				? answer(
						directory.list(tokens.baseUrl(slug), filter, startIndex, count, attributes, excludedAttributes))
				: answer(passwords.list(filter, startIndex, count));
	}

	@GetMapping("/Users/{id}")
	ResponseEntity<Object> get(@PathVariable String slug, @PathVariable String id,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) {
		return scimSource() ? answer(directory.get(tokens.baseUrl(slug), id, attributes, excludedAttributes))
				: answer(passwords.get(id));
	}

	@PostMapping("/Users")
	ResponseEntity<Object> create(@PathVariable String slug, @RequestBody(required = false) String body) {
		return scimSource() ? answer(directory.create(tokens.baseUrl(slug), body))
				: answer(passwords.create(read(body, ScimUsers.User.class, ScimUsers.User.NONE)));
	}

	@PutMapping("/Users/{id}")
	ResponseEntity<Object> replace(@PathVariable String slug, @PathVariable String id,
			@RequestBody(required = false) String body) {
		return scimSource() ? answer(directory.replace(tokens.baseUrl(slug), id, body))
				: answer(passwords.replace(id, read(body, ScimUsers.User.class, ScimUsers.User.NONE)));
	}

	@PatchMapping("/Users/{id}")
	ResponseEntity<Object> patch(@PathVariable String slug, @PathVariable String id,
			@RequestBody(required = false) String body) {
		return scimSource() ? answer(directory.patch(tokens.baseUrl(slug), id, body))
				: answer(passwords.patch(id, read(body, ScimUsers.PatchOp.class, ScimUsers.PatchOp.NONE)));
	}

	@DeleteMapping("/Users/{id}")
	ResponseEntity<Object> delete(@PathVariable String slug, @PathVariable String id) {
		return scimSource() ? answer(directory.delete(tokens.baseUrl(slug), id)) : answer(Reply.error(501,
				"This organisation's people come from its identity provider's API: Ferry receives only passwords "
						+ "here, and nobody is deleted through SCIM."));
	}

	@GetMapping("/Groups")
	ResponseEntity<Object> groups(@PathVariable String slug, @RequestParam(required = false) String filter,
			@RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) {
		if (tooLong(filter)) {
			return answer(FILTER_TOO_LONG);
		}
		return scimSource()
				? answer(groups.list(tokens.baseUrl(slug), filter, startIndex, count, attributes, excludedAttributes))
				: notFromScim();
	}

	@GetMapping("/Groups/{id}")
	ResponseEntity<Object> group(@PathVariable String slug, @PathVariable String id,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) {
		return scimSource() ? answer(groups.get(tokens.baseUrl(slug), id, attributes, excludedAttributes))
				: notFromScim();
	}

	@PostMapping("/Groups")
	ResponseEntity<Object> createGroup(@PathVariable String slug, @RequestBody(required = false) String body) {
		return scimSource() ? answer(groups.create(tokens.baseUrl(slug), body)) : notFromScim();
	}

	@PutMapping("/Groups/{id}")
	ResponseEntity<Object> replaceGroup(@PathVariable String slug, @PathVariable String id,
			@RequestBody(required = false) String body) {
		return scimSource() ? answer(groups.replace(tokens.baseUrl(slug), id, body)) : notFromScim();
	}

	@PatchMapping("/Groups/{id}")
	ResponseEntity<Object> patchGroup(@PathVariable String slug, @PathVariable String id,
			@RequestBody(required = false) String body) {
		return scimSource() ? answer(groups.patch(tokens.baseUrl(slug), id, body)) : notFromScim();
	}

	@DeleteMapping("/Groups/{id}")
	ResponseEntity<Object> deleteGroup(@PathVariable String id) {
		return scimSource() ? answer(groups.delete(id)) : notFromScim();
	}

	/** Groups of an organisation whose source is an API come from that API, not SCIM. */
	private static ResponseEntity<Object> notFromScim() {
		return answer(Reply.error(501, "This organisation's groups come from its identity provider's API: Ferry "
				+ "reads them there, and receives none through SCIM."));
	}

	@GetMapping("/ServiceProviderConfig")
	ResponseEntity<Object> serviceProviderConfig(@PathVariable String slug) {
		return scim(HttpStatus.OK, ScimDiscovery.serviceProviderConfig(tokens.baseUrl(slug)));
	}

	@GetMapping("/ResourceTypes")
	ResponseEntity<Object> resourceTypes(@PathVariable String slug) {
		return scim(HttpStatus.OK, ScimDiscovery.resourceTypes(tokens.baseUrl(slug)));
	}

	@GetMapping("/Schemas")
	ResponseEntity<Object> schemas(@PathVariable String slug) {
		return scim(HttpStatus.OK, ScimDiscovery.schemas(tokens.baseUrl(slug)));
	}

	/** Anything else under the base URL: a SCIM 404, never Spring's error page. */
	@RequestMapping("/**")
	ResponseEntity<Object> unknown() {
		return answer(Reply.error(404, "Ferry serves no such SCIM resource."));
	}

	/** TenantConnectors: the source or the target is not connected yet. */
	@ExceptionHandler
	ResponseEntity<Object> notConnected(IllegalStateException ex) {
		return answer(Reply.error(503, ex.getMessage()));
	}

	/**
	 * The identity source or the target could not be read; SCIM clients retry a failed
	 * request later.
	 */
	@ExceptionHandler
	ResponseEntity<Object> unavailable(ConnectorException ex) {
		return answer(Reply.error(503, "A connected system could not be reached (" + ex.kind() + "); try again."));
	}

	private static final Reply FILTER_TOO_LONG = Reply.error(400, "invalidFilter",
			"The filter is longer than " + ScimUsers.MAX_FILTER_LENGTH + " characters.");

	/** Filters are bounded before any parsing (RFC 7644 sets no limit). */
	private static boolean tooLong(String filter) {
		return filter != null && filter.length() > ScimUsers.MAX_FILTER_LENGTH;
	}

	private boolean scimSource() {
		return ScimSourceConnector.KIND.equals(connectors.sourceKind());
	}

	/** Binds a password-sync body; an unreadable one is answered 400 by the handler. */
	private <T> T read(String body, Class<T> type, T none) {
		if (body == null || body.isBlank()) {
			return none;
		}
		try {
			return json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new NotJson();
		}
	}

	@ExceptionHandler
	ResponseEntity<Object> unreadable(NotJson ex) {
		return answer(Reply.error(400, "invalidSyntax", "The body is not JSON."));
	}

	/** A reply as SCIM JSON; also the gate's refusals. */
	static ResponseEntity<Object> answer(Reply reply) {
		return ResponseEntity.status(reply.status()).contentType(SCIM_JSON).body(reply.body());
	}

	private static ResponseEntity<Object> answer(ScimProtocol.Answer answer) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(answer.status());
		if (answer.location() != null) {
			builder.location(URI.create(answer.location()));
		}
		return answer.body() == null ? builder.build() : builder.contentType(SCIM_JSON).body(answer.body());
	}

	private static ResponseEntity<Object> scim(HttpStatus status, Object body) {
		return ResponseEntity.status(status).contentType(SCIM_JSON).body(body);
	}

	/** A password-sync body that is not JSON. */
	private static final class NotJson extends RuntimeException {

	}

}
