package dev.ferry.connector;

/**
 * One HTTP request a connector sent, as the target (the sandbox's request log) recorded
 * it.
 *
 * @param body the request body for writes, null for reads
 */
public record SentRequest(String method, String path, String query, int status, String body) {

}
