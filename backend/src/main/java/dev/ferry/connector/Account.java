package dev.ferry.connector;

import java.util.Map;

/**
 * A user of the target (ShareFile) as Ferry reads it.
 *
 * @param attributes the target's attributes by their API names ({@code FirstName},
 * {@code LastName}, {@code Company}, {@code Email}, ...), as mappings compute them
 */
public record Account(String id, String email, boolean employee, boolean disabled, Map<String, Object> attributes) {

}
