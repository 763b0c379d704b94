package dev.ferry.connector;

import java.util.Set;

/** A distribution group of the target, with the ids of its members. */
public record AccountGroup(String id, String name, Set<String> memberIds) {

}
