package dev.ferry.provisioning;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.ferry.audit.Refusals;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimOAuthClients;
import dev.ferry.connection.ScimTokens;
import dev.ferry.system.TenantContext;
import dev.ferry.system.TenantTags;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * The one gate in front of the machine endpoints ({@link MachineEndpoint}): Okta's event
 * hook and password import inline hook, and the SCIM service. For each request it finds
 * the organisation by the slug in the URL (unknown: 404), reads the body up to the
 * endpoint's cap (more: 413), checks the organisation's hook secret or SCIM bearer token
 * — both compared in constant time — and, when they are wrong, records the refusal and
 * throttles a caller refused too often ({@link Refusals}: 401, then 429). Only then does
 * the request go on, as the organisation ({@link TenantContext}, and a
 * {@link MachineCaller} as its authentication), carrying the body already read, to a
 * controller that only does its job.
 *
 * <p>
 * The event hook keeps its order and its time limit: the body is capped before anything
 * is looked up, and the lookup and the secret check run within the delivery's deadline
 * ({@link HookDeliveries}), so the hook answers in time while the database is slow or
 * down.
 *
 * <p>
 * Refusals are answered through Spring MVC ({@link Refused.Answers}), exactly as the
 * controllers answered them before this gate existed.
 */
final class MachineGate extends OncePerRequestFilter {

	private final Tenants tenants;

	private final Connections connections;

	private final ScimTokens tokens;

	private final ScimOAuthClients oauthClients;

	private final Refusals refusals;

	private final HookDeliveries deliveries;

	private final HandlerExceptionResolver answers;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	MachineGate(Tenants tenants, Connections connections, ScimTokens tokens, ScimOAuthClients oauthClients,
			Refusals refusals, HookDeliveries deliveries, HandlerExceptionResolver answers) {
		this.oauthClients = oauthClients;
		this.tenants = tenants;
		this.connections = connections;
		this.tokens = tokens;
		this.refusals = refusals;
		this.deliveries = deliveries;
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MachineEndpoint.Call call = MachineEndpoint.of(request).orElse(null);
		if (call == null) {
			// Okta's verification GET (echoing a challenge needs no secret) and paths
			// nothing serves
			chain.doFilter(request, response);
			return;
		}
		Admitted admitted;
		try {
			admitted = (call.endpoint() == MachineEndpoint.EVENT_HOOK) ? admitDelivery(call, request)
					: admit(call, request);
		}
		catch (Refused refused) {
			if (answers.resolveException(request, response, null, refused) == null) {
				// not expected: Refused.Answers is always there
				response.setStatus(refused.answer().getStatusCode().value());
			}
			return;
		}
		SecurityContext context = contexts.createEmptyContext();
		context.setAuthentication(new PreAuthenticatedAuthenticationToken(
				new MachineCaller(admitted.tenant(), call.slug(), call.endpoint()), null, List.of()));
		contexts.setContext(context);
		TenantContext.set(admitted.tenant());
		try (TenantTags.LogScope logs = TenantTags.inLogs(call.slug())) {
			chain.doFilter(new WithBody(request, admitted.body()), response);
		}
		finally {
			TenantContext.clear();
			contexts.clearContext();
		}
	}

	/** The inline hook and SCIM: organisation, body, credential. */
	private Admitted admit(MachineEndpoint.Call call, HttpServletRequest request) throws IOException {
		Tenant tenant = tenant(call);
		byte[] body = body(call.endpoint(), request);
		if (call.endpoint() == MachineEndpoint.SCIM_TOKEN) {
			TenantContext.run(tenant.id(), () -> authenticateClient(tenant.id(), request, body));
		}
		else {
			TenantContext.run(tenant.id(), () -> authenticate(call.endpoint(), tenant.id(), request));
		}
		return new Admitted(tenant.id(), body);
	}

	/**
	 * The event hook: body first (no database needed to refuse an oversized delivery),
	 * then organisation and secret within the delivery's deadline, which the controller
	 * then works to.
	 */
	private Admitted admitDelivery(MachineEndpoint.Call call, HttpServletRequest request) throws IOException {
		if (call.slug().length() > MachineEndpoint.MAX_SLUG_LENGTH) {
			throw new Refused(call.endpoint().notFound());
		}
		byte[] body = body(call.endpoint(), request);
		long deadline = HookDeliveries.deadlineFromNow();
		request.setAttribute(HookDeliveries.DEADLINE, deadline);
		UUID tenant = deliveries.within(deadline, call.slug(), () -> {
			UUID id = tenant(call).id();
			TenantContext.run(id, () -> authenticate(call.endpoint(), id, request));
			return id;
		});
		return new Admitted(tenant, body);
	}

	private Tenant tenant(MachineEndpoint.Call call) {
		if (call.slug().length() > MachineEndpoint.MAX_SLUG_LENGTH) {
			throw new Refused(call.endpoint().notFound());
		}
		return tenants.bySlug(call.slug()).orElseThrow(() -> new Refused(call.endpoint().notFound()));
	}

	/** The body, up to the endpoint's cap; refused 413 beyond it. */
	private static byte[] body(MachineEndpoint endpoint, HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > endpoint.maxBodyBytes()) {
			throw new Refused(endpoint.tooLarge());
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(endpoint.maxBodyBytes() + 1);
		}
		if (body.length > endpoint.maxBodyBytes()) {
			throw new Refused(endpoint.tooLarge());
		}
		return body;
	}

	/**
	 * The organisation's hook secret or SCIM token, or a recorded refusal. Only callers
	 * without it are ever throttled: Okta's own calls always get through.
	 */
	private void authenticate(MachineEndpoint endpoint, UUID tenant, HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean authorized = (endpoint == MachineEndpoint.SCIM) ? tokens.authorized(authorization)
				: connections.hookAuthorized(authorization);
		if (!authorized) {
			refuse(endpoint, tenant, request, authorization);
		}
	}

	/**
	 * The token endpoint's client, by HTTP Basic or by the form's {@code client_id} and
	 * {@code client_secret}; the controller finds its id in a request attribute.
	 */
	private void authenticateClient(UUID tenant, HttpServletRequest request, byte[] body) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		TokenRequest token = TokenRequest.parse(body, authorization);
		UUID client = token.twoMethods() ? null
				: oauthClients.authenticate(token.clientId(), token.clientSecret()).orElse(null);
		if (client == null) {
			refuse(MachineEndpoint.SCIM_TOKEN, tenant, request, authorization);
		}
		// the endpoint answers from what was read here: the body is not parsed twice
		request.setAttribute(ScimTokenController.CLIENT, client);
		request.setAttribute(ScimTokenController.GRANT, token.grantType());
	}

	private void refuse(MachineEndpoint endpoint, UUID tenant, HttpServletRequest request, String authorization) {
		if (refusals.throttled(tenant, endpoint.source())) {
			throw new Refused(endpoint.throttled(refusals.retryAfterSeconds()));
		}
		refusals.refused(endpoint.source(), endpoint.refusal(tenant, request, authorization));
		throw new Refused(endpoint.unauthorized());
	}

	private record Admitted(UUID tenant, byte[] body) {
	}

	/**
	 * The request as the controllers see it: with the body the gate read, and read as
	 * JSON whatever type it declares, as the endpoints always have (Okta's clients are
	 * not all careful about {@code Content-Type}).
	 */
	static final class WithBody extends HttpServletRequestWrapper {

		private final byte[] body;

		private final String contentType;

		WithBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
			this.contentType = json(request.getContentType());
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] bytes, int offset, int length) {
					return in.read(bytes, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body has been read already");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public String getContentType() {
			return contentType;
		}

		@Override
		public String getHeader(String name) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return contentType;
			}
			if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				return Integer.toString(body.length);
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				return Collections.enumeration(List.of(getHeader(name)));
			}
			return super.getHeaders(name);
		}

		/** The declared type when it is JSON, else JSON. */
		private static String json(String declared) {
			try {
				MediaType type = declared == null ? null : MediaType.parseMediaType(declared);
				if (type != null && "application".equals(type.getType())
						&& ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"))) {
					return declared;
				}
			}
			catch (InvalidMediaTypeException ex) {
				// read as JSON, as before
			}
			return MediaType.APPLICATION_JSON_VALUE;
		}

	}

}
