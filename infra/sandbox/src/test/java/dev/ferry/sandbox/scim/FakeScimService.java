package dev.ferry.sandbox.scim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small SCIM 2.0 service for the sandbox's client tests: it keeps users and groups,
 * answers the requests Okta and Entra ID send (userName and displayName {@code eq}
 * filters, paging, POST, GET, PUT, the PATCH operations those clients use, DELETE), and
 * records every request with its headers and body so a test can check the shapes.
 */
public final class FakeScimService implements AutoCloseable {

	public record Request(String method, String path, String query, String userAgent, String authorization,
			String contentType, JsonNode body) {

		public String pathAndQuery() {
			return query == null ? path : path + "?" + query;
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern EQ = Pattern.compile("(\\w+) eq \"(.*)\"", Pattern.CASE_INSENSITIVE);

	private static final Pattern MEMBER_FILTER = Pattern.compile("members\\[value eq \"(.*)\"\\]");

	private final HttpServer server;

	private final Map<String, ObjectNode> users = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> groups = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	public FakeScimService() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		server.createContext("/scim/v2", this::handle);
		server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	public void clearRequests() {
		requests.clear();
	}

	public Map<String, ObjectNode> users() {
		return users;
	}

	public Map<String, ObjectNode> groups() {
		return groups;
	}

	public ObjectNode userNamed(String userName) {
		return users.values()
			.stream()
			.filter(user -> user.path("userName").asString("").equalsIgnoreCase(userName))
			.findFirst()
			.orElse(null);
	}

	public ObjectNode groupNamed(String displayName) {
		return groups.values()
			.stream()
			.filter(group -> group.path("displayName").asString("").equals(displayName))
			.findFirst()
			.orElse(null);
	}

	/** A user that exists before the client comes (for matching). */
	public String seedUser(String userName) {
		String id = UUID.randomUUID().toString();
		ObjectNode user = JSON.createObjectNode();
		user.put("id", id);
		user.put("userName", userName);
		user.put("active", true);
		users.put(id, user);
		return id;
	}

	public static List<String> memberIds(JsonNode group) {
		List<String> ids = new ArrayList<>();
		group.path("members").forEach(member -> ids.add(member.path("value").asString()));
		ids.sort(null);
		return ids;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath().substring("/scim/v2".length());
		String query = exchange.getRequestURI().getRawQuery();
		String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		JsonNode body = raw.isBlank() ? null : JSON.readTree(raw);
		requests.add(new Request(method, path, query == null ? null : URLDecoder.decode(query, StandardCharsets.UTF_8),
				exchange.getRequestHeaders().getFirst("User-Agent"),
				exchange.getRequestHeaders().getFirst("Authorization"),
				exchange.getRequestHeaders().getFirst("Content-Type"), body));
		String[] parts = path.split("/");
		Map<String, ObjectNode> store = parts.length > 1 && "Groups".equals(parts[1]) ? groups : users;
		String id = parts.length > 2 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : null;
		try {
			if (id == null && "GET".equals(method)) {
				reply(exchange, 200, list(store, query));
			}
			else if (id == null && "POST".equals(method)) {
				create(exchange, store, (ObjectNode) body);
			}
			else if (!store.containsKey(id)) {
				reply(exchange, 404, error(404, "Resource " + id + " not found"));
			}
			else if ("GET".equals(method)) {
				reply(exchange, 200, store.get(id));
			}
			else if ("PUT".equals(method)) {
				ObjectNode replaced = ((ObjectNode) body).deepCopy();
				replaced.remove("password");
				replaced.put("id", id);
				store.put(id, replaced);
				reply(exchange, 200, replaced);
			}
			else if ("PATCH".equals(method)) {
				ObjectNode target = store.get(id);
				synchronized (target) {
					body.path("Operations").forEach(operation -> apply(target, operation));
				}
				reply(exchange, 200, target);
			}
			else if ("DELETE".equals(method)) {
				store.remove(id);
				reply(exchange, 204, null);
			}
			else {
				reply(exchange, 405, error(405, method));
			}
		}
		catch (RuntimeException ex) {
			reply(exchange, 400, error(400, ex.toString()));
		}
	}

	private void create(HttpExchange exchange, Map<String, ObjectNode> store, ObjectNode body) throws IOException {
		String key = store == users ? "userName" : "displayName";
		String value = body.path(key).asString("");
		boolean taken = store.values().stream().anyMatch(r -> r.path(key).asString("").equalsIgnoreCase(value));
		if (taken) {
			reply(exchange, 409, error(409, key + " already exists"));
			return;
		}
		ObjectNode created = body.deepCopy();
		created.remove("password");
		String id = UUID.randomUUID().toString();
		created.put("id", id);
		store.put(id, created);
		reply(exchange, 201, created);
	}

	private ObjectNode list(Map<String, ObjectNode> store, String rawQuery) {
		Map<String, String> params = new java.util.HashMap<>();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		List<ObjectNode> all = new ArrayList<>(store.values());
		all.sort(java.util.Comparator.comparing(r -> r.path("id").asString()));
		String filter = params.get("filter");
		if (filter != null) {
			Matcher matcher = EQ.matcher(filter);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("unsupported filter " + filter);
			}
			String attribute = matcher.group(1);
			String value = matcher.group(2).toLowerCase(Locale.ROOT);
			all.removeIf(r -> !r.path(attribute).asString("").toLowerCase(Locale.ROOT).equals(value));
		}
		int start = Integer.parseInt(params.getOrDefault("startIndex", "1"));
		int count = Integer.parseInt(params.getOrDefault("count", "100"));
		List<ObjectNode> page = all.subList(Math.min(all.size(), start - 1), Math.min(all.size(), start - 1 + count));
		ObjectNode list = JSON.createObjectNode();
		list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		list.put("totalResults", all.size());
		list.put("startIndex", start);
		list.put("itemsPerPage", page.size());
		ArrayNode resources = list.putArray("Resources");
		page.forEach(resource -> {
			ObjectNode copy = resource.deepCopy();
			if ("members".equals(params.get("excludedAttributes"))) {
				copy.remove("members");
			}
			resources.add(copy);
		});
		return list;
	}

	private static void apply(ObjectNode target, JsonNode operation) {
		String op = operation.path("op").asString().toLowerCase(Locale.ROOT);
		String path = operation.path("path").asString(null);
		JsonNode value = operation.get("value");
		if (path == null) {
			value.properties().forEach(field -> {
				if (!"id".equals(field.getKey()) && !"password".equals(field.getKey())) {
					target.set(field.getKey(), field.getValue());
				}
			});
			return;
		}
		Matcher member = MEMBER_FILTER.matcher(path);
		if ("remove".equals(op) && member.matches()) {
			removeMembers(target, List.of(member.group(1)));
		}
		else if ("remove".equals(op) && "members".equals(path)) {
			List<String> ids = new ArrayList<>();
			value.forEach(v -> ids.add(v.path("value").asString()));
			removeMembers(target, ids);
		}
		else if ("add".equals(op) && "members".equals(path)) {
			ArrayNode members = target.has("members") && target.get("members").isArray()
					? (ArrayNode) target.get("members") : target.putArray("members");
			value.forEach(v -> {
				if (!memberIds(target).contains(v.path("value").asString())) {
					members.add(v);
				}
			});
		}
		else if ("active".equals(path) && value.isString()) {
			target.put("active", Boolean.parseBoolean(value.asString()));
		}
		else {
			target.set(path, value);
		}
	}

	private static void removeMembers(ObjectNode target, List<String> ids) {
		ArrayNode kept = JSON.createArrayNode();
		target.path("members").forEach(m -> {
			if (!ids.contains(m.path("value").asString())) {
				kept.add(m);
			}
		});
		target.set("members", kept);
	}

	private static ObjectNode error(int status, String detail) {
		ObjectNode error = JSON.createObjectNode();
		error.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
		error.put("status", Integer.toString(status));
		error.put("detail", detail);
		return error;
	}

	private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
			return;
		}
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/scim+json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
