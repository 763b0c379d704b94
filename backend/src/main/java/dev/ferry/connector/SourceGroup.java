package dev.ferry.connector;

/** A group of the identity source (Okta). */
public record SourceGroup(String id, String name) {

}
